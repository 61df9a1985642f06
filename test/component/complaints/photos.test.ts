import sharp from 'sharp';
import { useTestBot } from '../../support/bot';
import { clock } from '../../../src/shared/clock';
import { photoUrl, storeLinePhoto, storePhoto } from '../../../src/features/photos/photos.service';
import { AppError } from '../../../src/shared/errors';
import { phoneJpeg } from './helpers';

const bot = useTestBot();

/** The same link, on the test server instead of the configured public base. */
const local = (url: string) => `${bot.url}${new URL(url).pathname}${new URL(url).search}`;

describe('photos', () => {
  it('when a signed link is fetched, then the JPEG is served; a tampered, expired or other photo link is 403', async () => {
    const a = await storePhoto(await phoneJpeg());
    const b = await storePhoto(await phoneJpeg(40, 40));
    const url = local(photoUrl(a.fileId, 60));
    let res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect((await sharp(Buffer.from(await res.arrayBuffer())).metadata()).format).toBe('jpeg');
    res = await fetch(url.replace(a.fileId, b.fileId));
    expect(res.status).toBe(403);
    res = await fetch(url.replace(/sig=[^&]+/, 'sig=AAAA'));
    expect(res.status).toBe(403);
    res = await fetch(`${bot.url}/photos/${a.fileId}`);
    expect(res.status).toBe(403);
    clock.advance(61_000);
    res = await fetch(url);
    expect(res.status).toBe(403);
  });

  it('when a signed link names a photo that does not exist, then it is 404', async () => {
    const res = await fetch(local(photoUrl('0123456789abcdef01234567')));
    expect(res.status).toBe(404);
  });

  it('when a big PNG comes from LINE, then it is stored as a JPEG of at most 2048 px', async () => {
    const png = await sharp({ create: { width: 3000, height: 1000, channels: 3, background: '#123456' } }).png().toBuffer();
    bot.line.addContent(png, 'image/png', 'big-png');
    const ref = await storeLinePhoto('big-png');
    expect(ref.contentType).toBe('image/jpeg');
    const res = await fetch(local(photoUrl(ref.fileId)));
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 2048, 683]);
  });

  it('when the content is not an image, then it is refused as an unsupported type', async () => {
    bot.line.addContent(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/jpeg', 'svg');
    await expect(storeLinePhoto('svg')).rejects.toMatchObject({ kind: 'user_input', messageKey: 'photos.errors.unsupportedType' });
  });

  it('when the content is larger than 10 MB, then it is refused as too large', async () => {
    bot.line.addContent(Buffer.alloc(10 * 1024 * 1024 + 1, 1), 'image/jpeg', 'huge');
    await expect(storeLinePhoto('huge')).rejects.toMatchObject({ kind: 'user_input', messageKey: 'photos.errors.tooLarge', params: { mb: 10 } });
  });

  it('when LINE fails to serve the content, then it is an upstream error', async () => {
    const err = await storeLinePhoto('nothing-here').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ kind: 'upstream', messageKey: 'photos.errors.downloadFailed' });
  });
});

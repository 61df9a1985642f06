import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mongoose from 'mongoose';
import sharp from 'sharp';
import { loadConfig, type AppConfig } from '../../config';
import { LineApiError, lineClient } from '../../line/line-client';
import { clock } from '../../shared/clock';
import { AppError, userInput } from '../../shared/errors';
import { logger } from '../../shared/logger';

/** A stored photo: its GridFS id, type and size. */
export interface PhotoRef {
  fileId: string;
  contentType: string;
  bytes: number;
}

export const DEFAULT_BUCKET = 'photos';
/** LINE serves photos up to 10 MB; anything larger is refused before it fills memory. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** Photos are scaled down to this long side: enough to see a pothole, small enough for LINE. */
export const MAX_SIDE_PX = 2048;
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp']);
const DEFAULT_URL_TTL_SECONDS = 7 * 86_400;

function bucketOf(name: string): mongoose.mongo.GridFSBucket {
  const db = mongoose.connection.db;
  if (!db) throw new Error('photos: database not connected');
  return new mongoose.mongo.GridFSBucket(db, { bucketName: name });
}

/**
 * Makes a clean JPEG: the type is checked from the bytes themselves (never the sender's word),
 * the picture is turned upright from its EXIF orientation, scaled down, and written without any
 * metadata (EXIF can carry the sender's position and device).
 */
export async function sanitizePhoto(data: Buffer): Promise<Buffer> {
  let format: string | undefined;
  try {
    format = (await sharp(data, { limitInputPixels: 60_000_000 }).metadata()).format;
  } catch {
    throw userInput('photos.errors.unsupportedType');
  }
  if (!format || !ACCEPTED_FORMATS.has(format)) throw userInput('photos.errors.unsupportedType');
  try {
    return await sharp(data, { limitInputPixels: 60_000_000 })
      .rotate()
      .resize({ width: MAX_SIDE_PX, height: MAX_SIDE_PX, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer();
  } catch {
    throw userInput('photos.errors.unsupportedType');
  }
}

/** Stores an already clean JPEG in GridFS. */
export async function storeJpeg(jpeg: Buffer, opts: { bucket?: string; source?: string } = {}): Promise<PhotoRef> {
  const upload = bucketOf(opts.bucket ?? DEFAULT_BUCKET).openUploadStream(`${randomUUID()}.jpg`, { metadata: { contentType: 'image/jpeg', source: opts.source ?? 'upload' } });
  await pipeline(Readable.from([jpeg]), upload);
  return { fileId: upload.id.toHexString(), contentType: 'image/jpeg', bytes: jpeg.length };
}

/** Checks, cleans and stores a photo from any source (an upload, a test). */
export async function storePhoto(data: Buffer, opts: { bucket?: string; source?: string } = {}): Promise<PhotoRef> {
  if (data.length > MAX_PHOTO_BYTES) throw userInput('photos.errors.tooLarge', { mb: MAX_PHOTO_BYTES / 1024 / 1024 });
  return storeJpeg(await sanitizePhoto(data), opts);
}

/**
 * Downloads a photo a user sent to the OA (do it at once: LINE deletes content after a while),
 * checks it, strips its metadata and stores it. A photo we cannot use is a `user_input` error
 * (photos.errors.*); LINE failing is `upstream` (photos.errors.downloadFailed).
 */
export async function storeLinePhoto(messageId: string, opts: { bucket?: string } = {}): Promise<PhotoRef> {
  let data: Buffer;
  try {
    data = await lineClient().getMessageContent(messageId, MAX_PHOTO_BYTES);
  } catch (err) {
    if (err instanceof LineApiError && err.status === 413) throw userInput('photos.errors.tooLarge', { mb: MAX_PHOTO_BYTES / 1024 / 1024 });
    logger.warn({ status: err instanceof LineApiError ? err.status : undefined }, 'photo download failed');
    throw new AppError('upstream', 'photos.errors.downloadFailed', {}, { cause: err });
  }
  return storePhoto(data, { bucket: opts.bucket, source: 'line' });
}

const OBJECT_ID = /^[0-9a-f]{24}$/;

/** A stored photo's bytes and type, or null when there is no such photo. */
export async function readPhoto(fileId: string, bucket: string = DEFAULT_BUCKET): Promise<{ data: Buffer; contentType: string } | null> {
  if (typeof fileId !== 'string' || !OBJECT_ID.test(fileId)) return null;
  const id = new mongoose.Types.ObjectId(fileId);
  const store = bucketOf(bucket);
  const [file] = await store.find({ _id: id }).toArray();
  if (!file) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of store.openDownloadStream(id)) chunks.push(chunk as Buffer);
  const contentType = (file.metadata as { contentType?: string } | undefined)?.contentType ?? 'image/jpeg';
  return { data: Buffer.concat(chunks), contentType };
}

/** Deletes the photos an abandoned draft holds (a flow's onAbandon). */
export async function discardPhotos(photos: readonly Pick<PhotoRef, 'fileId'>[] | undefined, bucket: string = DEFAULT_BUCKET): Promise<void> {
  await Promise.all((photos ?? []).map((p) => deletePhoto(p.fileId, bucket)));
}

/** Deletes a stored photo (retention, or an abandoned draft); false when it was not there. */
export async function deletePhoto(fileId: string, bucket: string = DEFAULT_BUCKET): Promise<boolean> {
  if (!OBJECT_ID.test(fileId)) return false;
  try {
    await bucketOf(bucket).delete(new mongoose.Types.ObjectId(fileId));
    return true;
  } catch {
    return false;
  }
}

interface UrlSettings {
  base: string;
  keys: Buffer[];
}
let urlSettings: UrlSettings | undefined;

/** A signing key for photo links, derived from the data key so the data key itself never signs. */
function deriveKey(key: Buffer): Buffer {
  return createHmac('sha256', key).update('photo-url-v1').digest();
}

/** Sets where photo links point and how they are signed (called when the routes are built). */
export function configurePhotoUrls(config: AppConfig): void {
  urlSettings = {
    base: (config.publicBaseUrl ?? `http://localhost:${config.port}`).replace(/\/+$/, ''),
    keys: [config.encryptionKeys.current.key, ...config.encryptionKeys.previous.map((k) => k.key)].map(deriveKey),
  };
}

function settings(): UrlSettings {
  if (!urlSettings) configurePhotoUrls(loadConfig(process.env));
  return urlSettings as UrlSettings;
}

function signature(key: Buffer, fileId: string, exp: number): string {
  return createHmac('sha256', key).update(`${fileId}.${exp}`).digest('base64url');
}

/**
 * A link to one photo that works until it expires and for no other photo:
 * `${base}/photos/<id>?exp=<unix>&sig=<hmac>`. LINE and officers display photos through it.
 */
export function photoUrl(fileId: string, ttlSeconds: number = DEFAULT_URL_TTL_SECONDS): string {
  const s = settings();
  const exp = Math.floor(clock.nowMs() / 1000) + ttlSeconds;
  return `${s.base}/photos/${fileId}?exp=${exp}&sig=${signature(s.keys[0], fileId, exp)}`;
}

/** True when the link's signature is right (current or an older key) and it has not expired. */
export function verifyPhotoSignature(fileId: string, exp: string | undefined, sig: string | undefined): boolean {
  if (!exp || !sig || !/^\d{1,12}$/.test(exp)) return false;
  const expiry = Number(exp);
  if (expiry * 1000 < clock.nowMs()) return false;
  const given = Buffer.from(sig);
  return settings().keys.some((key) => {
    const expected = Buffer.from(signature(key, fileId, expiry));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

import { events } from '../../support/webhook';
import { flowAnswer } from '../../../src/conversation/engine';
import { ComplaintModel, type ComplaintDoc } from '../../../src/features/complaints/complaint.model';
import { configurePhotoUrls } from '../../../src/features/photos/photos.service';
import { encodePostback } from '../../../src/line/postback';
import type { FlexMessage } from '../../../src/line/types';
import { clock } from '../../../src/shared/clock';
import { A, CITIZEN, fileCase, jpeg, seedPublicWorksTeam, useOfficersBot } from './fixtures';

const bot = useOfficersBot({ PUBLIC_BASE_URL: 'https://oa.bansukjai.go.th' });
const idOf = (doc: ComplaintDoc) => doc._id.toHexString();
const fresh = async (doc: ComplaintDoc) => (await ComplaintModel.findById(doc._id).lean<ComplaintDoc>()) as ComplaintDoc;
const photoLink = (fileId: string) => expect.stringMatching(new RegExp(`^https://oa\\.bansukjai\\.go\\.th/photos/${fileId}\\?exp=\\d+&sig=[\\w-]+$`));

const image = (fileId: string) => ({ type: 'image', originalContentUrl: photoLink(fileId), previewImageUrl: photoLink(fileId) });

beforeAll(() => configurePhotoUrls(bot.config));
beforeEach(() => seedPublicWorksTeam());

/** A case A holds, with A's question waiting for the citizen. */
async function askedCase(): Promise<ComplaintDoc> {
  const doc = await fileCase(clock.now());
  await bot.send(events.postback(encodePostback('officers.accept', { c: idOf(doc) }), { userId: A }));
  await bot.send(events.postback(encodePostback('officers.ask', { c: idOf(doc) }), { userId: A }));
  await bot.send(events.text('ขอรูปหลุมอีกมุมหนึ่งครับ', { userId: A }));
  bot.clearCalls();
  return doc;
}

/** The citizen presses "answer" on the question and sends photos as one album, then "send". */
async function answerWithPhotos(doc: ComplaintDoc, count: number): Promise<void> {
  await bot.send(events.postback(encodePostback('complaints.answer', { id: idOf(doc) }), { userId: CITIZEN }));
  const album = await Promise.all(Array.from({ length: count }, async (_, i) => bot.line.addContent(await jpeg({ r: 20 * i, g: 90, b: 40 }), 'image/jpeg')));
  for (const [i, messageId] of album.entries()) await bot.send(events.image(messageId, { userId: CITIZEN, imageSet: { id: 'album-1', index: i + 1, total: count } }));
  await bot.send(events.postback(flowAnswer('complaints.answer', 'answer', 'send'), { userId: CITIZEN }));
}

describe("the citizen's photos reach the officer", () => {
  it('when the citizen answers with five photos, then the holder gets the text and the five photos as images, three with the text and two in a second push', async () => {
    const doc = await askedCase();
    await answerWithPhotos(doc, 5);
    const answer = (await fresh(doc)).history.at(-1);
    expect(answer).toMatchObject({ kind: 'answer' });
    const fileIds = answer?.photos.map((p) => p.fileId) ?? [];
    expect(fileIds).toHaveLength(5);
    const pushes = bot.line.callsOf('push').filter((c) => (c.body as { to: string }).to === A);
    expect(pushes).toHaveLength(2);
    const [first, second] = pushes.map((c) => (c.body as { messages: unknown[] }).messages);
    expect(first).toEqual([
      { type: 'text', text: `ผู้แจ้งส่งรูปเพิ่มเติมเรื่อง ${doc.number} แล้ว\nแนบรูป 5 รูป` },
      ...fileIds.slice(0, 3).map(image),
    ]);
    expect(second).toEqual(fileIds.slice(3).map(image));
  });

  it('when the officer opens the details, then every photo of the case and of its history is linked, with counts', async () => {
    const doc = await askedCase();
    await answerWithPhotos(doc, 2);
    const after = await fresh(doc);
    bot.clearCalls();
    await bot.send(events.postback(encodePostback('officers.detail', { c: idOf(doc) }), { userId: A }));
    const [card] = bot.repliesTo(A) as FlexMessage[];
    const body = JSON.stringify(card);
    expect(body).toContain('รูปจากผู้แจ้ง 1 รูป');
    expect(body).toContain(`/photos/${after.photos[0].fileId}?`);
    expect(body).toContain('ผู้แจ้งตอบ · รูป 2 รูป');
    for (const photo of after.history.at(-1)?.photos ?? []) expect(body).toContain(`/photos/${photo.fileId}?`);
    expect(body).toContain('"label":"รูปที่ 2"');
  });

  it('when the answer is text only, then the holder gets just the text', async () => {
    const doc = await askedCase();
    await bot.send(events.postback(encodePostback('complaints.answer', { id: idOf(doc) }), { userId: CITIZEN }));
    await bot.send(events.text('หลุมอยู่หน้าร้านข้าวมันไก่', { userId: CITIZEN }));
    expect(bot.pushesTo(A)).toEqual([{ type: 'text', text: `ผู้แจ้งตอบคำถามเรื่อง ${doc.number} แล้ว:\nหลุมอยู่หน้าร้านข้าวมันไก่` }]);
  });
});

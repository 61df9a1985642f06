import mongoose from 'mongoose';
import { events } from '../../support/webhook';
import { clock } from '../../../src/shared/clock';
import { ComplaintModel } from '../../../src/features/complaints/complaint.model';
import { SessionModel } from '../../../src/conversation/session.model';
import { SWEEP_GRACE_MS } from '../../../src/conversation/engine';
import { SWEEP_SESSIONS_JOB } from '../../../src/runtime';
import { answer, phoneJpeg, useComplaintsBot } from './helpers';

const bot = useComplaintsBot();
const U = 'U_abandon_1';
const MINUTE = 60_000;

const storedPhotos = () => mongoose.connection.db!.collection('photos.files').countDocuments();
const storedChunks = () => mongoose.connection.db!.collection('photos.chunks').countDocuments();

/** A street-light draft with two photos, left at the location step. */
async function draftWithPhotos(): Promise<void> {
  const jpeg = await phoneJpeg();
  bot.line.addContent(jpeg, 'image/jpeg', 'm-a1');
  bot.line.addContent(jpeg, 'image/jpeg', 'm-a2');
  await bot.send(events.text('แจ้งเรื่อง', { userId: U }));
  await bot.send(events.postback(answer('category', 'street-light'), { userId: U }));
  await bot.send(events.text('ไฟถนนซอย 3 ดับทั้งซอย มืดมาก', { userId: U }));
  await bot.send(events.image('m-a1', { userId: U }), events.image('m-a2', { userId: U }));
  await bot.send(events.postback(answer('photos', 'done'), { userId: U }));
  expect(await storedPhotos()).toBe(2);
  bot.clearCalls();
}

describe('photos of drafts nobody finished', () => {
  it('when the citizen walks away, then the sweep removes the photos and the answers but the citizen is still told it expired', async () => {
    await draftWithPhotos();
    clock.advance(30 * MINUTE + SWEEP_GRACE_MS - MINUTE);
    await bot.runtime.scheduler.runNow(SWEEP_SESSIONS_JOB);
    expect(await storedPhotos()).toBe(2);

    clock.advance(2 * MINUTE);
    await bot.runtime.scheduler.runNow(SWEEP_SESSIONS_JOB);
    expect(await storedPhotos()).toBe(0);
    expect(await storedChunks()).toBe(0);
    const session = await SessionModel.findOne({ userId: U }).lean();
    expect(session?.answers).toEqual({});
    expect(session?.sweptAt).toEqual(clock.now());

    await bot.send(events.location(18.79, 98.98, { userId: U }));
    expect(bot.textsTo(U)[0]).toContain('หมดเวลาแล้ว');
    expect(await ComplaintModel.countDocuments()).toBe(0);
  });

  it('when the citizen comes back after expiry before the sweep, then the photos go at once', async () => {
    await draftWithPhotos();
    clock.advance(31 * MINUTE);
    await bot.send(events.text('สวัสดี', { userId: U }));
    expect(bot.textsTo(U)[0]).toContain('หมดเวลาแล้ว');
    expect(await storedPhotos()).toBe(0);
  });

  it('when the citizen starts something else in the middle, then the draft photos go', async () => {
    await draftWithPhotos();
    await bot.send(events.text('แจ้งเรื่อง', { userId: U }));
    expect(await storedPhotos()).toBe(0);
    expect((await SessionModel.findOne({ userId: U }).lean())?.stepId).toBe('category');
  });

  it('when the citizen cancels, then the draft photos go', async () => {
    await draftWithPhotos();
    await bot.send(events.text('ยกเลิก', { userId: U }));
    expect(await storedPhotos()).toBe(0);
  });

  it('when the draft is finished, then the sweep leaves the filed photos alone', async () => {
    await draftWithPhotos();
    await bot.send(events.location(18.79, 98.98, { userId: U }));
    await bot.send(events.postback(answer('phone', 'skip'), { userId: U }));
    await bot.send(events.postback(answer('confirm', 'confirm'), { userId: U }));
    expect(await ComplaintModel.countDocuments()).toBe(1);
    clock.advance(24 * 60 * MINUTE);
    await bot.runtime.scheduler.runNow(SWEEP_SESSIONS_JOB);
    expect(await storedPhotos()).toBe(2);
  });

  it('when the citizen replaces the photos from the summary and files, then only the new photo is stored and it is on the case', async () => {
    await draftWithPhotos();
    await bot.send(events.location(18.79, 98.98, { userId: U }), events.postback(answer('phone', 'skip'), { userId: U }));
    await bot.send(events.postback(answer('confirm', 'edit'), { userId: U }), events.postback(answer('editWhat', 'photos'), { userId: U }));
    expect(await storedPhotos()).toBe(2); // set aside, not yet deleted: the citizen may still cancel
    bot.line.addContent(await phoneJpeg(), 'image/jpeg', 'm-new');
    await bot.send(events.image('m-new', { userId: U }), events.postback(answer('photos', 'done'), { userId: U }));
    await bot.send(events.postback(answer('confirm', 'confirm'), { userId: U }));
    const filed = await ComplaintModel.findOne().lean();
    expect(filed?.photos).toHaveLength(1);
    expect(await storedPhotos()).toBe(1);
    const [file] = await mongoose.connection.db!.collection('photos.files').find().toArray();
    expect(String(file._id)).toBe(filed?.photos[0].fileId);
  });

  it('when the citizen replaces the photos and then cancels, then the old and the new photos all go', async () => {
    await draftWithPhotos();
    await bot.send(events.location(18.79, 98.98, { userId: U }), events.postback(answer('phone', 'skip'), { userId: U }));
    await bot.send(events.postback(answer('confirm', 'edit'), { userId: U }), events.postback(answer('editWhat', 'photos'), { userId: U }));
    bot.line.addContent(await phoneJpeg(), 'image/jpeg', 'm-new');
    await bot.send(events.image('m-new', { userId: U }));
    expect(await storedPhotos()).toBe(3);
    await bot.send(events.text('ยกเลิก', { userId: U }));
    expect(await storedPhotos()).toBe(0);
  });

  it('when photos came before an urgent category was chosen, then the hotline is given and the photos go', async () => {
    bot.line.addContent(await phoneJpeg(), 'image/jpeg', 'm-fire');
    await bot.send(events.text('แจ้งเรื่อง', { userId: U }), events.image('m-fire', { userId: U }));
    expect(await storedPhotos()).toBe(1);
    await bot.send(events.postback(answer('category', 'fire'), { userId: U }));
    expect(bot.textsTo(U).at(-1)).toBe('ไฟไหม้: เหตุด่วน กรุณาโทร 199 ทันที');
    expect(await storedPhotos()).toBe(0);
    expect(await SessionModel.countDocuments({ userId: U })).toBe(0);
  });

  it('when the citizen keeps answering, then the renewed draft is not swept', async () => {
    await draftWithPhotos();
    clock.advance(25 * MINUTE);
    await bot.send(events.location(18.79, 98.98, { userId: U }));
    clock.advance(10 * MINUTE + SWEEP_GRACE_MS);
    await bot.runtime.scheduler.runNow(SWEEP_SESSIONS_JOB);
    expect(await storedPhotos()).toBe(2);
    expect((await SessionModel.findOne({ userId: U }).lean())?.stepId).toBe('phone');
  });
});

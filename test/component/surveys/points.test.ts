import { events } from '../../support/webhook';
import { clock } from '../../../src/shared/clock';
import { encodePostback } from '../../../src/line/postback';
import { CategoryModel } from '../../../src/features/complaints/category.model';
import { QueueServiceModel } from '../../../src/features/queue/service.model';
import { SurveyResponseModel } from '../../../src/features/surveys/survey-response.model';
import { pointMessageText } from '../../../src/features/surveys/point-text';
import { addOfficer, keyedUserHash, quickLabels, tap, useSurveyBot } from './survey-helpers';

// 23:30 in Bangkok, still 16:30 UTC on the same date.
const bot = useSurveyBot('2026-11-20T16:30:00Z');
const CITIZEN = 'U_citizen_point';
const ALREADY_TODAY = 'วันนี้ท่านได้ประเมินบริการนี้แล้ว ขอบคุณสำหรับความร่วมมือ';

async function addIdCardService(): Promise<void> {
  await QueueServiceModel.create({ code: 'id-card', prefix: 'B', departmentCode: 'registration', name: { th: 'บัตรประชาชน', en: 'ID cards' }, sortOrder: 200 });
}

async function rateEverything(userId: string, score = '5 มากที่สุด'): Promise<void> {
  for (let i = 0; i < 6; i += 1) await tap(bot, userId, i === 3 ? 'ไม่มี' : score);
}

describe('survey from the menu', () => {
  it('when the citizen types the menu word, then the offices that serve the public are offered by short name and the rating lands on the chosen one', async () => {
    await bot.send(events.text('ประเมินความพึงพอใจ', { userId: CITIZEN }));
    expect(bot.textsTo(CITIZEN).at(-1)).toBe('ท่านต้องการประเมินการให้บริการของหน่วยงานใด');
    // Legal affairs takes no complaints and runs no counter: it is not offered.
    expect(quickLabels(bot, CITIZEN)).toEqual(['งานทะเบียนราษฎร', 'กองช่าง', 'กองสาธารณสุขฯ', 'ยกเลิก']);

    await tap(bot, CITIZEN, 'กองช่าง');
    expect(bot.textsTo(CITIZEN).slice(-2)).toEqual(['ประเมินการให้บริการ: กองช่าง', expect.stringMatching(/^ข้อ 1 จาก 6: /)]);
    await rateEverything(CITIZEN);

    const response = await SurveyResponseModel.findOne().lean();
    expect(response).toMatchObject({
      subjectKey: `point:2026-11-20:public-works:-:${keyedUserHash(CITIZEN)}`,
      channel: 'menu',
      departmentCode: 'public-works',
      pointCode: 'public-works',
      status: 'completed',
      period: { day: '2026-11-20', month: '2026-11', half: '2570-H1' },
    });
    expect(response).not.toHaveProperty('serviceCode');
  });

  it('when the chosen department runs one counter service, then that service is rated at once', async () => {
    await bot.send(events.text('ประเมินความพึงพอใจ', { userId: CITIZEN }));
    await tap(bot, CITIZEN, 'งานทะเบียนราษฎร');
    expect(bot.textsTo(CITIZEN).slice(-2)).toEqual(['ประเมินการให้บริการ: ทะเบียนราษฎร', expect.stringMatching(/^ข้อ 1 จาก 6: /)]);
    await tap(bot, CITIZEN, '4 มาก');
    expect(await SurveyResponseModel.findOne().lean()).toMatchObject({ channel: 'menu', departmentCode: 'registration', serviceCode: 'civil-registration', pointCode: 'civil-registration' });
  });

  it('when the chosen department runs several counter services, then its services are offered, and its other work when it also takes complaints', async () => {
    await addIdCardService();
    await bot.send(events.text('ประเมินความพึงพอใจ', { userId: CITIZEN }));
    await tap(bot, CITIZEN, 'งานทะเบียนราษฎร');
    expect(bot.textsTo(CITIZEN).at(-1)).toBe('ท่านต้องการประเมินบริการใดของงานทะเบียนราษฎร');
    expect(quickLabels(bot, CITIZEN)).toEqual(['ทะเบียนราษฎร', 'บัตรประชาชน', 'ยกเลิก']);
    await tap(bot, CITIZEN, 'บัตรประชาชน');
    await tap(bot, CITIZEN, '5 มากที่สุด');
    expect(await SurveyResponseModel.findOne().lean()).toMatchObject({ departmentCode: 'registration', serviceCode: 'id-card', pointCode: 'id-card' });

    await CategoryModel.create({ code: 'registration-complaint', name: { th: 'งานทะเบียน', en: 'Registration' }, departmentCode: 'registration' });
    await bot.send(events.text('ประเมินความพึงพอใจ', { userId: 'U_other' }));
    await tap(bot, 'U_other', 'งานทะเบียนราษฎร');
    expect(quickLabels(bot, 'U_other')).toEqual(['ทะเบียนราษฎร', 'บัตรประชาชน', 'งานอื่นของหน่วยงาน', 'ยกเลิก']);
    await tap(bot, 'U_other', 'งานอื่นของหน่วยงาน');
    expect(bot.textsTo('U_other').slice(-2)).toEqual(['ประเมินการให้บริการ: งานทะเบียนราษฎร', expect.stringMatching(/^ข้อ 1 จาก 6: /)]);
  });

  it('when the rich menu button is pressed, then the same picker appears', async () => {
    await bot.send(events.postback(encodePostback('surveys.menu'), { userId: CITIZEN }));
    expect(bot.textsTo(CITIZEN).at(-1)).toBe('ท่านต้องการประเมินการให้บริการของหน่วยงานใด');
  });

  it('when the citizen rates the same department twice on one Bangkok day, then the second is refused; the next day it is allowed', async () => {
    await bot.send(events.postback(encodePostback('surveys.point', { p: 'public-works' }), { userId: CITIZEN }));
    await rateEverything(CITIZEN);

    await bot.send(events.postback(encodePostback('surveys.point', { p: 'public-works' }), { userId: CITIZEN }));
    expect(bot.textsTo(CITIZEN).at(-1)).toBe(ALREADY_TODAY);
    expect(await SurveyResponseModel.countDocuments()).toBe(1);

    // 00:30 in Bangkok the next day, though still 20 Nov in UTC.
    clock.advance(60 * 60_000);
    await bot.send(events.postback(encodePostback('surveys.point', { p: 'public-works' }), { userId: CITIZEN }));
    expect(bot.textsTo(CITIZEN).at(-1)).toMatch(/^ข้อ 1 จาก 6: /);
    await tap(bot, CITIZEN, '4 มาก');
    const keys = (await SurveyResponseModel.find().lean()).map((r) => r.subjectKey.split(':')[1]).sort();
    expect(keys).toEqual(['2026-11-20', '2026-11-21']);
  });

  it('when another citizen rates the same department the same day, then both count', async () => {
    await bot.send(events.postback(encodePostback('surveys.point', { p: 'public-works' }), { userId: CITIZEN }));
    await tap(bot, CITIZEN, '5 มากที่สุด');
    await bot.send(events.postback(encodePostback('surveys.point', { p: 'public-works' }), { userId: 'U_other' }));
    await tap(bot, 'U_other', '4 มาก');
    expect(await SurveyResponseModel.countDocuments({ pointCode: 'public-works' })).toBe(2);
  });
});

describe('survey from a counter QR code', () => {
  it('when the QR text names a counter, then the rating lands on that counter with its service, department and officer', async () => {
    const officer = await addOfficer('U_officer_reg', 'นายสมชาย', 'registration', { serviceCode: 'civil-registration', counterNo: 1 });
    await bot.send(events.text(pointMessageText('civil-registration-1'), { userId: CITIZEN }));
    expect(bot.textsTo(CITIZEN).slice(-2)).toEqual(['ประเมินการให้บริการ: ทะเบียนราษฎร ช่องบริการ 1', expect.stringMatching(/^ข้อ 1 จาก 6: /)]);
    await rateEverything(CITIZEN, '4 มาก');
    expect(await SurveyResponseModel.findOne().lean()).toMatchObject({
      channel: 'qr',
      pointCode: 'civil-registration-1',
      serviceCode: 'civil-registration',
      departmentCode: 'registration',
      officerId: String(officer._id),
      status: 'completed',
    });

    expect((await SurveyResponseModel.findOne().lean())?.subjectKey).toBe(`point:2026-11-20:registration:civil-registration:${keyedUserHash(CITIZEN)}`);
  });

  it('when the citizen has rated one counter, then the same day they cannot rate it again, another counter, the whole service or the whole department; another department is fine', async () => {
    await bot.send(events.text(pointMessageText('civil-registration-1'), { userId: CITIZEN }));
    await rateEverything(CITIZEN);
    for (const code of ['A-1', 'civil-registration-2', 'A', 'civil-registration', 'registration']) {
      await bot.send(events.text(`ประเมิน จุดบริการ ${code}`, { userId: CITIZEN }));
      expect([code, bot.textsTo(CITIZEN).at(-1)]).toEqual([code, ALREADY_TODAY]);
    }
    await bot.send(events.text('ประเมิน จุดบริการ public-works', { userId: CITIZEN }));
    expect(bot.textsTo(CITIZEN).at(-1)).toMatch(/^ข้อ 1 จาก 6: /);
    expect(await SurveyResponseModel.countDocuments()).toBe(1);
  });

  it('when the citizen rated a whole department, then none of its services can be rated that day, but another department can', async () => {
    await addIdCardService();
    await bot.send(events.text('ประเมิน จุดบริการ registration', { userId: CITIZEN }));
    await tap(bot, CITIZEN, '3 ปานกลาง');
    // Left midway: a partial rating counts as well.
    await bot.send(events.text('ยกเลิก', { userId: CITIZEN }));
    for (const code of ['id-card', 'civil-registration-2']) {
      await bot.send(events.text(`ประเมิน จุดบริการ ${code}`, { userId: CITIZEN }));
      expect(bot.textsTo(CITIZEN).at(-1)).toBe(ALREADY_TODAY);
    }
    await bot.send(events.text('ประเมิน จุดบริการ public-works', { userId: CITIZEN }));
    expect(bot.textsTo(CITIZEN).at(-1)).toMatch(/^ข้อ 1 จาก 6: /);
    expect(await SurveyResponseModel.countDocuments()).toBe(1);
  });

  it('when a rating begins at 23.59 and its first answer comes after midnight, then its day and time are those of the start', async () => {
    clock.freeze('2026-11-20T16:59:30Z');
    await bot.send(events.text('ประเมิน จุดบริการ public-works', { userId: CITIZEN }));
    clock.advance(2 * 60_000);
    await tap(bot, CITIZEN, '4 มาก');
    const response = await SurveyResponseModel.findOne().lean();
    expect(response?.at).toEqual(new Date('2026-11-20T16:59:30Z'));
    expect(response?.period?.day).toBe('2026-11-20');
    expect(response?.subjectKey.split(':')[1]).toBe('2026-11-20');
  });

  it('when the QR names a counter the service does not have, then it is refused', async () => {
    await bot.send(events.text('ประเมิน จุดบริการ civil-registration-9', { userId: CITIZEN }));
    expect(bot.textsTo(CITIZEN).at(-1)).toMatch(/^ไม่พบจุดบริการ "civil-registration-9"/);
  });

  it('when the QR names a department code, then that department is rated', async () => {
    await bot.send(events.text('ประเมิน จุดบริการ registration', { userId: CITIZEN }));
    expect(bot.textsTo(CITIZEN).at(-2)).toBe('ประเมินการให้บริการ: งานทะเบียนราษฎร');
  });

  it('when the QR names no known point, then the citizen is told so and nothing is stored', async () => {
    await bot.send(events.text('ประเมิน จุดบริการ nowhere', { userId: CITIZEN }));
    expect(bot.textsTo(CITIZEN).at(-1)).toBe('ไม่พบจุดบริการ "nowhere" กรุณาสแกนคิวอาร์โค้ดที่จุดบริการอีกครั้ง หรือเลือกจากเมนู "ประเมินความพึงพอใจ"');
    await bot.send(events.text('ประเมิน จุดบริการ {"$gt":""}', { userId: CITIZEN }));
    expect(bot.textsTo(CITIZEN).at(-1)).toMatch(/^ไม่พบจุดบริการ/);
    expect(await SurveyResponseModel.countDocuments()).toBe(0);
  });

  it('when a QR is scanned in the middle of another survey, then the citizen is asked to finish or cancel first, and after cancel the scan works', async () => {
    await bot.send(events.text('ประเมิน จุดบริการ registration', { userId: CITIZEN }));
    await tap(bot, CITIZEN, '5 มากที่สุด');
    await bot.send(events.text('ประเมิน จุดบริการ public-works', { userId: CITIZEN }));
    expect(bot.textsTo(CITIZEN).slice(-2)).toEqual([
      'ท่านกำลังตอบแบบประเมินอยู่ กรุณาตอบข้อนี้ให้เสร็จก่อน หรือพิมพ์ "ยกเลิก" แล้วสแกนคิวอาร์โค้ดอีกครั้ง',
      expect.stringMatching(/^ข้อ 2 จาก 6: /),
    ]);
    await bot.send(events.text('ยกเลิก', { userId: CITIZEN }));
    await bot.send(events.text('ประเมิน จุดบริการ public-works', { userId: CITIZEN }));
    await tap(bot, CITIZEN, '2 น้อย');
    const byPoint = Object.fromEntries((await SurveyResponseModel.find().lean()).map((r) => [r.pointCode, r.answers.map((a) => a.score)]));
    expect(byPoint).toEqual({ registration: [5], 'public-works': [2] });
  });
});

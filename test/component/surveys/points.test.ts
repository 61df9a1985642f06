import { events } from '../../support/webhook';
import { clock } from '../../../src/shared/clock';
import { encodePostback } from '../../../src/line/postback';
import { OfficerModel } from '../../../src/features/officers/officer.model';
import { QueueServiceModel } from '../../../src/features/queue/service.model';
import { SurveyResponseModel } from '../../../src/features/surveys/survey-response.model';
import { pointMessageText } from '../../../src/features/surveys/survey-qr';
import { userHash } from '../../../src/features/surveys/user-hash';
import { quickLabels, tap, useSurveyBot } from './survey-helpers';

// 23:30 in Bangkok, still 16:30 UTC on the same date.
const bot = useSurveyBot('2026-11-20T16:30:00Z');
const CITIZEN = 'U_citizen_point';

beforeEach(async () => {
  await QueueServiceModel.create({ code: 'civil-registration', prefix: 'A', departmentCode: 'registration', name: { th: 'ทะเบียนราษฎร', en: 'Civil registration' }, counters: [1, 2] });
});

async function rateEverything(userId: string, score = '5 มากที่สุด'): Promise<void> {
  for (let i = 0; i < 6; i += 1) await tap(bot, userId, i === 3 ? 'ไม่มี' : score);
}

describe('survey from the menu', () => {
  it('when the citizen types the menu word, then departments are offered as quick replies and the rating lands on the chosen one', async () => {
    await bot.send(events.text('ประเมินความพึงพอใจ', { userId: CITIZEN }));
    expect(bot.textsTo(CITIZEN).at(-1)).toBe('ท่านต้องการประเมินการให้บริการของหน่วยงานใด');
    expect(quickLabels(bot, CITIZEN)).toEqual(['งานทะเบียนราษฎร', 'กองช่าง', 'กองสาธารณสุขและสิ่ง…', 'ยกเลิก']);

    await tap(bot, CITIZEN, 'กองช่าง');
    expect(bot.textsTo(CITIZEN).slice(-2)).toEqual(['ประเมินการให้บริการ: กองช่าง', expect.stringMatching(/^ข้อ 1 จาก 6: /)]);
    await rateEverything(CITIZEN);

    const response = await SurveyResponseModel.findOne().lean();
    expect(response).toMatchObject({
      subjectKey: `point:public-works:2026-11-20:${userHash(CITIZEN)}`,
      channel: 'menu',
      departmentCode: 'public-works',
      pointCode: 'public-works',
      status: 'completed',
      period: { day: '2026-11-20', month: '2026-11', half: '2570-H1' },
    });
  });

  it('when the rich menu button is pressed, then the same picker appears', async () => {
    await bot.send(events.postback(encodePostback('surveys.menu'), { userId: CITIZEN }));
    expect(bot.textsTo(CITIZEN).at(-1)).toBe('ท่านต้องการประเมินการให้บริการของหน่วยงานใด');
  });

  it('when the citizen rates the same department twice on one Bangkok day, then the second is refused; the next day it is allowed', async () => {
    await bot.send(events.postback(encodePostback('surveys.point', { p: 'public-works' }), { userId: CITIZEN }));
    await rateEverything(CITIZEN);

    await bot.send(events.postback(encodePostback('surveys.point', { p: 'public-works' }), { userId: CITIZEN }));
    expect(bot.textsTo(CITIZEN).at(-1)).toBe('วันนี้ท่านได้ประเมินจุดบริการนี้แล้ว ขอบคุณสำหรับความร่วมมือ');
    expect(await SurveyResponseModel.countDocuments()).toBe(1);

    // 00:30 in Bangkok the next day, though still 20 Nov in UTC.
    clock.advance(60 * 60_000);
    await bot.send(events.postback(encodePostback('surveys.point', { p: 'public-works' }), { userId: CITIZEN }));
    expect(bot.textsTo(CITIZEN).at(-1)).toMatch(/^ข้อ 1 จาก 6: /);
    await tap(bot, CITIZEN, '4 มาก');
    const keys = (await SurveyResponseModel.find().lean()).map((r) => r.subjectKey.split(':')[2]).sort();
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
    const officer = await OfficerModel.create({ lineUserId: 'U_officer_reg', name: 'นายสมชาย', departmentCode: 'registration', counter: { serviceCode: 'civil-registration', counterNo: 1 }, registeredAt: new Date() });
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

    // The ticket letter names the same counter, so it is the same point.
    await bot.send(events.text('ประเมิน จุดบริการ A-1', { userId: CITIZEN }));
    expect(bot.textsTo(CITIZEN).at(-1)).toBe('วันนี้ท่านได้ประเมินจุดบริการนี้แล้ว ขอบคุณสำหรับความร่วมมือ');
    await bot.send(events.text('ประเมิน จุดบริการ A-2', { userId: CITIZEN }));
    expect(bot.textsTo(CITIZEN).slice(-2)).toEqual(['ประเมินการให้บริการ: ทะเบียนราษฎร ช่องบริการ 2', expect.stringMatching(/^ข้อ 1 จาก 6: /)]);
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

  it('when the QR is scanned in the middle of another survey, then the new one replaces it and the old stays partial', async () => {
    await bot.send(events.text('ประเมิน จุดบริการ registration', { userId: CITIZEN }));
    await tap(bot, CITIZEN, '5 มากที่สุด');
    await bot.send(events.text('ประเมิน จุดบริการ public-works', { userId: CITIZEN }));
    expect(bot.textsTo(CITIZEN).at(-1)).toMatch(/^ข้อ 1 จาก 6: /);
    await tap(bot, CITIZEN, '2 น้อย');
    const byPoint = Object.fromEntries((await SurveyResponseModel.find().lean()).map((r) => [r.pointCode, r.answers.map((a) => a.score)]));
    expect(byPoint).toEqual({ registration: [5], 'public-works': [2] });
  });
});

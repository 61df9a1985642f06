import { events } from '../../support/webhook';
import { emitDomainEvent } from '../../../src/shared/domain-events';
import { clock } from '../../../src/shared/clock';
import { SurveyResponseModel } from '../../../src/features/surveys/survey-response.model';
import { SurveyInvitationModel } from '../../../src/features/surveys/survey-invitation.model';
import { userHash } from '../../../src/features/surveys/user-hash';
import { footerButtonData, quickData, quickLabels, tap, useSurveyBot } from './survey-helpers';

const bot = useSurveyBot('2026-11-20T03:00:00Z');
const CITIZEN = 'U_citizen_case';
const OTHER = 'U_someone_else';

const closed = (caseId: string, caseNumber: string) => ({
  caseId,
  caseNumber,
  citizenId: CITIZEN,
  departmentCode: 'public-works',
  categoryCode: 'street-light',
  officerId: 'officer-7',
  at: clock.now(),
});

/** Emits complaint.closed, sends the outbox, returns the invitation's start data. */
async function invite(caseId = 'case-1', caseNumber = 'C2569-00042'): Promise<string> {
  await emitDomainEvent('complaint.closed', closed(caseId, caseNumber));
  await bot.drain();
  const pushed = bot.pushesTo(CITIZEN);
  return footerButtonData(pushed[pushed.length - 1]);
}

describe('survey after a closed case', () => {
  it('when a case is closed, then the citizen gets one invitation with a start button, even if the event comes twice', async () => {
    const start = await invite();
    await emitDomainEvent('complaint.closed', closed('case-1', 'C2569-00042'));
    await bot.drain();

    const pushes = bot.pushesTo(CITIZEN);
    expect(pushes).toHaveLength(1);
    expect(pushes[0]).toMatchObject({ type: 'flex', altText: 'ขอเชิญประเมินความพึงพอใจ: เรื่องเลขที่ C2569-00042' });
    expect(JSON.stringify(pushes[0])).toContain('กองช่าง');
    expect(start).toBe('v=1&a=surveys.start&t=case%3Acase-1');
    const invitation = await SurveyInvitationModel.findOne({ subjectKey: 'case:case-1' }).lean();
    expect(invitation).toMatchObject({ channel: 'after_case', userHash: userHash(CITIZEN), departmentCode: 'public-works', categoryCode: 'street-light', officerId: 'officer-7' });
    expect(JSON.stringify(invitation)).not.toContain(CITIZEN);
  });

  it('when the citizen rates all six questions 4 or 5, then six taps complete the response with no comment asked', async () => {
    const start = await invite();
    await bot.send(events.postback(start, { userId: CITIZEN }));
    expect(bot.textsTo(CITIZEN).at(-1)).toBe('ข้อ 1 จาก 6: การให้บริการเป็นไปตามขั้นตอนและระยะเวลาที่ประกาศไว้ มากน้อยเพียงใด');
    expect(quickLabels(bot, CITIZEN)).toEqual(['5 มากที่สุด', '4 มาก', '3 ปานกลาง', '2 น้อย', '1 น้อยที่สุด', 'ข้าม', 'เพิ่มความคิดเห็น', 'ยกเลิก']);

    await tap(bot, CITIZEN, '5 มากที่สุด');
    const afterFirst = await SurveyResponseModel.findOne({ subjectKey: 'case:case-1' }).lean();
    expect(afterFirst).toMatchObject({ status: 'partial', channel: 'after_case', surveyCode: 'ita-service', surveyVersion: 1, departmentCode: 'public-works', categoryCode: 'street-light', officerId: 'officer-7', caseId: 'case-1' });
    expect(afterFirst?.answers).toEqual([{ questionId: 'steps', type: 'rating', score: 5, skipped: false, satisfied: true, overall: false }]);

    await tap(bot, CITIZEN, '4 มาก');
    await tap(bot, CITIZEN, '5 มากที่สุด');
    expect(bot.textsTo(CITIZEN).at(-1)).toContain('ข้อ 4 จาก 6: มีเจ้าหน้าที่เรียกรับเงิน');
    expect(quickLabels(bot, CITIZEN)).toEqual(['มี', 'ไม่มี', 'ข้าม', 'เพิ่มความคิดเห็น', 'ยกเลิก']);
    await tap(bot, CITIZEN, 'ไม่มี');
    await tap(bot, CITIZEN, '4 มาก');
    expect(bot.textsTo(CITIZEN).at(-1)).toBe('ข้อ 6 จาก 6: โดยรวมแล้ว ท่านพึงพอใจการให้บริการครั้งนี้มากน้อยเพียงใด');
    await tap(bot, CITIZEN, '5 มากที่สุด');

    expect(bot.textsTo(CITIZEN).at(-1)).toBe('ขอบคุณที่ร่วมประเมินความพึงพอใจ ความเห็นของท่านจะนำไปใช้ปรับปรุงการให้บริการของเทศบาล');
    const done = await SurveyResponseModel.findOne({ subjectKey: 'case:case-1' }).lean();
    expect(done?.status).toBe('completed');
    expect(done?.completedAt).toEqual(clock.now());
    expect(done?.answers.map((a) => [a.questionId, a.score ?? a.choice, a.satisfied])).toEqual([
      ['steps', 5, true],
      ['equal', 4, true],
      ['conduct', 5, true],
      ['noBribe', 'no', true],
      ['info', 4, true],
      ['overall', 5, true],
    ]);
    expect(done?.userHash).toBe(userHash(CITIZEN));
    expect(JSON.stringify(done)).not.toContain(CITIZEN);
    expect(done?.period).toEqual({ day: '2026-11-20', month: '2026-11', half: '2570-H1' });
  });

  it('when the case was rated already, then a second try is refused politely and changes nothing', async () => {
    const start = await invite();
    await bot.send(events.postback(start, { userId: CITIZEN }));
    for (let i = 0; i < 6; i += 1) await tap(bot, CITIZEN, i === 3 ? 'ไม่มี' : '5 มากที่สุด');
    const before = await SurveyResponseModel.findOne({ subjectKey: 'case:case-1' }).lean();

    await bot.send(events.postback(start, { userId: CITIZEN }));

    expect(bot.textsTo(CITIZEN).at(-1)).toBe('ท่านได้ประเมินความพึงพอใจเรื่องนี้แล้ว ขอบคุณสำหรับความร่วมมือ');
    expect(await SurveyResponseModel.countDocuments()).toBe(1);
    expect(await SurveyResponseModel.findOne({ subjectKey: 'case:case-1' }).lean()).toEqual(before);
  });

  it('when somebody else presses the start button, then it is refused and nothing is stored', async () => {
    const start = await invite();
    await bot.send(events.postback(start, { userId: OTHER }));
    expect(bot.textsTo(OTHER).at(-1)).toBe('ขออภัย แบบประเมินนี้สำหรับผู้รับบริการในเรื่องนี้เท่านั้น');
    expect(await SurveyResponseModel.countDocuments()).toBe(0);
  });

  it('when a forged start names a case without invitation, then it is refused politely', async () => {
    await bot.send(events.postback('v=1&a=surveys.start&t=case%3Anope', { userId: CITIZEN }));
    expect(bot.textsTo(CITIZEN).at(-1)).toBe('ไม่พบแบบประเมินนี้ กรุณาเริ่มจากเมนู "ประเมินความพึงพอใจ"');
    await bot.send(events.postback('v=1&a=surveys.start&t=%24where', { userId: CITIZEN }));
    expect(bot.textsTo(CITIZEN).at(-1)).toBe('ปุ่มนี้หมดอายุแล้ว กรุณาเริ่มใหม่จากเมนู');
  });

  it('when a rating is 3 or lower, then the comment is asked and stored, and skip keeps the question unanswered', async () => {
    const start = await invite();
    await bot.send(events.postback(start, { userId: CITIZEN }));
    await tap(bot, CITIZEN, '2 น้อย');
    await tap(bot, CITIZEN, 'ข้าม');
    await tap(bot, CITIZEN, '4 มาก');
    await tap(bot, CITIZEN, 'ไม่มี');
    await tap(bot, CITIZEN, '4 มาก');
    expect(bot.textsTo(CITIZEN).at(-1)).toMatch(/^ข้อ 6 จาก 7: /);
    await tap(bot, CITIZEN, '3 ปานกลาง');
    expect(bot.textsTo(CITIZEN).at(-1)).toBe('ข้อ 7 จาก 7: ท่านมีข้อเสนอแนะเพื่อให้เทศบาลปรับปรุงการให้บริการหรือไม่ พิมพ์ข้อความได้เลย');
    expect(quickLabels(bot, CITIZEN)).toEqual(['ไม่มีข้อเสนอแนะ', 'ยกเลิก']);

    await bot.send(events.text('รอนานเกินไป ควรเพิ่มช่องบริการ', { userId: CITIZEN }));

    expect(bot.textsTo(CITIZEN).at(-1)).toContain('ขอบคุณที่ร่วมประเมิน');
    const done = await SurveyResponseModel.findOne({ subjectKey: 'case:case-1' }).lean();
    expect(done?.status).toBe('completed');
    expect(done?.answers.find((a) => a.questionId === 'equal')).toEqual({ questionId: 'equal', type: 'rating', skipped: true, overall: false });
    expect(done?.answers.find((a) => a.questionId === 'overall')).toMatchObject({ score: 3, satisfied: false, overall: true });
    expect(done?.answers.at(-1)).toEqual({ questionId: 'comment', type: 'text', text: 'รอนานเกินไป ควรเพิ่มช่องบริการ', skipped: false, overall: false });
  });

  it('when the citizen taps "add a comment", then the comment is asked at the end even after high ratings', async () => {
    const start = await invite();
    await bot.send(events.postback(start, { userId: CITIZEN }));
    await tap(bot, CITIZEN, 'เพิ่มความคิดเห็น');
    expect(bot.textsTo(CITIZEN).slice(-2)).toEqual(['รับทราบ เมื่อตอบครบแล้วจะมีช่องให้พิมพ์ความคิดเห็น', expect.stringMatching(/^ข้อ 1 จาก 7: /)]);
    expect(quickLabels(bot, CITIZEN)).not.toContain('เพิ่มความคิดเห็น');
    for (let i = 0; i < 6; i += 1) await tap(bot, CITIZEN, i === 3 ? 'ไม่มี' : '5 มากที่สุด');
    expect(bot.textsTo(CITIZEN).at(-1)).toMatch(/^ข้อ 7 จาก 7: /);
    await tap(bot, CITIZEN, 'ไม่มีข้อเสนอแนะ');
    const done = await SurveyResponseModel.findOne({ subjectKey: 'case:case-1' }).lean();
    expect(done?.status).toBe('completed');
    expect(done?.answers.at(-1)).toEqual({ questionId: 'comment', type: 'text', skipped: true, overall: false });
  });

  it('when the citizen leaves midway, then the answers so far stay and the start button resumes at the next question', async () => {
    const start = await invite();
    await bot.send(events.postback(start, { userId: CITIZEN }));
    await tap(bot, CITIZEN, '5 มากที่สุด');
    await tap(bot, CITIZEN, '4 มาก');
    await bot.send(events.text('ยกเลิก', { userId: CITIZEN }));
    const partial = await SurveyResponseModel.findOne({ subjectKey: 'case:case-1' }).lean();
    expect(partial?.status).toBe('partial');
    expect(partial?.answers.map((a) => a.score)).toEqual([5, 4]);

    await bot.send(events.postback(start, { userId: CITIZEN }));
    expect(bot.textsTo(CITIZEN).slice(-2)).toEqual(['ทำแบบประเมินต่อจากข้อที่ค้างไว้', expect.stringMatching(/^ข้อ 3 จาก 6: เจ้าหน้าที่ให้บริการด้วยความเต็มใจ/)]);
    await tap(bot, CITIZEN, '3 ปานกลาง');
    expect((await SurveyResponseModel.findOne({ subjectKey: 'case:case-1' }).lean())?.answers.map((a) => a.score)).toEqual([5, 4, 3]);
  });

  it('when an old question button is tapped, then it does not answer the current question', async () => {
    const start = await invite();
    await bot.send(events.postback(start, { userId: CITIZEN }));
    const firstQuestionFive = quickData(bot, CITIZEN, '5 มากที่สุด');
    await tap(bot, CITIZEN, '2 น้อย');
    await bot.send(events.postback(firstQuestionFive, { userId: CITIZEN }));
    expect(bot.textsTo(CITIZEN).slice(-2)).toEqual(['ปุ่มนี้เป็นของข้อก่อนหน้า กรุณาตอบข้อปัจจุบัน', expect.stringMatching(/^ข้อ 2 จาก 7: /)]);
    const partial = await SurveyResponseModel.findOne({ subjectKey: 'case:case-1' }).lean();
    expect(partial?.answers.map((a) => a.score)).toEqual([2]);
  });

  it('when the invitation is more than 14 days old and unanswered, then it has expired', async () => {
    const start = await invite();
    clock.advance(15 * 86_400_000);
    await bot.send(events.postback(start, { userId: CITIZEN }));
    expect(bot.textsTo(CITIZEN).at(-1)).toBe('ขออภัย แบบประเมินนี้หมดเวลาตอบแล้ว');
  });

  it('when a case has no LINE citizen, then no invitation is made', async () => {
    await emitDomainEvent('complaint.closed', { ...closed('case-2', 'C2569-00043'), citizenId: undefined });
    await bot.drain();
    expect(bot.line.callsOf('push')).toHaveLength(0);
    expect(await SurveyInvitationModel.countDocuments()).toBe(0);
  });
});

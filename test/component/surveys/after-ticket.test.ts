import { events } from '../../support/webhook';
import { emitDomainEvent } from '../../../src/shared/domain-events';
import { clock } from '../../../src/shared/clock';
import { SurveyResponseModel } from '../../../src/features/surveys/survey-response.model';
import { servedSubjectKeys } from '../../../src/features/surveys/survey-subjects';
import { addOfficer, footerButtonData, quickLabels, tap, useSurveyBot } from './survey-helpers';

const bot = useSurveyBot('2027-03-31T09:00:00Z');
const CITIZEN = 'U_citizen_ticket';
/** A served ticket names the counter officer by database id, as the queue feature does. */
let officerId = '';

beforeEach(async () => {
  officerId = String((await addOfficer('U_officer_counter', 'นายสมชาย', 'registration', { serviceCode: 'civil-registration', counterNo: 2 }))._id);
});

const served = (ticketId: string) => ({
  ticketId,
  label: 'A012',
  serviceCode: 'civil-registration',
  departmentCode: 'registration',
  counterNo: 2,
  citizenId: CITIZEN,
  officerId,
  at: clock.now(),
});
const ticketKey = (ticketId: string) => servedSubjectKeys('ticket', ticketId)[0];

describe('survey after a served queue ticket', () => {
  it('when an English-speaking citizen is served, then the invitation and questions are in English and a "yes" to the money question asks for a comment', async () => {
    await bot.send(events.text('english', { userId: CITIZEN }));
    await emitDomainEvent('queue.ticketServed', served('t-1'));
    await bot.drain();
    const invitation = bot.pushesTo(CITIZEN).at(-1)!;
    expect(invitation).toMatchObject({ type: 'flex', altText: 'Please rate our service: Queue ticket A012' });
    expect(JSON.stringify(invitation)).toContain('Civil Registration');

    await bot.send(events.postback(footerButtonData(invitation), { userId: CITIZEN }));
    expect(bot.textsTo(CITIZEN).at(-1)).toBe('Question 1 of 6: How well did the service follow the announced steps and time frame?');
    expect(quickLabels(bot, CITIZEN)).toEqual(['5 Excellent', '4 Good', '3 Fair', '2 Poor', '1 Very poor', 'Skip', 'Add a comment', 'Cancel']);
    // Typed digits work too (LINE for PC shows no quick replies), Thai digits included.
    await bot.send(events.text('๕', { userId: CITIZEN }));
    await bot.send(events.text('4', { userId: CITIZEN }));
    await bot.send(events.text('very good', { userId: CITIZEN }));
    expect(bot.textsTo(CITIZEN).slice(-2)).toEqual(['Please choose a score from 1 to 5 below, or type a number from 1 to 5.', 'Question 3 of 6: How willing, polite and dedicated were the officers?']);
    await tap(bot, CITIZEN, '5 Excellent');
    expect(quickLabels(bot, CITIZEN).slice(0, 2)).toEqual(['Yes', 'No']);
    await tap(bot, CITIZEN, 'Yes');
    await tap(bot, CITIZEN, '5 Excellent');
    await tap(bot, CITIZEN, '4 Good');
    expect(bot.textsTo(CITIZEN).at(-1)).toBe('Question 7 of 7: Any suggestion to help the municipality improve? Please type it here.');
    await bot.send(events.text('The officer asked for 200 baht', { userId: CITIZEN }));

    expect(bot.textsTo(CITIZEN).slice(-2)).toEqual([
      'Thank you for rating our service. Your answers help the municipality improve.',
      'If anyone asked you for money or favours, you can report it confidentially: type "report corruption".',
    ]);
    const response = await SurveyResponseModel.findOne({ subjectKey: ticketKey('t-1') }).lean();
    expect(response).toMatchObject({ channel: 'after_ticket', serviceCode: 'civil-registration', departmentCode: 'registration', officerId, status: 'completed' });
    expect(response).not.toHaveProperty('ticketId');
    expect(response?.answers.map((a) => a.score ?? a.choice ?? a.text)).toEqual([5, 4, 5, 'yes', 5, 4, 'The officer asked for 200 baht']);
    expect(response?.answers.find((a) => a.questionId === 'noBribe')?.satisfied).toBe(false);
  });

  it('when the ticket was rated, then a second try is refused and the same ticket is not invited twice', async () => {
    await emitDomainEvent('queue.ticketServed', served('t-2'));
    await bot.drain();
    const start = footerButtonData(bot.pushesTo(CITIZEN).at(-1)!);
    await bot.send(events.postback(start, { userId: CITIZEN }));
    for (let i = 0; i < 6; i += 1) await tap(bot, CITIZEN, i === 3 ? 'ไม่มี' : '4 มาก');
    await emitDomainEvent('queue.ticketServed', served('t-2'));
    await bot.drain();
    await bot.send(events.postback(start, { userId: CITIZEN }));

    expect(bot.pushesTo(CITIZEN)).toHaveLength(1);
    expect(bot.textsTo(CITIZEN).at(-1)).toBe('ท่านได้ประเมินความพึงพอใจเรื่องนี้แล้ว ขอบคุณสำหรับความร่วมมือ');
    expect(await SurveyResponseModel.countDocuments({ subjectKey: ticketKey('t-2') })).toBe(1);
  });

  it('when the served citizen answers after another citizen tried their button, then only the served citizen’s answers count', async () => {
    await emitDomainEvent('queue.ticketServed', served('t-3'));
    await bot.drain();
    const start = footerButtonData(bot.pushesTo(CITIZEN).at(-1)!);
    await bot.send(events.postback(start, { userId: 'U_intruder' }));
    await bot.send(events.postback(start, { userId: CITIZEN }));
    await tap(bot, CITIZEN, '3 ปานกลาง');
    const response = await SurveyResponseModel.findOne({ subjectKey: ticketKey('t-3') }).lean();
    expect(response?.answers.map((a) => a.score)).toEqual([3]);
    expect(bot.textsTo('U_intruder').at(-1)).toBe('ขออภัย แบบประเมินนี้สำหรับผู้รับบริการในเรื่องนี้เท่านั้น');
  });
});

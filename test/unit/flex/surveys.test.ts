import { buildSurveyInvitation, buildSurveyPointPicker, buildSurveyQuestion } from '../../../flex-messages/surveys/survey-messages';
import { translator } from '../../../src/i18n';
import { findLimitProblems } from '../../../src/line/limits';
import { encodePostback } from '../../../src/line/postback';
import { flowAnswer } from '../../../src/conversation/engine';

const th = translator('th');
const en = translator('en');

describe('survey messages', () => {
  it('when an invitation is built, then it names the case and the office, asks the first question with its answers as quick replies, and keeps a start button, within LINE limits', () => {
    const key = `case:${'x'.repeat(43)}`;
    const choices = ['5 มากที่สุด', '4 มาก', '3 ปานกลาง', '2 น้อย', '1 น้อยที่สุด', 'ข้าม', 'เพิ่มความคิดเห็น'].map((label, i) => ({ label, data: encodePostback('surveys.first', { t: key, x: `steps.${5 - i}` }) }));
    const message = buildSurveyInvitation(
      { subject: 'เรื่องเลขที่ C2569-00042', servedBy: 'กองช่าง', questionCount: 6, firstQuestion: { number: 1, total: 6, question: 'การให้บริการเป็นไปตามขั้นตอนมากน้อยเพียงใด', choices }, startData: encodePostback('surveys.start', { t: key }) },
      th,
    );
    expect(findLimitProblems([message])).toEqual([]);
    expect(message.altText).toBe('ขอเชิญประเมินความพึงพอใจ: เรื่องเลขที่ C2569-00042');
    const json = JSON.stringify(message.contents);
    for (const part of ['กองช่าง', '6 ข้อ กดเลือกคำตอบได้เลย ใช้เวลาไม่ถึง 1 นาที', 'ข้อ 1 จาก 6', 'การให้บริการเป็นไปตามขั้นตอนมากน้อยเพียงใด']) expect(json).toContain(part);
    expect(message.quickReply?.items?.map((i) => (i.action as { label: string }).label)).toEqual(choices.map((c) => c.label));
    expect(message.quickReply?.items?.[0].action).toMatchObject({ type: 'postback', data: `v=1&a=surveys.first&t=case%3A${'x'.repeat(43)}&x=steps.5`, displayText: '5 มากที่สุด' });
    const footer = (message.contents as { footer: { contents: { action: { label: string; data: string } }[] } }).footer;
    expect(footer.contents[0].action).toMatchObject({ label: 'เริ่มประเมิน', data: `v=1&a=surveys.start&t=case%3A${'x'.repeat(43)}` });
  });

  it('when the first question is one to type, then the invitation carries only its start button', () => {
    const message = buildSurveyInvitation({ subject: 'บัตรคิว A012', questionCount: 1, startData: encodePostback('surveys.start', { t: 'ticket:abc' }) }, th);
    expect(findLimitProblems([message])).toEqual([]);
    expect(message.quickReply).toBeUndefined();
    expect(JSON.stringify(message.contents)).not.toContain('ข้อ 1 จาก');
  });

  it('when a question is built, then the quick replies are the answers in order, each echoed in the chat', () => {
    const choices = ['5 Excellent', '4 Good', '3 Fair', '2 Poor', '1 Very poor'].map((label, i) => ({ label, data: flowAnswer('surveys.answer', 'question', `steps.${5 - i}`) }));
    const message = buildSurveyQuestion({ number: 1, total: 6, question: 'How well did the service follow the announced steps?', choices: [...choices, { label: 'Cancel', data: encodePostback('conversation.cancel') }] }, en);
    expect(findLimitProblems([message])).toEqual([]);
    expect(message.altText).toBe('Question 1 of 6: How well did the service follow the announced steps?');
    const items = message.quickReply?.items ?? [];
    expect(items).toHaveLength(6);
    expect(items[0].action).toEqual({ type: 'postback', label: '5 Excellent', data: 'v=1&a=flow&f=surveys.answer&s=question&x=steps.5', displayText: '5 Excellent' });
  });

  it('when department names are long, then quick-reply labels are short names cut between words, and the chat shows the full name', () => {
    const longName = 'กองสาธารณสุขและสิ่งแวดล้อม';
    const message = buildSurveyPointPicker({ choices: [{ label: longName, displayText: longName, data: encodePostback('surveys.point', { p: 'health-env' }) }], cancel: { label: 'ยกเลิก', data: encodePostback('conversation.cancel') } }, th);
    expect(findLimitProblems([message])).toEqual([]);
    expect(message.text).toBe('ท่านต้องการประเมินการให้บริการของหน่วยงานใด');
    const action = message.quickReply?.items?.[0].action as { label: string; displayText: string };
    expect(action).toMatchObject({ label: 'กองสาธารณสุขฯ', displayText: longName });
  });

  it('when services of one department are offered, then the question names the department', () => {
    const message = buildSurveyPointPicker({ choices: [{ label: 'บัตรประชาชน', data: encodePostback('surveys.point', { p: 'id-card' }) }], cancel: { label: 'ยกเลิก', data: encodePostback('conversation.cancel') }, department: 'งานทะเบียนราษฎร' }, th);
    expect(message.text).toBe('ท่านต้องการประเมินบริการใดของงานทะเบียนราษฎร');
  });

  it('when more than 12 departments are offered, then 12 and cancel fit the 13 quick replies', () => {
    const choices = Array.from({ length: 15 }, (_, i) => ({ label: `หน่วยงาน ${i}`, data: encodePostback('surveys.point', { p: `d${i}` }) }));
    const message = buildSurveyPointPicker({ choices, cancel: { label: 'ยกเลิก', data: encodePostback('conversation.cancel') } }, th);
    expect(findLimitProblems([message])).toEqual([]);
    expect(message.quickReply?.items).toHaveLength(13);
  });
});

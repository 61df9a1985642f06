import { buildSurveyInvitation, buildSurveyPointPicker, buildSurveyQuestion } from '../../../flex-messages/surveys/survey-messages';
import { translator } from '../../../src/i18n';
import { findLimitProblems } from '../../../src/line/limits';
import { encodePostback } from '../../../src/line/postback';
import { flowAnswer } from '../../../src/conversation/engine';

const th = translator('th');
const en = translator('en');

describe('survey messages', () => {
  it('when an invitation is built, then it names the case, the office and the start button within LINE limits', () => {
    const message = buildSurveyInvitation({ subject: 'เรื่องเลขที่ C2569-00042', servedBy: 'กองช่าง', questionCount: 6, startData: encodePostback('surveys.start', { t: 'case:6563a1b2c3d4e5f6a7b8c9d0' }) }, th);
    expect(findLimitProblems([message])).toEqual([]);
    expect(message.altText).toBe('ขอเชิญประเมินความพึงพอใจ: เรื่องเลขที่ C2569-00042');
    const json = JSON.stringify(message.contents);
    expect(json).toContain('กองช่าง');
    expect(json).toContain('6 ข้อ กดเลือกคำตอบได้เลย ใช้เวลาไม่ถึง 1 นาที');
    const footer = (message.contents as { footer: { contents: { action: { label: string; data: string } }[] } }).footer;
    expect(footer.contents[0].action).toMatchObject({ label: 'เริ่มประเมิน', data: 'v=1&a=surveys.start&t=case%3A6563a1b2c3d4e5f6a7b8c9d0' });
  });

  it('when a question is built, then the quick replies are the answers in order, each echoed in the chat', () => {
    const choices = ['5 Very much', '4 Much', '3 Moderate', '2 Little', '1 Very little'].map((label, i) => ({ label, data: flowAnswer('surveys.answer', 'question', `steps.${5 - i}`) }));
    const message = buildSurveyQuestion({ number: 1, total: 6, question: 'How well did the service follow the announced steps?', choices: [...choices, { label: 'Cancel', data: encodePostback('conversation.cancel') }] }, en);
    expect(findLimitProblems([message])).toEqual([]);
    expect(message.altText).toBe('Question 1 of 6: How well did the service follow the announced steps?');
    const items = message.quickReply?.items ?? [];
    expect(items).toHaveLength(6);
    expect(items[0].action).toEqual({ type: 'postback', label: '5 Very much', data: 'v=1&a=flow&f=surveys.answer&s=question&x=steps.5', displayText: '5 Very much' });
  });

  it('when department names are long, then quick-reply labels are cut to 20 characters but the chat shows the full name', () => {
    const longName = 'กองสาธารณสุขและสิ่งแวดล้อม';
    const message = buildSurveyPointPicker({ choices: [{ label: longName, displayText: longName, data: encodePostback('surveys.point', { p: 'health-env' }) }], cancel: { label: 'ยกเลิก', data: encodePostback('conversation.cancel') } }, th);
    expect(findLimitProblems([message])).toEqual([]);
    expect(message.text).toBe('ท่านต้องการประเมินการให้บริการของหน่วยงานใด');
    const action = message.quickReply?.items?.[0].action as { label: string; displayText: string };
    expect(action.label.length).toBeLessThanOrEqual(20);
    expect(action.displayText).toBe(longName);
  });

  it('when more than 12 departments are offered, then 12 and cancel fit the 13 quick replies', () => {
    const choices = Array.from({ length: 15 }, (_, i) => ({ label: `หน่วยงาน ${i}`, data: encodePostback('surveys.point', { p: `d${i}` }) }));
    const message = buildSurveyPointPicker({ choices, cancel: { label: 'ยกเลิก', data: encodePostback('conversation.cancel') } }, th);
    expect(findLimitProblems([message])).toEqual([]);
    expect(message.quickReply?.items).toHaveLength(13);
  });
});

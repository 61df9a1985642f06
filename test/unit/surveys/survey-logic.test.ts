import { DEFAULT_SURVEY, surveyDefinitionSchema } from '../../../src/features/surveys/survey-definition';
import { hasLowAnswer, isSatisfied, nextQuestionIndex, progressOf, readAnswer, type AnswerValues } from '../../../src/features/surveys/survey-logic';
import { initialAnswers, parseQuestion, type SurveyFlowAnswers } from '../../../src/features/surveys/answer-survey.flow';
import { flowAnswer } from '../../../src/conversation/engine';
import type { BotInput } from '../../../src/line/input';
import { questionChoices } from '../../../src/features/surveys/survey-choices';
import { translator } from '../../../src/i18n';

const questions = DEFAULT_SURVEY.questions;
const byId = (id: string) => questions.find((q) => q.id === id)!;
const allHigh: AnswerValues = { steps: { score: 5 }, equal: { score: 4 }, conduct: { score: 5 }, noBribe: { choice: 'no' }, info: { score: 4 }, overall: { score: 5 } };

describe('survey rules', () => {
  it('when the default survey is read, then it has six one-tap questions and an optional comment', () => {
    expect(questions.map((q) => q.type)).toEqual(['rating', 'rating', 'rating', 'yes_no', 'rating', 'rating', 'text']);
    expect(questions.filter((q) => q.overall).map((q) => q.id)).toEqual(['overall']);
  });

  it.each([
    ['rating', 'steps', { score: 4 }, true],
    ['rating', 'steps', { score: 3 }, false],
    ['yes/no', 'noBribe', { choice: 'no' }, true],
    ['yes/no', 'noBribe', { choice: 'yes' }, false],
    ['skipped', 'steps', { skipped: true }, undefined],
    ['text', 'comment', { text: 'ok' }, undefined],
  ] as const)('when a %s answer to %s is %j, then satisfied is %s', (_kind, id, value, expected) => {
    expect(isSatisfied(byId(id), value)).toBe(expected);
  });

  it('when every answer is high, then the comment is not asked and the survey ends after six questions', () => {
    expect(hasLowAnswer(questions, allHigh)).toBe(false);
    expect(nextQuestionIndex(questions, allHigh, false)).toBe(questions.length);
    expect(nextQuestionIndex(questions, allHigh, true)).toBe(6);
  });

  it('when one rating is 3 or the money question is answered yes, then the comment is asked', () => {
    expect(nextQuestionIndex(questions, { ...allHigh, info: { score: 3 } }, false)).toBe(6);
    expect(nextQuestionIndex(questions, { ...allHigh, noBribe: { choice: 'yes' } }, false)).toBe(6);
    expect(nextQuestionIndex(questions, { ...allHigh, info: { skipped: true } }, false)).toBe(questions.length);
  });

  it('when answers are partial, then the next question is the first unanswered one and progress counts asked questions', () => {
    expect(nextQuestionIndex(questions, { steps: { score: 5 }, equal: { skipped: true } }, false)).toBe(2);
    expect(progressOf(questions, {}, false, 0)).toEqual({ number: 1, total: 6 });
    expect(progressOf(questions, { steps: { score: 1 } }, false, 1)).toEqual({ number: 2, total: 7 });
    expect(progressOf(questions, allHigh, true, 6)).toEqual({ number: 7, total: 7 });
  });

  it.each([
    [{ tapped: '5' }, { kind: 'answer', value: { score: 5 } }],
    [{ typed: '1' }, { kind: 'answer', value: { score: 1 } }],
    [{ typed: '6' }, { kind: 'invalid', reasonKey: 'surveys.question.tapRating' }],
    [{ typed: '4.5' }, { kind: 'invalid', reasonKey: 'surveys.question.tapRating' }],
    [{ tapped: 'skip' }, { kind: 'answer', value: { skipped: true } }],
    [{ tapped: 'comment' }, { kind: 'wantsComment' }],
  ])('when a rating gets %j, then it reads %j', (input, expected) => {
    expect(readAnswer(byId('steps'), input)).toEqual(expected);
  });

  it('when a yes/no or text question gets input, then typed words and limits are applied', () => {
    expect(readAnswer(byId('noBribe'), { typed: 'ไม่มี' })).toEqual({ kind: 'answer', value: { choice: 'no' } });
    expect(readAnswer(byId('noBribe'), { tapped: 'yes' })).toEqual({ kind: 'answer', value: { choice: 'yes' } });
    expect(readAnswer(byId('noBribe'), { typed: 'maybe' }).kind).toBe('invalid');
    expect(readAnswer(byId('comment'), { typed: '  ดีมาก  ' })).toEqual({ kind: 'answer', value: { text: 'ดีมาก' } });
    expect(readAnswer(byId('comment'), { typed: 'ก'.repeat(501) })).toEqual({ kind: 'invalid', reasonKey: 'surveys.question.commentTooLong', params: { max: 500 } });
    expect(readAnswer(byId('comment'), { tapped: 'skip' })).toEqual({ kind: 'answer', value: { skipped: true } });
  });
});

describe('the question step', () => {
  const start = (): SurveyFlowAnswers => initialAnswers({ key: 'case:1', channel: 'after_case', startedAt: '2026-11-20T03:00:00.000Z' }, { code: 'ita-service', version: 1, questions }, {});
  const tapInput = (value: string): BotInput => ({ kind: 'postback', action: 'flow', fields: { f: 'surveys.answer', s: 'question', x: value }, params: {} });

  it('when a tap answers the current question, then the answers move to the next one and survive a JSON round trip', () => {
    const data = new URLSearchParams(flowAnswer('surveys.answer', 'question', 'steps.5'));
    expect(data.get('x')).toBe('steps.5');
    const result = parseQuestion(tapInput('steps.5'), start());
    expect(result).toEqual({ ok: true, answers: expect.objectContaining({ index: 1, values: { steps: { score: 5 } } }) });
    if (result.ok) expect(JSON.parse(JSON.stringify(result.answers))).toEqual(result.answers);
  });

  it('when a tap belongs to another question, then it is refused', () => {
    expect(parseQuestion(tapInput('equal.5'), start())).toEqual({ ok: false, reasonKey: 'surveys.question.oldButton' });
  });

  it('when "add a comment" is tapped, then the same question stays with the comment promised', () => {
    const result = parseQuestion(tapInput('steps.comment'), start());
    expect(result).toEqual({ ok: true, answers: expect.objectContaining({ index: 0, wantsComment: true, commentNoted: true, values: {} }) });
  });

  it('when a counter QR text arrives mid-survey, then it is not read as an answer (nor as a comment)', () => {
    expect(parseQuestion({ kind: 'text', text: 'ประเมิน จุดบริการ A-1' } as BotInput, start())).toEqual({ ok: false, reasonKey: 'surveys.point.finishCurrent' });
    const atComment = { ...start(), index: 6 };
    expect(parseQuestion({ kind: 'text', text: 'rate point registration' } as BotInput, atComment)).toEqual({ ok: false, reasonKey: 'surveys.point.finishCurrent' });
  });

  it('when a sticker arrives, then the citizen is asked to tap an answer', () => {
    expect(parseQuestion({ kind: 'sticker' }, start())).toEqual({ ok: false, reasonKey: 'surveys.question.tapAnswer' });
  });
});

describe('survey definitions', () => {
  const base = { code: 'x-survey', title: { th: 'ทดสอบ' }, questions: [{ id: 'overall', type: 'rating', overall: true, text: { th: 'โดยรวม' } }] };

  it('when a definition has more than six one-tap questions, then it is refused', () => {
    const many = Array.from({ length: 6 }, (_, i) => ({ id: `q${i}`, type: 'rating', text: { th: `ข้อ ${i}` } }));
    const result = surveyDefinitionSchema.safeParse({ ...base, questions: [...base.questions, ...many] });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('at most 6 rating or yes/no questions');
  });

  it('when ids repeat, no question is overall, or a yes/no has no positive answer, then it is refused', () => {
    expect(surveyDefinitionSchema.safeParse({ ...base, questions: [...base.questions, { id: 'overall', type: 'rating', text: { th: 'ซ้ำ' } }] }).success).toBe(false);
    expect(surveyDefinitionSchema.safeParse({ ...base, questions: [{ id: 'a', type: 'rating', text: { th: 'ก' } }] }).success).toBe(false);
    expect(surveyDefinitionSchema.safeParse({ ...base, questions: [...base.questions, { id: 'b', type: 'yes_no', text: { th: 'ข' } }] }).success).toBe(false);
  });

  it('when a definition omits channels, then it applies everywhere', () => {
    expect(surveyDefinitionSchema.parse(base).channels).toEqual(['after_case', 'after_ticket', 'menu', 'qr']);
  });
});

describe('answer labels', () => {
  const custom = surveyDefinitionSchema.parse({
    code: 'custom',
    title: { th: 'ทดสอบ' },
    questions: [
      { id: 'overall', type: 'rating', overall: true, text: { th: 'โดยรวม' }, labels: { th: ['แย่มาก', 'แย่', 'พอใช้', 'ดี', 'ดีมาก'] } },
      { id: 'asked', type: 'yes_no', positive: 'no', text: { th: 'ถูกเรียกเงินหรือไม่' }, choiceLabels: { th: ['ถูกเรียก', 'ไม่ถูกเรียก'] } },
    ],
  }).questions;
  const labels = (lang: 'th' | 'en', index: number) => questionChoices({ lang, t: translator(lang) }, custom[index], { dataFor: (v) => v, offerComment: false }).map((c) => c.label);

  it('when labels are written only in Thai, then a Thai chat shows them and an English chat shows the default English labels', () => {
    expect(labels('th', 0)).toEqual(['5 ดีมาก', '4 ดี', '3 พอใช้', '2 แย่', '1 แย่มาก', 'ข้าม']);
    expect(labels('en', 0)).toEqual(['5 Excellent', '4 Good', '3 Fair', '2 Poor', '1 Very poor', 'Skip']);
    expect(labels('th', 1)).toEqual(['ถูกเรียก', 'ไม่ถูกเรียก', 'ข้าม']);
    expect(labels('en', 1)).toEqual(['Yes', 'No', 'Skip']);
  });

  it('when "add a comment" is offered, then it follows skip; a comment question offers "no comment" instead', () => {
    const withComment = questionChoices({ lang: 'th', t: translator('th') }, byId('steps'), { dataFor: (v) => `steps.${v}`, offerComment: true });
    expect(withComment.slice(-2)).toEqual([
      { label: 'ข้าม', data: 'steps.skip' },
      { label: 'เพิ่มความคิดเห็น', data: 'steps.comment' },
    ]);
    expect(questionChoices({ lang: 'th', t: translator('th') }, byId('comment'), { dataFor: (v) => v, offerComment: true }).map((c) => c.label)).toEqual(['ไม่มีข้อเสนอแนะ']);
  });
});

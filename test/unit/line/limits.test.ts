import { findLimitProblems } from '../../../src/line/limits';

const textMessage = (text: string) => ({ type: 'text', text });

describe('LINE limits', () => {
  it('when messages are within the limits, then there is no problem', () => {
    expect(findLimitProblems([textMessage('สวัสดี')])).toEqual([]);
  });

  it('when there are 6 messages, then the count is reported', () => {
    expect(findLimitProblems(Array.from({ length: 6 }, () => textMessage('x')))).toEqual(['6 messages (at most 5)']);
  });

  it('when a text is longer than 5,000 characters, then it is reported', () => {
    expect(findLimitProblems([textMessage('x'.repeat(5001))])[0]).toContain('over 5000');
  });

  it('when a quick reply has 14 items or a 21-character label, then both are reported', () => {
    const items = Array.from({ length: 14 }, (_, i) => ({ type: 'action', action: { type: 'message', label: i === 0 ? 'x'.repeat(21) : 'ok', text: 'ok' } }));
    const problems = findLimitProblems([{ type: 'text', text: 'q', quickReply: { items } }]);
    expect(problems.some((p) => p.includes('14 quick reply items'))).toBe(true);
    expect(problems.some((p) => p.includes('over 20 characters'))).toBe(true);
  });

  it('when a flex message has no altText, a long button label and long postback data, then each is reported', () => {
    const problems = findLimitProblems([
      {
        type: 'flex',
        altText: '',
        contents: { type: 'bubble', footer: { type: 'box', layout: 'vertical', contents: [{ type: 'button', action: { type: 'postback', label: 'y'.repeat(41), data: 'd'.repeat(301) } }] } },
      },
    ]);
    expect(problems).toEqual(
      expect.arrayContaining([
        'messages[0]: flex message without altText',
        expect.stringContaining('label'),
        expect.stringContaining('postback data is over 300'),
      ]),
    );
  });

  it('when a carousel has 13 bubbles, then it is reported', () => {
    const bubble = { type: 'bubble', body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: 'x' }] } };
    const problems = findLimitProblems([{ type: 'flex', altText: 'a', contents: { type: 'carousel', contents: Array.from({ length: 13 }, () => bubble) } }]);
    expect(problems[0]).toContain('13 bubbles');
  });

  it('when a bubble is over 30 KB, then it is reported', () => {
    const big = { type: 'bubble', body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: 'x'.repeat(31 * 1024) }] } };
    expect(findLimitProblems([{ type: 'flex', altText: 'a', contents: big }])[0]).toContain('bytes');
  });
});

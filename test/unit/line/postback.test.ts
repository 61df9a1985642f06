import { decodePostback, encodePostback } from '../../../src/line/postback';

describe('postback codec', () => {
  it('when an action and fields are encoded, then decoding gives them back', () => {
    const data = encodePostback('complaints.accept', { c: '65f0c0ffee', n: 3, skip: undefined });
    expect(data).toBe('v=1&a=complaints.accept&c=65f0c0ffee&n=3');
    expect(decodePostback(data)).toEqual({ kind: 'ok', action: 'complaints.accept', fields: { c: '65f0c0ffee', n: '3' } });
  });

  it('when the data would exceed 300 characters, then encoding throws', () => {
    expect(() => encodePostback('x.y', { note: 'ก'.repeat(300) })).toThrow(/characters/);
  });

  it('when a field is named like the envelope, then encoding throws', () => {
    expect(() => encodePostback('x.y', { a: 'other' })).toThrow(/reserved/);
  });

  it.each([
    ['', 'invalid'],
    ['hello', 'invalid'],
    ['a=complaints.accept', 'invalid'],
    ['v=1&a=$where', 'invalid'],
    ['v=1&a=x'.padEnd(301, 'x'), 'invalid'],
    ['v=0&a=complaints.accept&c=1', 'stale'],
  ])('when the data is %p, then it decodes as %s', (data, kind) => {
    expect(decodePostback(data).kind).toBe(kind);
  });
});

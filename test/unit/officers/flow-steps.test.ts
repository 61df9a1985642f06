import { parseNote } from '../../../src/features/officers/flow-steps';

// quickLabel is shared/text's shortLabel now, tested in test/unit/shared/short-label.test.ts.
describe('parseNote', () => {
  const text = (raw: string) => ({ kind: 'text' as const, text: raw.trim(), raw });
  it('when the note is long enough, then it is kept as typed', () => {
    expect(parseNote(text(' ซ่อมแล้ว '), {}, 'note' as never)).toEqual({ ok: true, answers: { note: 'ซ่อมแล้ว' } });
  });
  it('when the note is too short, too long or not text, then the step asks again', () => {
    expect(parseNote(text('ก'), {}, 'note' as never)).toMatchObject({ ok: false, reasonKey: 'officers.errors.noteTooShort' });
    expect(parseNote(text('ก'.repeat(1001)), {}, 'note' as never)).toMatchObject({ ok: false, reasonKey: 'officers.errors.noteTooLong' });
    expect(parseNote({ kind: 'sticker' }, {}, 'note' as never)).toMatchObject({ ok: false, reasonKey: 'officers.errors.needText' });
  });
});

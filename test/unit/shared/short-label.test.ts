import { QUICK_LABEL_MAX, shortLabel } from '../../../src/shared/text';

const graphemes = (s: string) => [...new Intl.Segmenter('th', { granularity: 'grapheme' }).segment(s)].map((g) => g.segment);

describe('shortLabel: one way to fit a quick-reply label', () => {
  it.each([
    ['กองสาธารณสุขและสิ่งแวดล้อม', 'กองสาธารณสุขฯ'],
    ['งานทะเบียนราษฎรและบัตรประชาชน', 'งานทะเบียนราษฎรฯ'],
    ['ศูนย์รับเรื่องราวร้องทุกข์เทศบาลตำบล', 'ศูนย์รับเรื่องราวฯ'],
    ['งานทะเบียนราษฎร', 'งานทะเบียนราษฎร'],
    ['Public Health and Environment Division', 'Public Health…'],
    ['Civil Registration Section', 'Civil Registration…'],
    ['🛣️ถนน/ทางเท้าชำรุดมากมายหลายจุด', '🛣️ถนน/ทางเท้าชำรุดฯ'],
    ['ติดต่อ (ด่วนมาก) ที่ช่องบริการหมายเลขสอง', 'ติดต่อ (ด่วนมาก)ฯ'],
  ])('when the text is %s, then its label is %s', (text, label) => {
    expect(shortLabel(text)).toBe(label);
  });

  it('when the text fits, then only its spaces are folded', () => {
    expect(shortLabel('  บัตร   ประชาชน ')).toBe('บัตร ประชาชน');
  });

  it('when one word is longer than the limit, then it is cut between whole characters and ends with an ellipsis', () => {
    expect(shortLabel('Supercalifragilisticexpialidocious')).toBe('Supercalifragilisti…');
    // Four family emoji of 11 UTF-16 units each: only whole ones are kept.
    const family = '👨‍👩‍👧‍👦';
    expect(shortLabel(family.repeat(4))).toBe(`${family}…`);
  });

  it.each(['ไฟฟ้าส่องสว่างดับทั้งซอยยาวมากจริงๆนะครับ', 'น้ำท่วมขังถนนหน้าโรงเรียนเทศบาลหนึ่ง', '🚰🚰🚰🚰🚰🚰🚰🚰🚰🚰🚰🚰', 'ที่ทำการเทศบาลตำบลบ้านสุขใจ'])(
    'when %s is shortened, then it is within LINE limit in UTF-16 units and every character is whole',
    (text) => {
      const label = shortLabel(text);
      expect(label.length).toBeLessThanOrEqual(QUICK_LABEL_MAX);
      expect(label).not.toBe(text);
      // Before its end mark, the label is the text's start, cut where one character ends and the next begins.
      const kept = label.slice(0, -1);
      expect(text.startsWith(kept)).toBe(true);
      const boundaries = graphemes(text).reduce<number[]>((ends, g) => [...ends, (ends.at(-1) ?? 0) + g.length], []);
      expect(boundaries).toContain(kept.length);
    },
  );
});

import { translator } from '../../i18n';
import type { BotContext } from '../../line/context';
import type { BotInput } from '../../line/input';
import { normalizeCommandText } from '../../shared/text';

/** Thai polite endings added to a one-word answer: "ไม่มีรูปครับ" means "ไม่มีรูป". */
const POLITE_ENDING = /(?:\s*(?:นะ)?(?:ครับผม|ครับ|คับ|ค่ะ|คะ|ค่า|จ้ะ|จ้า|จ๊ะ))+$/u;
/** Arrows and emoji that decorate button labels ("ประเภทอื่น ▶", "💡 ไฟฟ้าส่องสว่าง"). */
const DECORATION = /[\p{Extended_Pictographic}\uFE0F◀▶◁▷←→]/gu;

/** A label or a typed answer reduced to the words that matter, for comparing the two. */
export function typedForm(text: string): string {
  return normalizeCommandText(text.replace(DECORATION, ' ')).replace(POLITE_ENDING, '').trim();
}

/**
 * The choice whose label the citizen typed, or undefined. LINE for PC shows no quick replies, so
 * a choice offered as a button must work typed too. Thai and English labels are read whatever
 * the citizen's language, and the labels of their own language as well.
 */
export function typedChoice<T extends string>(input: BotInput, ctx: Pick<BotContext, 't'>, choices: Readonly<Record<T, readonly string[]>>): T | undefined {
  if (input.kind !== 'text') return undefined;
  const typed = typedForm(input.text);
  if (!typed) return undefined;
  const readers = [ctx.t, translator('th'), translator('en')];
  return (Object.keys(choices) as T[]).find((choice) => choices[choice].some((key) => readers.some((t) => typedForm(t(key)) === typed)));
}

import { defineFlow, DONE, type FlowDefinition } from '../../../src/conversation/flow';
import type { BotContext } from '../../../src/line/context';

export interface OneAnswer {
  answer?: string;
}

/**
 * A test flow of one free-text question: `question` is sent as the prompt, any text is the
 * answer, and `onDone` gets it. `more` adds or overrides parts of the definition (onAbandon ...).
 */
export function oneQuestionFlow(
  id: string,
  question: string,
  onDone: (ctx: BotContext, answer: string) => Promise<void> | void,
  more: Partial<FlowDefinition<OneAnswer>> = {},
): FlowDefinition<OneAnswer> {
  return defineFlow<OneAnswer>({
    id,
    version: 1,
    titleKey: 'conversation.untitled',
    firstStep: () => 'answer',
    steps: {
      answer: {
        prompt: () => [{ type: 'text', text: question }],
        parse: (input, answers) => (input.kind === 'text' ? { ok: true, answers: { ...answers, answer: input.text } } : { ok: false, reasonKey: 'common.errors.staleButton' }),
        next: () => DONE,
      },
    },
    async onDone(ctx, answers) {
      await onDone(ctx, answers.answer ?? '');
    },
    ...more,
  });
}

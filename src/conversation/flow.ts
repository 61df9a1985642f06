import type { BotContext } from '../line/context';
import type { BotInput } from '../line/input';
import type { Message } from '../line/types';

/** A step's verdict on the user's input: new answers, or the reason it was not accepted. */
export type ParseResult<A> =
  | { ok: true; answers: A }
  | { ok: false; reasonKey: string; params?: Record<string, unknown> };

export const DONE = 'done' as const;

export interface FlowStep<A> {
  /** The question, as messages (flex builders and quick replies). */
  prompt(ctx: BotContext, answers: A): Message[] | Promise<Message[]>;
  /** Reads the input for this step. Pure: no database writes here. */
  parse(input: BotInput, answers: A, ctx: BotContext): ParseResult<A> | Promise<ParseResult<A>>;
  /** The next step's id, or DONE. Defaults to the next step in declaration order. */
  next?(answers: A): string;
}

/** What `absorb` did with an input that any step accepts (a photo or a map pin sent early). */
export interface Absorbed<A> {
  answers: A;
  /** A short acknowledgement; the current question is not repeated when given. */
  messages?: Message[];
}

export interface FlowDefinition<A = Record<string, unknown>> {
  id: string;
  /** Bump when the steps change: a user in an older version is restarted politely. */
  version: number;
  /** i18n key of the flow's name, used in "your unfinished ... was cancelled". */
  titleKey: string;
  /**
   * i18n key answered when the user cancels this dialog (typed or tapped "ยกเลิก"), filled from
   * its answers, for a dialog where "cancelled" alone would mislead: leaving the dialog that
   * withdraws a case does not withdraw the case. Default: conversation.cancelled with the title.
   */
  cancelledKey?: string;
  /**
   * The answers are sealed with the data key before they are stored, and an expired session is
   * deleted outright (not kept to tell the user it expired). For dialogs whose answers must not
   * be readable in the database: an anonymous report, a tracking PIN.
   */
  confidential?: boolean;
  /** Idle minutes before the flow expires (default 30). */
  ttlMinutes?: number;
  /** The first step, possibly depending on the answers it starts with. */
  firstStep(answers: A): string;
  steps: Record<string, FlowStep<A>>;
  /** Inputs accepted at any step (side effects allowed, e.g. downloading a photo). */
  absorb?(input: BotInput, answers: A, ctx: BotContext): Promise<Absorbed<A> | undefined>;
  /**
   * Runs when the last step is answered; the session is cleared after it succeeds. A `user_input`
   * refusal keeps the user on the last step; any other AppError ends the flow and runs onAbandon,
   * so refuse before keeping anything the answers hold.
   */
  onDone(ctx: BotContext, answers: A): Promise<void>;
  /**
   * Runs when the flow ends without onDone: cancelled, expired, replaced by another flow, made
   * outdated by a new version, or refused by the service (not_found, conflict, forbidden). Cleans up what the answers hold (uploaded photos), so an
   * abandoned draft leaves nothing behind. No context: it may run from a job, long after.
   */
  onAbandon?(answers: A): Promise<void>;
}

/** Declares a flow; the identity function gives type inference over the answers. */
export function defineFlow<A>(flow: FlowDefinition<A>): FlowDefinition<A> {
  return flow;
}

/** The id of the step after `stepId` in declaration order, or DONE. */
export function nextInOrder<A>(flow: FlowDefinition<A>, stepId: string): string {
  const ids = Object.keys(flow.steps);
  const index = ids.indexOf(stepId);
  return index >= 0 && index < ids.length - 1 ? ids[index + 1] : DONE;
}

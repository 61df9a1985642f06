import { translator } from '../../i18n';
import type { BotContext } from '../../line/context';
import type { Message } from '../../line/types';
import { enqueuePush } from '../../notifications/outbox.service';
import { isBlocked } from '../users/users.service';
import type { ActiveOfficer } from './case-access';

/**
 * Case details and dialogs belong in the officer's own chat with the OA, never in a department's
 * LINE group: there every member would read the citizen's phone number and full description,
 * and a dialog would take anybody's lines as answers. A button pressed in a group gets a short
 * line there; the rest goes to the officer's own chat.
 */

/** True when the event came from a group or multi-person chat. */
export function inGroupChat(ctx: BotContext): boolean {
  return ctx.chatType !== 'user';
}

/** A line for the group: in Thai, the language a department's group is written in. */
export function replyInGroup(ctx: BotContext, key: string, params: Record<string, unknown>): void {
  ctx.reply({ type: 'text', text: translator('th')(key, params) });
}

/**
 * Sends messages to the officer's own chat: the reply when they pressed the button there, else a
 * push (keyed by the event, so a retried event pushes once). Returns false when the officer has
 * blocked the OA: LINE would drop the push, and the group should say how to receive it.
 */
export async function toOfficerChat(ctx: BotContext, officer: ActiveOfficer, messages: Message[]): Promise<boolean> {
  if (!inGroupChat(ctx)) {
    ctx.reply(...messages);
    return true;
  }
  if (await isBlocked(officer.lineUserId)) return false;
  await enqueuePush({ to: officer.lineUserId, messages, topic: 'officers.privateCopy', dedupeKey: `private:${ctx.webhookEventId}` });
  return true;
}

/** In a group: "sent to <name>'s own chat", or, when the push cannot reach them, how to fix that. */
export function tellGroupWhereItWent(ctx: BotContext, officer: ActiveOfficer, number: string, delivered: boolean): void {
  if (!inGroupChat(ctx)) return;
  replyInGroup(ctx, delivered ? 'officers.group.sentPrivately' : 'officers.group.addOaFirst', { name: officer.name, number });
}

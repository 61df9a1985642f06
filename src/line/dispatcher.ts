import { ConversationEngine, FLOW_POSTBACK } from '../conversation/engine';
import { ensureUser, languageOf, setLanguage } from '../features/users/users.service';
import type { Lang } from '../i18n/languages';
import { enqueuePush } from '../notifications/outbox.service';
import { clock } from '../shared/clock';
import { isUserFacing } from '../shared/errors';
import { logger } from '../shared/logger';
import { normalizeCommandText } from '../shared/text';
import { createContext, type BotContext, type ChatType } from './context';
import { toBotInput, type BotInput } from './input';
import { LINE_LIMITS } from './limits';
import { LineApiError, lineClient } from './line-client';
import type { BotRouter } from './router';
import type { WebhookEvent } from './types';

/** Words that cancel whatever conversation is going on. */
export const CANCEL_WORDS = ['ยกเลิก', 'cancel', 'ပယ်ဖျက်'];
const cancelKeys = new Set(CANCEL_WORDS.map(normalizeCommandText));

interface EventSource {
  type?: string;
  userId?: string;
  groupId?: string;
  roomId?: string;
}

/**
 * The events the bot answers. The rest (unsend, videoPlayComplete, memberJoined, beacon,
 * accountLink, things, membership ...) carry nothing to answer, and most have no reply token,
 * so an answer would be a paid push: they are marked done untouched.
 */
const ROUTED_EVENT_TYPES = new Set(['message', 'postback', 'follow', 'unfollow', 'join', 'leave']);

/** The chat an event came from, where answers go. */
export function chatIdOf(source: EventSource | undefined): string {
  return source?.groupId ?? source?.roomId ?? source?.userId ?? '';
}

/**
 * The source of an event whose payload cannot be read, from its chat id (stored in plain beside
 * the sealed payload): LINE's group ids begin with C, room ids with R, user ids with U. Undefined
 * for an event that came from no chat.
 */
export function sourceOfChat(chatId: string | undefined): EventSource | undefined {
  if (!chatId || chatId.startsWith('event:')) return undefined;
  if (chatId.startsWith('C')) return { type: 'group', groupId: chatId };
  if (chatId.startsWith('R')) return { type: 'room', roomId: chatId };
  return { type: 'user', userId: chatId };
}

/** The kind of chat: anything LINE does not call a group or a room is the one-to-one chat. */
function chatTypeOf(source: EventSource | undefined): ChatType {
  return source?.type === 'group' || source?.type === 'room' ? source.type : 'user';
}

/**
 * The language to answer in. Only a one-to-one chat creates the user's record (and marks them
 * reachable): someone who merely talks in a department's group has not contacted the OA, and
 * nothing is kept about them. Nobody is answered after an unfollow, so nothing is looked up.
 */
async function languageFor(userId: string, chatType: ChatType, input: BotInput, now: Date): Promise<Lang> {
  if (!userId || input.kind === 'unfollow') return 'th';
  if (chatType !== 'user') return languageOf(userId);
  const user = await ensureUser(userId, now, async (id) => (await lineClient().getProfile(id)).language);
  return (user.lang as Lang | undefined) ?? 'th';
}

/**
 * Whether a failed reply should go out as a push: only when it certainly did not arrive and a
 * push can carry it. LINE refused the token (expired or used), was failing or rate-limiting, or
 * was never reached. After a timeout LINE may have delivered it, and a push would say it twice;
 * any other 4xx (a message LINE refuses) would be refused as a push too.
 */
function pushInstead(err: LineApiError): boolean {
  if (err.timedOut) return false;
  return err.invalidReplyToken || err.status === 0 || err.status === 429 || err.status >= 500;
}

/** Sends what the handler queued: up to 5 with the reply token, the rest (or all, if the reply surely failed) by push. */
async function flushReplies(ctx: BotContext, replyToken: string | undefined): Promise<void> {
  const messages = [...ctx.replies];
  if (messages.length === 0 || !ctx.chatId) return;
  const first = messages.slice(0, LINE_LIMITS.messagesPerCall);
  const rest = messages.slice(LINE_LIMITS.messagesPerCall);
  let pushFirst = !replyToken;
  if (replyToken) {
    try {
      await lineClient().reply(replyToken, first);
    } catch (err) {
      if (!(err instanceof LineApiError)) throw err;
      pushFirst = pushInstead(err);
      const log = { webhookEventId: ctx.webhookEventId, status: err.status, timedOut: err.timedOut, requestId: err.requestId };
      logger.warn(log, pushFirst ? 'reply failed, pushing instead' : 'reply failed and is not pushed: it may have arrived, or LINE would refuse the push too');
    }
  }
  const chunks = pushFirst ? [first] : [];
  for (let i = 0; i < rest.length; i += LINE_LIMITS.messagesPerCall) chunks.push(rest.slice(i, i + LINE_LIMITS.messagesPerCall));
  // Sealed: a fallback can carry anything, e.g. the reference and PIN of an anonymous report.
  for (const chunk of chunks) await enqueuePush({ to: ctx.chatId, messages: chunk, topic: 'reply.fallback', confidential: true });
}

function isCancel(ctx: BotContext): boolean {
  const input = ctx.input;
  if (input.kind === 'postback') return input.action === 'conversation.cancel';
  return input.kind === 'text' && cancelKeys.has(normalizeCommandText(input.text));
}

/**
 * The active conversation step first, unless the user typed cancel or an exact command word, or
 * pressed a rich-menu or other non-flow button: those pre-empt it. A text that only matches a
 * pattern (a case number, a ticket label) is an answer to the step: an officer's or unit's name
 * such as "A-123" must not be taken for a ticket label.
 */
async function route(ctx: BotContext, engine: ConversationEngine, router: BotRouter, loaded: Awaited<ReturnType<ConversationEngine['attach']>>): Promise<void> {
  const input = ctx.input;
  const lifecycle = input.kind === 'follow' || input.kind === 'unfollow' || input.kind === 'join' || input.kind === 'leave';
  // Groups and rooms: no conversation, no cancel, no help; the router answers postbacks and the commands opted in.
  if (lifecycle || ctx.chatType !== 'user') {
    await router.dispatch(ctx);
    return;
  }
  const session = await engine.validSession(ctx, loaded);
  if (isCancel(ctx)) {
    await engine.cancel(ctx, session);
    return;
  }
  const isFlowPostback = input.kind === 'postback' && input.action === FLOW_POSTBACK;
  if (session) {
    const preempts = (input.kind === 'text' && router.isCommand(input.text)) || (input.kind === 'postback' && !isFlowPostback);
    if (!preempts) {
      if (isFlowPostback && input.fields.f !== session.flowId) {
        ctx.reply({ type: 'text', text: ctx.t('common.errors.staleButton') });
        return;
      }
      await engine.continue(ctx, session);
      return;
    }
  } else if (isFlowPostback) {
    ctx.reply({ type: 'text', text: ctx.t('conversation.noActiveQuestion') });
    return;
  }
  await router.dispatch(ctx);
}

export interface DispatcherDeps {
  router: BotRouter;
  engine: ConversationEngine;
}

/**
 * Handles one stored webhook event end to end: builds the context, routes it, sends the
 * replies. Errors meant for the user are answered here; anything else is thrown so the
 * processor retries the event.
 */
export function createDispatcher({ router, engine }: DispatcherDeps) {
  return async function handleEvent(event: WebhookEvent, webhookEventId: string): Promise<void> {
    const raw = event as unknown as { type?: string; source?: EventSource; replyToken?: string };
    if (!ROUTED_EVENT_TYPES.has(String(raw.type))) {
      logger.debug({ webhookEventId, type: raw.type }, 'event type not handled');
      return;
    }
    const userId = raw.source?.userId ?? '';
    const chatType = chatTypeOf(raw.source);
    const now = clock.now();
    const input = toBotInput(event as unknown as Parameters<typeof toBotInput>[0]);
    const ctx = createContext({
      event,
      webhookEventId,
      userId,
      chatId: chatIdOf(raw.source),
      chatType,
      input,
      now,
      lang: await languageFor(userId, chatType, input, now),
      persistLanguage: (lang) => setLanguage(userId, lang),
    });
    const session = await engine.attach(ctx);
    try {
      await route(ctx, engine, router, session);
    } catch (err) {
      if (!isUserFacing(err)) throw err;
      ctx.reply({ type: 'text', text: ctx.t(err.messageKey, err.params) });
    }
    await flushReplies(ctx, raw.replyToken);
  };
}

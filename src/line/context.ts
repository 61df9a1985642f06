import type { Lang, Translate } from '../i18n/languages';
import { translator } from '../i18n';
import type { BotInput } from './input';
import type { Message, WebhookEvent } from './types';

/** Where the event happened: a one-to-one chat with the OA, a group, or a multi-person room. */
export type ChatType = 'user' | 'group' | 'room';

/** Starting, reading and ending the user's conversation (implemented by the conversation engine). */
export interface ConversationControl {
  /** The active flow's id, if any. */
  readonly activeFlowId: string | undefined;
  /** Starts a flow (replacing any other) and sends its first prompt. */
  start(flowId: string, answers?: Record<string, unknown>): Promise<void>;
  /** Ends the active flow without running its onDone. */
  end(): Promise<void>;
}

/**
 * Everything a handler needs about one event: who, in which language, what they sent, and how
 * to answer. Replies are collected and sent together after the handler, with the reply token.
 */
export interface BotContext {
  readonly event: WebhookEvent;
  readonly webhookEventId: string;
  /** The LINE user who acted ('' for group events without a user). */
  readonly userId: string;
  /** Where replies and pushes go: the user, group or room. */
  readonly chatId: string;
  /** Groups and rooms get no conversations, no help and only commands registered for them. */
  readonly chatType: ChatType;
  readonly input: BotInput;
  readonly now: Date;
  readonly lang: Lang;
  readonly t: Translate;
  readonly conversation: ConversationControl;
  /** Queues messages for the reply; more than 5 in all go on as a push. */
  reply(...messages: Message[]): void;
  /** Changes the user's language for this and later events. */
  setLanguage(lang: Lang): Promise<void>;
  /** Messages queued so far (the engine and tests read them). */
  readonly replies: readonly Message[];
}

export interface ContextInit {
  event: WebhookEvent;
  webhookEventId: string;
  userId: string;
  chatId: string;
  chatType: ChatType;
  input: BotInput;
  now: Date;
  lang: Lang;
  persistLanguage(lang: Lang): Promise<void>;
}

/** Builds a context; the conversation control is attached by the engine afterwards. */
export function createContext(init: ContextInit): BotContext & { conversation: ConversationControl } {
  const replies: Message[] = [];
  const ctx = {
    event: init.event,
    webhookEventId: init.webhookEventId,
    userId: init.userId,
    chatId: init.chatId,
    chatType: init.chatType,
    input: init.input,
    now: init.now,
    lang: init.lang,
    t: translator(init.lang),
    replies,
    conversation: undefined as unknown as ConversationControl,
    reply(...messages: Message[]) {
      replies.push(...messages);
    },
    async setLanguage(lang: Lang) {
      await init.persistLanguage(lang);
      ctx.lang = lang;
      ctx.t = translator(lang);
    },
  };
  return ctx;
}

/** A plain text message. */
export function text(body: string, quickReply?: Message['quickReply']): Message {
  return quickReply ? { type: 'text', text: body, quickReply } : { type: 'text', text: body };
}

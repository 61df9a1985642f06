import type { ZodType } from 'zod';
import { normalizeCommandText } from '../shared/text';
import { userInput } from '../shared/errors';
import type { BotContext } from './context';

export type Handler = (ctx: BotContext) => Promise<void> | void;
export type PatternHandler = (ctx: BotContext, match: RegExpExecArray) => Promise<void> | void;
export type PostbackHandler<T> = (ctx: BotContext, fields: T) => Promise<void> | void;

type LifecycleKind = 'follow' | 'unfollow' | 'join' | 'leave';

/** Where a text command or pattern is answered. */
export interface TextRouteOptions {
  /**
   * Also answer it in group and room chats. Off by default: a department's LINE group is a
   * conversation between officers, and the bot must not answer every line of it.
   */
  inGroups?: boolean;
}

interface CommandRoute {
  handler: Handler;
  inGroups: boolean;
}

interface PatternRoute {
  regex: RegExp;
  handler: PatternHandler;
  inGroups: boolean;
}

interface PostbackRoute {
  schema: ZodType<unknown>;
  handler: PostbackHandler<unknown>;
}

/**
 * Where features register what they answer: exact text commands (Thai and English words),
 * text patterns (a case number, a ticket label), postback actions and lifecycle events.
 * The dispatcher asks it after the conversation engine has had its turn.
 */
export class BotRouter {
  private readonly commands = new Map<string, CommandRoute>();
  private readonly patterns: PatternRoute[] = [];
  private readonly postbacks = new Map<string, PostbackRoute>();
  private readonly lifecycle = new Map<LifecycleKind, Handler[]>();
  private fallbackHandler: Handler | undefined;

  /** Exact commands: the whole message, compared after folding case, spaces and Thai digits. */
  command(words: readonly string[], handler: Handler, options: TextRouteOptions = {}): this {
    for (const word of words) {
      const key = normalizeCommandText(word);
      if (this.commands.has(key)) throw new Error(`command "${word}" registered twice`);
      this.commands.set(key, { handler, inGroups: options.inGroups ?? false });
    }
    return this;
  }

  /** A text pattern, tried in registration order after exact commands. */
  pattern(regex: RegExp, handler: PatternHandler, options: TextRouteOptions = {}): this {
    this.patterns.push({ regex, handler, inGroups: options.inGroups ?? false });
    return this;
  }

  /** A postback action; its fields are parsed with the schema before the handler sees them. */
  postback<T>(action: string, schema: ZodType<T>, handler: PostbackHandler<T>): this {
    if (this.postbacks.has(action)) throw new Error(`postback action "${action}" registered twice`);
    this.postbacks.set(action, { schema: schema as ZodType<unknown>, handler: handler as PostbackHandler<unknown> });
    return this;
  }

  on(kind: LifecycleKind, handler: Handler): this {
    this.lifecycle.set(kind, [...(this.lifecycle.get(kind) ?? []), handler]);
    return this;
  }

  /** What to answer in a one-to-one chat when nothing else matched (never in groups). */
  fallback(handler: Handler): this {
    this.fallbackHandler = handler;
    return this;
  }

  /** True when the text is a registered command or pattern (for the menus validator and help). */
  matchesText(text: string): boolean {
    return this.isCommand(text) || this.patterns.some((p) => p.regex.test(text.trim()));
  }

  /** True when the text is an exact command word (those pre-empt an active conversation step). */
  isCommand(text: string): boolean {
    return this.commands.has(normalizeCommandText(text));
  }

  hasPostback(action: string): boolean {
    return this.postbacks.has(action);
  }

  /** Every registered command word, for the menus validator and the help text. */
  commandWords(): string[] {
    return [...this.commands.keys()];
  }

  /** Routes a context; returns false when nothing handled it (no fallback, or a group chat). */
  async dispatch(ctx: BotContext): Promise<boolean> {
    const input = ctx.input;
    if (input.kind === 'follow' || input.kind === 'unfollow' || input.kind === 'join' || input.kind === 'leave') {
      for (const handler of this.lifecycle.get(input.kind) ?? []) await handler(ctx);
      return true;
    }
    if (input.kind === 'postback') {
      const route = this.postbacks.get(input.action);
      if (!route) throw userInput('common.errors.staleButton');
      const parsed = route.schema.safeParse(input.fields);
      if (!parsed.success) throw userInput('common.errors.staleButton');
      await route.handler(ctx, parsed.data);
      return true;
    }
    if (input.kind === 'postback_stale') throw userInput('common.errors.staleButton');
    const oneToOne = ctx.chatType === 'user';
    if (input.kind === 'text' && (await this.dispatchText(ctx, input.text, oneToOne))) return true;
    if (this.fallbackHandler && oneToOne) {
      await this.fallbackHandler(ctx);
      return true;
    }
    return false;
  }

  private async dispatchText(ctx: BotContext, text: string, oneToOne: boolean): Promise<boolean> {
    const command = this.commands.get(normalizeCommandText(text));
    if (command && (oneToOne || command.inGroups)) {
      await command.handler(ctx);
      return true;
    }
    for (const { regex, handler, inGroups } of this.patterns) {
      if (!oneToOne && !inGroups) continue;
      const match = regex.exec(text.trim());
      if (match) {
        await handler(ctx, match);
        return true;
      }
    }
    return false;
  }

  /** True when the action is registered and its schema accepts these fields (the menus validator). */
  acceptsPostback(action: string, fields: Record<string, string>): boolean {
    const route = this.postbacks.get(action);
    return route !== undefined && route.schema.safeParse(fields).success;
  }
}

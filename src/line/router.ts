import type { ZodType } from 'zod';
import { normalizeCommandText } from '../shared/text';
import { userInput } from '../shared/errors';
import type { BotContext } from './context';

export type Handler = (ctx: BotContext) => Promise<void> | void;
export type PatternHandler = (ctx: BotContext, match: RegExpExecArray) => Promise<void> | void;
export type PostbackHandler<T> = (ctx: BotContext, fields: T) => Promise<void> | void;

type LifecycleKind = 'follow' | 'unfollow' | 'join' | 'leave';

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
  private readonly commands = new Map<string, Handler>();
  private readonly patterns: { regex: RegExp; handler: PatternHandler }[] = [];
  private readonly postbacks = new Map<string, PostbackRoute>();
  private readonly lifecycle = new Map<LifecycleKind, Handler[]>();
  private fallbackHandler: Handler | undefined;

  /** Exact commands: the whole message, compared after folding case, spaces and Thai digits. */
  command(words: readonly string[], handler: Handler): this {
    for (const word of words) {
      const key = normalizeCommandText(word);
      if (this.commands.has(key)) throw new Error(`command "${word}" registered twice`);
      this.commands.set(key, handler);
    }
    return this;
  }

  /** A text pattern, tried in registration order after exact commands. */
  pattern(regex: RegExp, handler: PatternHandler): this {
    this.patterns.push({ regex, handler });
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

  /** What to answer when nothing else matched. */
  fallback(handler: Handler): this {
    this.fallbackHandler = handler;
    return this;
  }

  /** True when the text is a registered command or pattern (the engine lets those pre-empt a flow step). */
  matchesText(text: string): boolean {
    return this.commands.has(normalizeCommandText(text)) || this.patterns.some((p) => p.regex.test(text.trim()));
  }

  hasPostback(action: string): boolean {
    return this.postbacks.has(action);
  }

  /** Every registered command word, for the menus validator and the help text. */
  commandWords(): string[] {
    return [...this.commands.keys()];
  }

  /** Routes a context; returns false when nothing handled it and there is no fallback. */
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
    if (input.kind === 'text') {
      const command = this.commands.get(normalizeCommandText(input.text));
      if (command) {
        await command(ctx);
        return true;
      }
      for (const { regex, handler } of this.patterns) {
        const match = regex.exec(input.text.trim());
        if (match) {
          await handler(ctx, match);
          return true;
        }
      }
    }
    if (this.fallbackHandler) {
      await this.fallbackHandler(ctx);
      return true;
    }
    return false;
  }
}

import type { BotContext, ConversationControl } from '../line/context';
import { encodePostback } from '../line/postback';
import type { BotInput } from '../line/input';
import type { QuickReplyItem } from '../line/types';
import { AppError, forbidden, isUserFacing } from '../shared/errors';
import { DONE, nextInOrder, type FlowDefinition } from './flow';
import { errorText, logger } from '../shared/logger';
import { clock } from '../shared/clock';
import { isUnknownKeyVersion } from '../shared/crypto';
import { SessionModel } from './session.model';
import { readAnswers, storedAnswers } from './session-answers';

/** The stored state of a user's conversation, as the engine reads it. */
export interface SessionState {
  userId: string;
  flowId: string;
  version: number;
  stepId: string;
  answers: Record<string, unknown>;
  expiresAt: Date;
  /** Set when sealed answers failed authentication: the session is ended like an outdated one. */
  unreadable?: boolean;
}

/** A session document as read from the database (answers plain or sealed). */
interface StoredSession {
  _id: unknown;
  userId: string;
  flowId: string;
  version: number;
  stepId: string;
  answers?: unknown;
  sealed?: unknown;
  expiresAt: Date;
}

/**
 * The session as the engine works with it: answers opened, whatever way they were stored. Throws
 * UnknownKeyVersionError for answers sealed with a key this instance lacks: the caller leaves the
 * session untouched (the event that read it waits for an instance with the key).
 */
function toState(doc: StoredSession): SessionState {
  const answers = readAnswers(doc);
  if (!answers) logger.warn({ flowId: doc.flowId }, 'sealed conversation answers could not be opened; the conversation is ended');
  return { userId: doc.userId, flowId: doc.flowId, version: doc.version, stepId: doc.stepId, expiresAt: doc.expiresAt, answers: answers ?? {}, ...(answers ? {} : { unreadable: true }) };
}

const DEFAULT_TTL_MINUTES = 30;
const PURGE_AFTER_MS = 7 * 86_400_000;
/** Confidential sessions are deleted by the sweep; this TTL is only the backstop if the sweep stops. */
const CONFIDENTIAL_PURGE_AFTER_MS = 86_400_000;
/** How long after expiry a session is swept: well past any event that was already being handled. */
export const SWEEP_GRACE_MS = 10 * 60_000;

/** Postback action that flow quick replies use: `flow` with the flow id, step id and value. */
export const FLOW_POSTBACK = 'flow';

/** Postback data answering the current step with a value (`x`). */
export function flowAnswer(flowId: string, stepId: string, value: string): string {
  return encodePostback(FLOW_POSTBACK, { f: flowId, s: stepId, x: value });
}

/** The value of a flow postback for this step, or undefined when the input is something else. */
export function flowAnswerValue(input: BotInput, stepId: string): string | undefined {
  if (input.kind !== 'postback' || input.action !== FLOW_POSTBACK || input.fields.s !== stepId) return undefined;
  return input.fields.x;
}

/** A quick-reply item that cancels the active flow; every prompt should carry one. */
export function cancelQuickReply(label: string): QuickReplyItem {
  return { type: 'action', action: { type: 'postback', label, data: encodePostback('conversation.cancel'), displayText: label } };
}

type AnyFlow = FlowDefinition<Record<string, unknown>>;

/**
 * Group and room chats hold no conversation: a dialog there would take every member's lines as
 * answers. Starting one is refused politely; a handler that wants a dialog checks ctx.chatType.
 */
const NO_CONVERSATION_IN_GROUPS: ConversationControl = {
  activeFlowId: undefined,
  start: () => Promise.reject(forbidden('conversation.privateChatOnly')),
  end: () => Promise.resolve(),
};

/**
 * Runs step-table flows. Knows nothing of complaints or queues: it stores the step and answers,
 * asks each step to parse the input, and moves on. Expired and outdated sessions are cleared
 * with a short notice the next time the user writes.
 */
export class ConversationEngine {
  private readonly flows = new Map<string, AnyFlow>();

  register<A>(flow: FlowDefinition<A>): void {
    if (this.flows.has(flow.id)) throw new Error(`flow ${flow.id} registered twice`);
    this.flows.set(flow.id, flow as unknown as AnyFlow);
  }

  has(flowId: string): boolean {
    return this.flows.has(flowId);
  }

  /** Attaches a ConversationControl to the context, loading the session if there is one. */
  async attach(ctx: BotContext & { conversation: ConversationControl }): Promise<SessionState | undefined> {
    if (ctx.chatType !== 'user') {
      ctx.conversation = NO_CONVERSATION_IN_GROUPS;
      return undefined;
    }
    const stored = ctx.userId ? await SessionModel.findOne({ userId: ctx.userId }).lean<StoredSession>() : null;
    const session = stored ? toState(stored) : undefined;
    let active = session;
    const flowOf = (id: string) => this.flow(id);
    const save = (flow: AnyFlow, stepId: string, answers: Record<string, unknown>) => this.save(ctx, flow, stepId, answers);
    const abandon = (state: SessionState | undefined) => this.abandon(state);
    ctx.conversation = {
      get activeFlowId() {
        return active?.flowId;
      },
      async start(flowId, answers = {}) {
        const flow = flowOf(flowId);
        if (active && active.flowId !== flowId) ctx.reply({ type: 'text', text: ctx.t('conversation.replaced', { title: ctx.t(flowOf(active.flowId)?.titleKey ?? 'conversation.untitled') }) });
        if (!flow) throw new Error(`unknown flow ${flowId}`);
        const stepId = flow.firstStep(answers);
        const replaced = active;
        active = await save(flow, stepId, answers);
        await abandon(replaced);
        ctx.reply(...(await flow.steps[stepId].prompt(ctx, answers)));
      },
      async end() {
        active = undefined;
        await SessionModel.deleteOne({ userId: ctx.userId });
      },
    };
    return session;
  }

  private flow(flowId: string): AnyFlow | undefined {
    return this.flows.get(flowId);
  }

  /** Lets the flow clean up an abandoned session's answers; a failure is logged, never shown. */
  private async abandon(session: SessionState | undefined): Promise<void> {
    const flow = session && this.flow(session.flowId);
    if (!session || !flow?.onAbandon) return;
    try {
      await flow.onAbandon(session.answers ?? {});
    } catch (err) {
      logger.warn({ flowId: session.flowId, err: errorText(err) }, 'clean-up of an abandoned conversation failed');
    }
  }

  /**
   * Abandons the sessions that expired at least SWEEP_GRACE_MS ago and were not yet swept: the
   * flow cleans up (photos of a draft nobody finished) and the answers are dropped at once.
   * A plain session stays until purgeAt, so a user who comes back is told it expired; a
   * confidential one is deleted outright, since even its flow id would show that this user
   * began such a dialog. Returns how many were swept.
   */
  async sweepExpired(now: Date, limit = 200): Promise<number> {
    const expired = await SessionModel.find({ expiresAt: { $lte: new Date(now.getTime() - SWEEP_GRACE_MS) }, sweptAt: { $exists: false } })
      .limit(limit)
      .lean<StoredSession[]>();
    let swept = 0;
    for (const doc of expired) {
      const state = this.readableState(doc);
      if (!state) continue;
      // Only if nobody renewed it meanwhile (the expiry is unchanged) and no other instance took it.
      const untouched = { _id: doc._id, expiresAt: doc.expiresAt, sweptAt: { $exists: false } };
      const confidential = doc.sealed !== undefined || this.flow(doc.flowId)?.confidential === true;
      const taken = confidential
        ? (await SessionModel.deleteOne(untouched)).deletedCount
        : (await SessionModel.updateOne(untouched, { $set: { sweptAt: now, answers: {} } })).modifiedCount;
      if (taken === 0) continue;
      await this.abandon(state);
      swept += 1;
    }
    return swept;
  }

  /**
   * The session's state for the sweep; undefined when its answers were sealed with a key this
   * instance lacks: it is left, answers and all, for an instance that has the key.
   */
  private readableState(doc: StoredSession): SessionState | undefined {
    try {
      return toState(doc);
    } catch (err) {
      if (!isUnknownKeyVersion(err)) throw err;
      logger.warn({ flowId: doc.flowId, err: errorText(err) }, 'expired conversation left for an instance that has its data key');
      return undefined;
    }
  }

  private async save(ctx: BotContext, flow: AnyFlow, stepId: string, answers: Record<string, unknown>): Promise<SessionState> {
    const now = ctx.now;
    const expiresAt = new Date(now.getTime() + (flow.ttlMinutes ?? DEFAULT_TTL_MINUTES) * 60_000);
    const confidential = flow.confidential === true;
    const purgeAt = clock.ttlAt(new Date(expiresAt.getTime() + (confidential ? CONFIDENTIAL_PURGE_AFTER_MS : PURGE_AFTER_MS)));
    const key = { userId: ctx.userId, flowId: flow.id, version: flow.version, stepId, expiresAt };
    await SessionModel.replaceOne({ userId: ctx.userId }, { ...key, ...storedAnswers(ctx.userId, flow.id, answers, confidential), updatedAt: now, purgeAt }, { upsert: true });
    return { ...key, answers };
  }

  /**
   * Clears a session that expired or whose flow changed, telling the user. Returns the session
   * when it is still good.
   */
  async validSession(ctx: BotContext, session: SessionState | undefined): Promise<SessionState | undefined> {
    if (!session) return undefined;
    const flow = this.flow(session.flowId);
    const title = ctx.t(flow?.titleKey ?? 'conversation.untitled');
    if (!flow || flow.version !== session.version || !flow.steps[session.stepId] || session.unreadable) {
      await ctx.conversation.end();
      await this.abandon(session);
      ctx.reply({ type: 'text', text: ctx.t('conversation.outdated', { title }) });
      return undefined;
    }
    if (session.expiresAt.getTime() <= ctx.now.getTime()) {
      await ctx.conversation.end();
      await this.abandon(session);
      ctx.reply({ type: 'text', text: ctx.t('conversation.expired', { title }) });
      return undefined;
    }
    return session;
  }

  /** Cancels the active flow, if any, with a confirmation. */
  async cancel(ctx: BotContext, session: SessionState | undefined): Promise<void> {
    if (!session) {
      ctx.reply({ type: 'text', text: ctx.t('conversation.nothingToCancel') });
      return;
    }
    const flow = this.flow(session.flowId);
    await ctx.conversation.end();
    await this.abandon(session);
    const text = flow?.cancelledKey ? ctx.t(flow.cancelledKey, { ...(session.answers ?? {}) }) : ctx.t('conversation.cancelled', { title: ctx.t(flow?.titleKey ?? 'conversation.untitled') });
    ctx.reply({ type: 'text', text });
  }

  /**
   * Feeds the input to the active flow's current step. A refusal the user can fix by answering
   * again (`user_input`) keeps the dialog; any other (not_found, conflict, forbidden: the case
   * was resolved meanwhile, the window passed) ends it, or every later message would get the
   * same refusal. The refusal itself is thrown on for the dispatcher to translate.
   */
  async continue(ctx: BotContext, session: SessionState): Promise<void> {
    const latest = { answers: (session.answers ?? {}) as Record<string, unknown> };
    try {
      await this.advance(ctx, session, latest);
    } catch (err) {
      const refused = isUserFacing(err) && err.kind !== 'user_input';
      if (refused && ctx.conversation.activeFlowId === session.flowId) {
        await ctx.conversation.end();
        await this.abandon({ ...session, answers: latest.answers });
      }
      throw err;
    }
  }

  /** One step forward; `latest` follows the answers as they grow, for the clean-up of a refused dialog. */
  private async advance(ctx: BotContext, session: SessionState, latest: { answers: Record<string, unknown> }): Promise<void> {
    const flow = this.flow(session.flowId) as AnyFlow;
    const answers = latest.answers;
    const step = flow.steps[session.stepId];

    const absorbed = flow.absorb ? await flow.absorb(ctx.input, answers, ctx) : undefined;
    if (absorbed) {
      latest.answers = absorbed.answers;
      await this.save(ctx, flow, session.stepId, absorbed.answers);
      ctx.reply(...(absorbed.messages ?? (await step.prompt(ctx, absorbed.answers))));
      return;
    }
    const result = await step.parse(ctx.input, answers, ctx);
    if (!result.ok) {
      ctx.reply({ type: 'text', text: ctx.t(result.reasonKey, result.params) }, ...(await step.prompt(ctx, answers)));
      return;
    }
    latest.answers = result.answers;
    const nextId = step.next ? step.next(result.answers) : nextInOrder(flow, session.stepId);
    if (nextId === DONE) {
      await this.finish(ctx, flow, session.stepId, result.answers);
      return;
    }
    if (!flow.steps[nextId]) throw new AppError('bug', 'common.errors.generic', { flow: flow.id, step: nextId });
    await this.save(ctx, flow, nextId, result.answers);
    ctx.reply(...(await flow.steps[nextId].prompt(ctx, result.answers)));
  }

  private async finish(ctx: BotContext, flow: AnyFlow, stepId: string, answers: Record<string, unknown>): Promise<void> {
    try {
      await flow.onDone(ctx, answers);
    } catch (err) {
      // The user can correct a refused answer: keep them on the step that led here.
      if (isUserFacing(err) && err.kind === 'user_input') await this.save(ctx, flow, stepId, answers);
      throw err;
    }
    if (ctx.conversation.activeFlowId === flow.id) await ctx.conversation.end();
  }
}

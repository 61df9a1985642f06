import type { AppConfig } from './config';
import { ConversationEngine } from './conversation/engine';
import type { Feature } from './features/feature';
import { Scheduler } from './jobs/scheduler';
import { createDispatcher } from './line/dispatcher';
import { EventProcessor, type ProcessorOptions } from './line/event-processor';
import { BotRouter } from './line/router';
import type { WebhookEvent } from './line/types';
import { enqueuePush, onOutboxEnqueued } from './notifications/outbox.service';
import { sendDueOutbox } from './notifications/send-outbox.job';
import { languageOf } from './features/users/users.service';
import { translator } from './i18n';
import { chatIdOf } from './line/dispatcher';
import { setEncryptionKeys } from './shared/crypto';

export const SEND_OUTBOX_JOB = 'send-outbox';
export const SWEEP_SESSIONS_JOB = 'conversation.sweep';

/** The bot's moving parts, built from the features; no network, no listening. */
export interface Runtime {
  config: AppConfig;
  features: Feature[];
  router: BotRouter;
  engine: ConversationEngine;
  processor: EventProcessor;
  scheduler: Scheduler;
}

/** The last word to a user whose message could not be handled after every retry. */
async function apologize(event: WebhookEvent): Promise<void> {
  const source = (event as { source?: { userId?: string; groupId?: string; roomId?: string } }).source;
  const chatId = chatIdOf(source);
  if (!chatId) return;
  const t = translator(source?.userId ? await languageOf(source.userId) : 'th');
  await enqueuePush({ to: chatId, messages: [{ type: 'text', text: t('common.errors.generic') }], topic: 'event.failed' });
}

export function createRuntime(config: AppConfig, features: Feature[], processorOptions?: ProcessorOptions): Runtime {
  setEncryptionKeys(config.encryptionKeys);
  const router = new BotRouter();
  const engine = new ConversationEngine();
  for (const feature of features) feature.register?.({ router, engine });
  const processor = new EventProcessor(createDispatcher({ router, engine }), apologize, processorOptions);
  const scheduler = new Scheduler();
  scheduler.register({ name: SEND_OUTBOX_JOB, intervalMs: 1000, run: (_now, stopping) => sendDueOutbox(100, stopping) });
  scheduler.register({ name: SWEEP_SESSIONS_JOB, intervalMs: 5 * 60_000, exclusive: true, run: (now) => engine.sweepExpired(now) });
  for (const feature of features) for (const job of feature.jobs ?? []) scheduler.register(job);
  onOutboxEnqueued(() => scheduler.kick(SEND_OUTBOX_JOB));
  return { config, features, router, engine, processor, scheduler };
}

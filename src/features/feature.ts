import type { Router } from 'express';
import type { ConversationEngine } from '../conversation/engine';
import type { AppConfig } from '../config';
import type { JobDefinition } from '../jobs/scheduler';
import type { BotRouter } from '../line/router';

/** What a feature registers with the bot. */
export interface BotRegistry {
  router: BotRouter;
  engine: ConversationEngine;
}

/**
 * A feature folder's entry point: its handlers and flows, its background jobs, its demo data
 * and any HTTP routes (the queue board, admin endpoints). src/features/index.ts lists them.
 */
export interface Feature {
  name: string;
  register?(bot: BotRegistry): void;
  jobs?: JobDefinition[];
  /** Loads the demo municipality's data when it is missing (DEMO_DATA=true). Idempotent. */
  loadDemoData?(): Promise<void>;
  /** HTTP routes, mounted at the root of the app. */
  routes?(config: AppConfig): Router;
}

import type { ZodType } from 'zod';

/** One line of a configuration plan: what applying the file would do to one item. */
export interface ConfigChange {
  action: 'create' | 'update' | 'deactivate' | 'unchanged';
  /** The item's stable key (a code), e.g. `street-light`. */
  key: string;
  /** What changes, e.g. `dueDays: 15 -> 7`. */
  details?: string;
}

/**
 * A section of the admin configuration file (`npm run config -- plan|apply <file>`): departments,
 * categories, queue services, surveys, settings. Each feature that owns such data exports one.
 * Items missing from the file that are in use are deactivated, never deleted. Applying the same
 * file twice changes nothing the second time (every change is `unchanged`).
 */
export interface ConfigSection<T> {
  /** The key of the section in the file: `departments`, `categories`, `queueServices`, `surveys`, `settings`. */
  key: string;
  /** Validates the section's items (one zod schema per item). */
  itemSchema: ZodType<T>;
  /** What applying would change, without changing anything. */
  plan(items: T[]): Promise<ConfigChange[]>;
  /** Applies the items; returns what changed. */
  apply(items: T[], now: Date): Promise<ConfigChange[]>;
}

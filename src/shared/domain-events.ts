import { AppError } from './errors';
import { errorText, logger } from './logger';

/**
 * Things that happened in one feature that another reacts to, e.g. surveys invite a citizen
 * after a case is closed or a ticket served. Listeners run after the emitter's write succeeded;
 * a failing listener is logged and never undoes the emitter's work (a `required` event also
 * makes the emitter's caller retry).
 */
export interface DomainEvents {
  /** A complaint was filed (any channel). */
  'complaint.filed': { caseId: string; caseNumber: string; departmentCode: string; categoryCode: string; citizenId?: string; channel: string };
  /**
   * A complaint's status changed. Cases record officers by LINE user id (the holder, the actor),
   * so the officer is named by `officerLineUserId`, not by the officers' database id.
   */
  'complaint.statusChanged': { caseId: string; caseNumber: string; from: string; to: string; citizenId?: string; departmentCode: string; categoryCode: string; officerLineUserId?: string; at: Date };
  /** The citizen confirmed a resolved case, or it closed by itself: time to ask for a rating. */
  'complaint.closed': { caseId: string; caseNumber: string; citizenId?: string; departmentCode: string; categoryCode: string; officerLineUserId?: string; at: Date };
  /** A queue ticket was served at a counter; `officerId` is the officer's database id. */
  'queue.ticketServed': { ticketId: string; label: string; serviceCode: string; departmentCode: string; counterNo?: number; citizenId?: string; officerId?: string; at: Date };
}

type Listener<K extends keyof DomainEvents> = (payload: DomainEvents[K]) => Promise<void> | void;
const listeners: { [K in keyof DomainEvents]?: Listener<K>[] } = {};

/** Subscribes to a domain event; returns the unsubscribe function. */
export function onDomainEvent<K extends keyof DomainEvents>(name: K, listener: Listener<K>): () => void {
  const list = (listeners[name] ??= []) as Listener<K>[];
  list.push(listener);
  return () => list.splice(list.indexOf(listener), 1);
}

export interface EmitOptions {
  /**
   * The emitter's work is not done until every listener succeeded: after all listeners ran, a
   * failure is thrown, so the unit of work (a webhook event) is retried. Only for an emitter that
   * emits again when its work is replayed, to listeners that deduplicate (outbox keys).
   */
  required?: boolean;
}

/** Emits a domain event and waits for its listeners (so tests see their effects). */
export async function emitDomainEvent<K extends keyof DomainEvents>(name: K, payload: DomainEvents[K], options: EmitOptions = {}): Promise<void> {
  let failures = 0;
  for (const listener of (listeners[name] ?? []) as Listener<K>[]) {
    try {
      await listener(payload);
    } catch (err) {
      failures += 1;
      logger.error({ event: name, err: errorText(err) }, 'domain event listener failed');
    }
  }
  if (failures > 0 && options.required) throw new AppError('upstream', 'common.errors.generic', { event: name, failures });
}

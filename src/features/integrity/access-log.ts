import { IntegrityAccessLogModel, type AccessAction } from './integrity.model';

export interface AccessEntry {
  officerId?: string;
  action: AccessAction;
  reportId?: string;
  /** Several reports shown at once (a list, a reminder digest). */
  reportIds?: string[];
  detail?: string;
  at: Date;
}

/** Writes one line of the access log: who (officer id), when, what, which report(s). */
export async function logAccess(entry: AccessEntry): Promise<void> {
  await IntegrityAccessLogModel.create(entry);
}

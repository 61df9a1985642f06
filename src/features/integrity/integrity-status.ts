/**
 * The lifecycle of a confidential report: one table, in one file. Every change of status goes
 * through `canMove`. Thai and English labels come from i18n (`integrity.status.<status>`).
 *
 * received -> under_review (ตรวจสอบข้อเท็จจริง) -> under_investigation (สอบสวน)
 *   -> substantiated | unsubstantiated | referred (concluded) -> closed
 */
export const INTEGRITY_STATUSES = ['received', 'under_review', 'under_investigation', 'substantiated', 'unsubstantiated', 'referred', 'closed'] as const;
export type IntegrityStatus = (typeof INTEGRITY_STATUSES)[number];

export type IntegrityStatusGroup = 'open' | 'concluded' | 'closed';

interface StatusRow {
  group: IntegrityStatusGroup;
  /** Where an integrity officer may move the report from here. */
  next: readonly IntegrityStatus[];
}

const TABLE: Record<IntegrityStatus, StatusRow> = {
  received: { group: 'open', next: ['under_review', 'under_investigation', 'unsubstantiated', 'referred'] },
  under_review: { group: 'open', next: ['under_investigation', 'substantiated', 'unsubstantiated', 'referred'] },
  under_investigation: { group: 'open', next: ['substantiated', 'unsubstantiated', 'referred'] },
  substantiated: { group: 'concluded', next: ['closed', 'under_investigation'] },
  unsubstantiated: { group: 'concluded', next: ['closed', 'under_investigation'] },
  referred: { group: 'concluded', next: ['closed'] },
  closed: { group: 'closed', next: [] },
};

/** Statuses whose deadline is watched (the report still waits for a conclusion). */
export const OPEN_STATUSES: readonly IntegrityStatus[] = INTEGRITY_STATUSES.filter((s) => TABLE[s].group === 'open');

export function isIntegrityStatus(value: unknown): value is IntegrityStatus {
  return typeof value === 'string' && (INTEGRITY_STATUSES as readonly string[]).includes(value);
}

export function statusGroup(status: IntegrityStatus): IntegrityStatusGroup {
  return TABLE[status].group;
}

/** The statuses an officer may choose next. */
export function nextStatuses(status: IntegrityStatus): readonly IntegrityStatus[] {
  return TABLE[status].next;
}

export function canMove(from: IntegrityStatus, to: IntegrityStatus): boolean {
  return TABLE[from].next.includes(to);
}

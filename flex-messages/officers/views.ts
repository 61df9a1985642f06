/**
 * Plain view data for the officer cards: already translated names and formatted dates, so the
 * builders stay pure (no models, no ctx). src/features/officers/case-view.ts makes them.
 */

/** The buttons an officer may be offered on a case. */
export type CaseAction = 'accept' | 'update' | 'ask' | 'forward' | 'resolve' | 'refer' | 'delayReason';

export interface CaseCardView {
  caseId: string;
  number: string;
  categoryName: string;
  departmentName: string;
  statusLabel: string;
  /** Short description for cards and lists. */
  excerpt: string;
  photoUrl?: string;
  /** A map link for the location, when the case has one. */
  mapUrl?: string;
  address?: string;
  filedAt: string;
  dueAt: string;
  overdue: boolean;
  channelLabel: string;
  holderName?: string;
  /** Set on the card a department gets when a case is forwarded to it. */
  forwardedFrom?: { departmentName: string; reason: string };
  /** Set on the card a department gets when a revoked officer's case comes back to it. */
  returned?: boolean;
  /** The case buttons on the card: accept for the department, forward for the complaint centre, none for admins. */
  actions: CaseAction[];
  /** A "details" button, for readers who may open the case. */
  offersDetail: boolean;
}

export interface CaseHistoryView {
  at: string;
  label: string;
  note?: string;
  /** Links to the photos of this entry (an update, the citizen's answer, the after-photos). */
  photoUrls?: string[];
}

export interface CaseDetailView extends CaseCardView {
  description: string;
  /** Shown only to the officer who holds the case. */
  phone?: string;
  delayReason?: string;
  /** Links to every photo the citizen filed with (the hero shows only the first). */
  photoUrls?: string[];
  /** Most recent first, a few entries. */
  history: CaseHistoryView[];
  actions: CaseAction[];
}

export interface CaseListItemView {
  caseId: string;
  number: string;
  categoryName: string;
  statusLabel: string;
  excerpt: string;
  dueAt: string;
  overdue: boolean;
  holderName?: string;
  /** Why the case is on a head's list: past due, or nobody accepted it in time. */
  flag?: 'overdue' | 'unaccepted';
  /** The buttons the reader may use on it now (the officer's own list). */
  actions?: CaseAction[];
}

/**
 * The complaint's status machine: every status, its Open311 group, its label, and every allowed
 * transition with the kind of actor who may make it. One table, read through this module only;
 * code elsewhere branches on groups (open/closed), never on lists of statuses of its own.
 */
export const STATUSES = ['received', 'accepted', 'in_progress', 'waiting_citizen', 'resolved', 'closed', 'referred', 'cancelled'] as const;
export type ComplaintStatus = (typeof STATUSES)[number];

export type StatusGroup = 'open' | 'closed';
export type ActorKind = 'citizen' | 'officer' | 'system';

/** Open311 groups: open while the municipality still owes the citizen something. */
export const STATUS_GROUP: Readonly<Record<ComplaintStatus, StatusGroup>> = {
  received: 'open',
  accepted: 'open',
  in_progress: 'open',
  waiting_citizen: 'open',
  resolved: 'closed',
  closed: 'closed',
  referred: 'closed',
  cancelled: 'closed',
};

export type TransitionAction = 'accept' | 'progress' | 'ask' | 'answer' | 'forward' | 'resolve' | 'refer' | 'cancel' | 'confirm' | 'reopen' | 'autoClose';

export interface Transition {
  from: readonly ComplaintStatus[];
  to: ComplaintStatus;
  actors: readonly ActorKind[];
}

const WORKING = ['accepted', 'in_progress'] as const;
const OPEN = ['received', 'accepted', 'in_progress', 'waiting_citizen'] as const;

/** Every change a case can go through. Forwarding is an event on the case that puts it back to `received`. */
export const TRANSITIONS: Readonly<Record<TransitionAction, Transition>> = {
  accept: { from: ['received'], to: 'accepted', actors: ['officer'] },
  progress: { from: WORKING, to: 'in_progress', actors: ['officer'] },
  ask: { from: WORKING, to: 'waiting_citizen', actors: ['officer'] },
  answer: { from: ['waiting_citizen'], to: 'in_progress', actors: ['citizen'] },
  forward: { from: OPEN, to: 'received', actors: ['officer'] },
  resolve: { from: ['accepted', 'in_progress', 'waiting_citizen'], to: 'resolved', actors: ['officer'] },
  refer: { from: OPEN, to: 'referred', actors: ['officer'] },
  cancel: { from: OPEN, to: 'cancelled', actors: ['citizen'] },
  confirm: { from: ['resolved'], to: 'closed', actors: ['citizen'] },
  reopen: { from: ['resolved'], to: 'in_progress', actors: ['citizen'] },
  autoClose: { from: ['resolved'], to: 'closed', actors: ['system'] },
};

/** Statuses in a group (e.g. every open status, for queries). */
export function statusesIn(group: StatusGroup): ComplaintStatus[] {
  return STATUSES.filter((s) => STATUS_GROUP[s] === group);
}

export function isOpen(status: string): boolean {
  return STATUS_GROUP[status as ComplaintStatus] === 'open';
}

export function isStatus(value: unknown): value is ComplaintStatus {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}

/** The i18n key of a status's label: `complaints.status.in_progress`. */
export function statusLabelKey(status: string): string {
  return `complaints.status.${isStatus(status) ? status : 'unknown'}`;
}

/** Why a transition cannot be made, or undefined when it can. */
export function transitionProblem(action: TransitionAction, from: string, actor: ActorKind): 'actor' | 'status' | undefined {
  const rule = TRANSITIONS[action];
  if (!rule.actors.includes(actor)) return 'actor';
  if (!rule.from.includes(from as ComplaintStatus)) return 'status';
  return undefined;
}

/** The actions this kind of actor may take on a case in this status (for showing buttons). */
export function allowedActions(from: string, actor: ActorKind): TransitionAction[] {
  return (Object.keys(TRANSITIONS) as TransitionAction[]).filter((a) => transitionProblem(a, from, actor) === undefined);
}

/** True when this kind of actor may take this action on a case in this status. */
export function canAct(action: TransitionAction, from: string, actor: ActorKind): boolean {
  return transitionProblem(action, from, actor) === undefined;
}

/** True when a recorded change (from -> to) is this transition, e.g. a citizen reopening a case. */
export function isTransition(action: TransitionAction, from: string | null | undefined, to: string): boolean {
  const rule = TRANSITIONS[action];
  return rule.to === to && rule.from.includes(from as ComplaintStatus);
}

/**
 * Statuses in which a case still concerns the citizen: open, or resolved and waiting for them
 * to confirm or reopen it. Their list shows these first.
 */
export function statusesPendingForCitizen(): ComplaintStatus[] {
  return STATUSES.filter((s) => isOpen(s) || allowedActions(s, 'citizen').length > 0);
}

import {
  allowedActions,
  canAct,
  isOpen,
  isTransition,
  STATUS_GROUP,
  STATUSES,
  statusesIn,
  statusesPendingForCitizen,
  statusLabelKey,
  transitionProblem,
  TRANSITIONS,
  type ActorKind,
  type TransitionAction,
} from '../../../src/features/complaints/complaint-status';
import { translator } from '../../../src/i18n';

describe('complaint status table', () => {
  it.each([
    ['received', 'open'],
    ['accepted', 'open'],
    ['in_progress', 'open'],
    ['waiting_citizen', 'open'],
    ['resolved', 'closed'],
    ['closed', 'closed'],
    ['referred', 'closed'],
    ['cancelled', 'closed'],
  ])('when the status is %s, then its Open311 group is %s', (status, group) => {
    expect(STATUS_GROUP[status as keyof typeof STATUS_GROUP]).toBe(group);
    expect(isOpen(status)).toBe(group === 'open');
  });

  it('when the groups are listed for queries, then they are exactly the Open311 groups of DESIGN.md', () => {
    expect(statusesIn('open')).toEqual(['received', 'accepted', 'in_progress', 'waiting_citizen']);
    expect(statusesIn('closed')).toEqual(['resolved', 'closed', 'referred', 'cancelled']);
  });

  it('when the citizen lists their cases, then a resolved case still waiting for their word comes with the open ones', () => {
    expect(statusesPendingForCitizen()).toEqual(['received', 'accepted', 'in_progress', 'waiting_citizen', 'resolved']);
  });

  const table: [TransitionAction, string, ActorKind, 'ok' | 'actor' | 'status'][] = [
    ['accept', 'received', 'officer', 'ok'],
    ['accept', 'accepted', 'officer', 'status'],
    ['accept', 'received', 'citizen', 'actor'],
    ['progress', 'accepted', 'officer', 'ok'],
    ['progress', 'in_progress', 'officer', 'ok'],
    ['progress', 'received', 'officer', 'status'],
    ['progress', 'waiting_citizen', 'officer', 'status'],
    ['ask', 'in_progress', 'officer', 'ok'],
    ['ask', 'resolved', 'officer', 'status'],
    ['answer', 'waiting_citizen', 'citizen', 'ok'],
    ['answer', 'waiting_citizen', 'officer', 'actor'],
    ['answer', 'in_progress', 'citizen', 'status'],
    ['forward', 'received', 'officer', 'ok'],
    ['forward', 'waiting_citizen', 'officer', 'ok'],
    ['forward', 'resolved', 'officer', 'status'],
    ['resolve', 'in_progress', 'officer', 'ok'],
    ['resolve', 'received', 'officer', 'status'],
    ['resolve', 'in_progress', 'citizen', 'actor'],
    ['refer', 'received', 'officer', 'ok'],
    ['refer', 'closed', 'officer', 'status'],
    ['cancel', 'received', 'citizen', 'ok'],
    ['cancel', 'waiting_citizen', 'citizen', 'ok'],
    ['cancel', 'resolved', 'citizen', 'status'],
    ['cancel', 'received', 'officer', 'actor'],
    ['confirm', 'resolved', 'citizen', 'ok'],
    ['confirm', 'in_progress', 'citizen', 'status'],
    ['reopen', 'resolved', 'citizen', 'ok'],
    ['reopen', 'closed', 'citizen', 'status'],
    ['autoClose', 'resolved', 'system', 'ok'],
    ['autoClose', 'resolved', 'citizen', 'actor'],
    ['autoClose', 'in_progress', 'system', 'status'],
  ];
  it.each(table)('when %s is tried from %s by a %s, then the answer is %s', (action, from, actor, expected) => {
    expect(transitionProblem(action, from, actor) ?? 'ok').toBe(expected);
  });

  it('when a case is closed, referred or cancelled, then nobody can change it any more', () => {
    for (const status of ['closed', 'referred', 'cancelled']) {
      for (const actor of ['citizen', 'officer', 'system'] as const) expect(allowedActions(status, actor)).toEqual([]);
    }
  });

  it('when a case is filed, then every status can be reached from received and every open status has a way to close', () => {
    const reachable = new Set<string>(['received']);
    for (let grew = true; grew; ) {
      grew = false;
      for (const rule of Object.values(TRANSITIONS)) {
        if (rule.from.some((f) => reachable.has(f)) && !reachable.has(rule.to)) {
          reachable.add(rule.to);
          grew = true;
        }
      }
    }
    expect([...reachable].sort()).toEqual([...STATUSES].sort());
    for (const status of statusesIn('open')) expect(allowedActions(status, 'officer').some((a) => !isOpen(TRANSITIONS[a].to)) || allowedActions(status, 'citizen').includes('cancel')).toBe(true);
  });

  it.each([
    ['received', ['cancel']],
    ['in_progress', ['cancel']],
    ['waiting_citizen', ['answer', 'cancel']],
    ['resolved', ['confirm', 'reopen']],
    ['closed', []],
  ])('when the case is %s, then the citizen may %j', (status, actions) => {
    expect(allowedActions(status, 'citizen')).toEqual(actions);
    for (const action of actions as TransitionAction[]) expect(canAct(action, status, 'citizen')).toBe(true);
  });

  it('when a recorded change is read back, then a reopening is told apart from an answer and a progress note', () => {
    expect(isTransition('reopen', 'resolved', 'in_progress')).toBe(true);
    expect(isTransition('reopen', 'waiting_citizen', 'in_progress')).toBe(false);
    expect(isTransition('reopen', 'accepted', 'in_progress')).toBe(false);
    expect(isTransition('reopen', null, 'received')).toBe(false);
  });

  it('when a status is shown, then Thai and English labels exist for it', () => {
    const th = translator('th');
    const en = translator('en');
    for (const status of STATUSES) {
      expect(th(statusLabelKey(status))).not.toBe(statusLabelKey(status));
      expect(en(statusLabelKey(status))).not.toBe(statusLabelKey(status));
    }
    expect(th(statusLabelKey('in_progress'))).toBe('อยู่ระหว่างดำเนินการ');
    // Followers and officers read these too: neutral, never "your".
    expect(en(statusLabelKey('waiting_citizen'))).toBe('Waiting for information from the citizen');
    expect(en(statusLabelKey('cancelled'))).toBe('Cancelled by the citizen');
    for (const status of STATUSES) expect(en(statusLabelKey(status))).not.toMatch(/\b(you|your)\b/i);
  });

  it('when a status is in a refusal message, then it is shown by its label', () => {
    expect(translator('th')('complaints.errors.notAllowedNow', { status: 'resolved' })).toBe('ขณะนี้เรื่องอยู่ในสถานะ "ดำเนินการแล้วเสร็จ" จึงทำรายการนี้ไม่ได้');
  });
});

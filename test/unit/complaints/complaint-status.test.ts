import { allowedActions, isOpen, STATUS_GROUP, STATUSES, statusesIn, statusLabelKey, transitionProblem, TRANSITIONS, type ActorKind, type TransitionAction } from '../../../src/features/complaints/complaint-status';
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

  it('when the groups are listed, then together they hold every status once', () => {
    expect([...statusesIn('open'), ...statusesIn('closed')].sort()).toEqual([...STATUSES].sort());
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

  it('when the table moves a case, then it lands on a known status', () => {
    for (const rule of Object.values(TRANSITIONS)) expect(STATUSES).toContain(rule.to);
  });

  it('when a status is shown, then Thai and English labels exist for it', () => {
    const th = translator('th');
    const en = translator('en');
    for (const status of STATUSES) {
      expect(th(statusLabelKey(status))).not.toBe(statusLabelKey(status));
      expect(en(statusLabelKey(status))).not.toBe(statusLabelKey(status));
    }
    expect(th(statusLabelKey('in_progress'))).toBe('อยู่ระหว่างดำเนินการ');
    expect(en(statusLabelKey('waiting_citizen'))).toBe('Waiting for your information');
  });

  it('when a status is in a refusal message, then it is shown by its label', () => {
    expect(translator('th')('complaints.errors.notAllowedNow', { status: 'resolved' })).toBe('ขณะนี้เรื่องอยู่ในสถานะ "ดำเนินการแล้วเสร็จ" จึงทำรายการนี้ไม่ได้');
  });
});

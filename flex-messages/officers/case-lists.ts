import type { Translate } from '../../src/i18n/languages';
import { LINE_LIMITS } from '../../src/line/limits';
import type { FlexBox, FlexBubble, FlexMessage } from '../../src/line/types';
import { bubble, button, COLORS, flex, header, postbackAction, row, text, vbox } from '../components';
import { casePostback } from './case-cards';
import type { CaseListItemView } from './views';

/** At most this many rows in the heads' list (one bubble stays well under 30 KB). */
export const OVERDUE_LIST_MAX = 15;

function caseBubble(item: CaseListItemView, t: Translate): FlexBubble {
  const dueLabel = item.overdue ? t('officers.card.overdueValue', { date: item.dueAt }) : item.dueAt;
  return bubble({
    size: 'kilo',
    header: header(item.number, item.categoryName, item.overdue ? COLORS.danger : COLORS.primary),
    body: vbox([
      text(item.excerpt, { size: 'sm' }),
      row(t('officers.card.status'), item.statusLabel, COLORS.primary),
      row(t('officers.card.due'), dueLabel, item.overdue ? COLORS.danger : COLORS.text),
    ]),
    footer: vbox([
      button(postbackAction(t('officers.actions.detail'), casePostback('detail', item.caseId)), 'primary'),
      // Progress only where it is allowed now (not while waiting for the citizen); the details list the rest.
      ...(item.actions?.includes('update') ? [button(postbackAction(t('officers.actions.update'), casePostback('update', item.caseId), t('officers.actions.update')), 'secondary')] : []),
    ]),
  });
}

/**
 * The officer's open cases, earliest due first, one bubble each (a carousel holds 12: the
 * caller passes at most that many and says how many more there are).
 */
export function buildMyCases(items: CaseListItemView[], total: number, t: Translate): FlexMessage {
  const shown = items.slice(0, LINE_LIMITS.carouselBubbles);
  return flex(t('officers.myCases.alt', { count: total }), { type: 'carousel', contents: shown.map((item) => caseBubble(item, t)) });
}

function listRow(item: CaseListItemView, t: Translate): FlexBox {
  const flag = item.flag === 'unaccepted' ? t('officers.overdue.flagUnaccepted') : t('officers.overdue.flagOverdue');
  return {
    type: 'box',
    layout: 'vertical',
    spacing: 'xs',
    paddingAll: 'sm',
    backgroundColor: COLORS.light,
    cornerRadius: 'md',
    action: postbackAction(item.number, casePostback('detail', item.caseId)),
    contents: [
      text(`${item.number} · ${flag}`, { weight: 'bold', size: 'sm', color: COLORS.danger }),
      text(`${item.categoryName} · ${item.statusLabel}`, { size: 'xs' }),
      text(t('officers.overdue.rowDue', { date: item.dueAt, holder: item.holderName ?? t('officers.card.noHolder') }), { size: 'xs', color: COLORS.muted }),
    ],
  };
}

/** The head's list: the department's cases past due or not accepted in time (`total` of them); tap a row for details. */
export function buildOverdueList(items: CaseListItemView[], total: number, departmentName: string, t: Translate): FlexMessage {
  const shown = items.slice(0, OVERDUE_LIST_MAX);
  const contents = shown.map((item) => listRow(item, t));
  const more = Math.max(total, shown.length) - shown.length;
  if (more > 0) contents.push(vbox([text(t('officers.overdue.more', { count: more }), { size: 'xs', color: COLORS.muted })]));
  return flex(
    t('officers.overdue.alt', { count: Math.max(total, shown.length), department: departmentName }),
    bubble({ size: 'mega', header: header(t('officers.overdue.title'), departmentName, COLORS.danger), body: vbox(contents, { spacing: 'md' }) }),
  );
}

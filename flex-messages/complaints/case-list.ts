import type { Translate } from '../../src/i18n/languages';
import type { FlexBubble, FlexMessage } from '../../src/line/types';
import { bubble, button, COLORS, flex, postbackAction, row, text, vbox } from '../components';

/** One case in the citizen's list. */
export interface CaseCardView {
  number: string;
  categoryName: string;
  statusLabel: string;
  /** Open (Open311): colours the status and marks an overdue due date. */
  open: boolean;
  /** Not over for the citizen: open, or resolved and waiting for their confirmation. */
  ongoing: boolean;
  lastUpdate: string;
  dueDate: string;
  overdue: boolean;
  /** True when the citizen follows the case ("me too") rather than filed it. */
  following: boolean;
  detailsData: string;
}

export const MAX_CASES_IN_LIST = 10;

function caseBubble(c: CaseCardView, t: Translate): FlexBubble {
  const contents = [
    text(c.number, { weight: 'bold', size: 'lg', color: COLORS.primary }),
    text(c.categoryName, { weight: 'bold' }),
    row(t('complaints.card.status'), c.statusLabel, c.open ? COLORS.accent : COLORS.primary),
    row(t('complaints.card.updated'), c.lastUpdate),
    row(t('complaints.card.due'), c.overdue && c.open ? t('complaints.card.overdue', { due: c.dueDate }) : c.dueDate, c.overdue && c.open ? COLORS.danger : COLORS.text),
  ];
  if (c.following) contents.push(text(t('complaints.card.following'), { size: 'xs', color: COLORS.muted }));
  return bubble({
    size: 'kilo',
    body: vbox(contents),
    footer: vbox([button(postbackAction(t('complaints.card.details'), c.detailsData, t('complaints.card.detailsOf', { number: c.number })), 'secondary')]),
  });
}

/** The citizen's cases as a carousel: the ongoing ones first, then the latest others (at most 10). */
export function buildCaseCarousel(view: { cases: CaseCardView[] }, t: Translate): FlexMessage {
  const cases = view.cases.slice(0, MAX_CASES_IN_LIST);
  const ongoing = cases.filter((c) => c.ongoing).length;
  return flex(
    t('complaints.track.altText', { count: cases.length, open: ongoing }),
    { type: 'carousel', contents: cases.map((c) => caseBubble(c, t)) },
  );
}

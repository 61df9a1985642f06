import type { Translate } from '../../src/i18n/languages';
import type { FlexMessage } from '../../src/line/types';
import { bubble, button, COLORS, flex, header, postbackAction, row, separator, text, vbox } from '../components';

/** What the citizen is about to file, as plain data. */
export interface ComplaintSummaryView {
  categoryName: string;
  description: string;
  photoCount: number;
  /** The address or coordinates, when a location was given. */
  location?: string;
  phone?: string;
  /** Postback data of the three choices. */
  actions: { confirm: string; edit: string; cancel: string };
}

/** The summary card before filing: everything entered, with confirm, edit and cancel. */
export function buildComplaintSummary(view: ComplaintSummaryView, t: Translate): FlexMessage {
  const none = t('complaints.card.none');
  return flex(
    t('complaints.summary.altText', { category: view.categoryName }),
    bubble({
      size: 'mega',
      header: header(t('complaints.summary.title'), t('complaints.summary.subtitle')),
      body: vbox([
        row(t('complaints.card.category'), view.categoryName),
        row(t('complaints.card.photos'), view.photoCount > 0 ? t('complaints.card.photoCount', { count: view.photoCount }) : none),
        row(t('complaints.card.location'), view.location ?? none),
        row(t('complaints.card.phone'), view.phone ?? none),
        separator(),
        text(t('complaints.card.description'), { color: COLORS.muted, margin: 'md' }),
        text(view.description.slice(0, 1000)),
      ]),
      footer: vbox([
        button(postbackAction(t('complaints.summary.confirm'), view.actions.confirm, t('complaints.summary.confirm'))),
        button(postbackAction(t('complaints.summary.edit'), view.actions.edit, t('complaints.summary.edit')), 'secondary'),
        button(postbackAction(t('complaints.summary.cancel'), view.actions.cancel, t('complaints.summary.cancel')), 'link'),
      ]),
    }),
  );
}

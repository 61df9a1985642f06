import type { Translate } from '../../src/i18n/languages';
import type { FlexMessage } from '../../src/line/types';
import { bubble, button, COLORS, flex, header, text, uriAction, vbox } from '../components';

/** An urgent matter: the hotline to call now, instead of filing. */
export interface UrgentHotlineView {
  categoryName: string;
  hotline: string;
}

/** Tells the citizen to call the hotline (a tel: button) because a complaint would be too slow. */
export function buildUrgentHotline(view: UrgentHotlineView, t: Translate): FlexMessage {
  return flex(
    t('complaints.urgent.altText', { category: view.categoryName, hotline: view.hotline }),
    bubble({
      size: 'mega',
      header: header(t('complaints.urgent.title', { category: view.categoryName }), undefined, COLORS.danger),
      body: vbox([text(t('complaints.urgent.body', { hotline: view.hotline }), { size: 'md' }), text(t('complaints.urgent.note'), { size: 'xs', color: COLORS.muted })]),
      footer: vbox([button(uriAction(t('complaints.urgent.call', { hotline: view.hotline }), `tel:${view.hotline}`), 'primary', COLORS.danger)]),
    }),
  );
}

import type { Translate } from '../../src/i18n/languages';
import { encodePostback } from '../../src/line/postback';
import type { FlexMessage } from '../../src/line/types';
import { bubble, button, COLORS, flex, header, postbackAction, text, vbox } from '../components';

export interface NoShowView {
  ticketId: string;
  label: string;
  serviceName: string;
  minutes: number;
  canRejoin: boolean;
}

/** "Your ticket was called and you did not come": with a button to rejoin at the end, once. */
export function buildNoShowNotice(view: NoShowView, t: Translate): FlexMessage {
  const body = [text(t('queue.noShow.body', { label: view.label, service: view.serviceName, minutes: view.minutes }))];
  body.push(text(t(view.canRejoin ? 'queue.noShow.canRejoin' : 'queue.noShow.cannotRejoin'), { size: 'xs', color: COLORS.muted }));
  return flex(
    t('queue.noShow.altText', { label: view.label }),
    bubble({
      size: 'kilo',
      header: header(t('queue.noShow.title'), view.serviceName, COLORS.danger),
      body: vbox(body),
      ...(view.canRejoin
        ? { footer: vbox([button(postbackAction(t('queue.buttons.rejoin'), encodePostback('queue.rejoin', { t: view.ticketId }), t('queue.buttons.rejoin')))]) }
        : {}),
    }),
  );
}

import type { Translate } from '../../src/i18n/languages';
import { encodePostback } from '../../src/line/postback';
import type { FlexMessage } from '../../src/line/types';
import { bubble, button, COLORS, flex, header, postbackAction, text, vbox } from '../components';

export interface NoShowView {
  ticketId: string;
  label: string;
  serviceName: string;
  minutes: number;
  /** `allowed`: the rejoin button; `used`: rejoined once already; `closedToday`: the counters serve no more today. */
  rejoin: 'allowed' | 'used' | 'closedToday';
  /** When the service opens next ("24 พ.ย. 2569 08.30 น."), for `closedToday`. */
  nextOpenText?: string;
}

function rejoinNote(view: NoShowView, t: Translate): string {
  if (view.rejoin === 'allowed') return t('queue.noShow.canRejoin');
  if (view.rejoin === 'used') return t('queue.noShow.cannotRejoin');
  return view.nextOpenText ? t('queue.noShow.closedTodayNext', { at: view.nextOpenText }) : t('queue.noShow.closedToday');
}

/** "Your ticket was called and nobody came": with a button to rejoin at the end, once, while the counters still serve today. */
export function buildNoShowNotice(view: NoShowView, t: Translate): FlexMessage {
  const body = [text(t('queue.noShow.body', { label: view.label, service: view.serviceName, minutes: view.minutes })), text(rejoinNote(view, t), { size: 'xs', color: COLORS.muted })];
  return flex(
    t('queue.noShow.altText', { label: view.label }),
    bubble({
      size: 'kilo',
      header: header(t('queue.noShow.title'), view.serviceName, COLORS.danger),
      body: vbox(body),
      ...(view.rejoin === 'allowed'
        ? { footer: vbox([button(postbackAction(t('queue.buttons.rejoin'), encodePostback('queue.rejoin', { t: view.ticketId }), t('queue.buttons.rejoin')))]) }
        : {}),
    }),
  );
}

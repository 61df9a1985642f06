import type { Translate } from '../../src/i18n/languages';
import type { FlexMessage } from '../../src/line/types';
import { excerpt } from '../../src/shared/text';
import { bubble, button, flex, header, row, separator, uriAction, vbox } from '../components';

export interface ContactCardView {
  name: string;
  address: string;
  hours: string;
  phones: { label: string; number: string }[];
  mapUrl: string;
  email?: string;
  website?: string;
}

/** `tel:` URI of a phone number as people write it ("053-000-100 ต่อ 12" -> tel:053000100). */
export function telUri(number: string): string {
  const main = number.split(/\s*(?:ต่อ|ext\.?)\s*/)[0];
  return `tel:${main.replace(/[^0-9+]/g, '')}`;
}

/** The contact card: address, office hours, a call button per number, the map and the website. */
export function buildContactCard(view: ContactCardView, t: Translate): FlexMessage {
  const rows = [row(t('content.contact.address'), view.address), row(t('content.contact.hours'), view.hours)];
  if (view.email) rows.push(row(t('content.contact.email'), view.email));
  const buttons = view.phones.map((p, i) => button(uriAction(excerpt(t('content.contact.call', { label: p.label, number: p.number }), 40), telUri(p.number)), i === 0 ? 'primary' : 'secondary'));
  buttons.push(button(uriAction(t('content.contact.map'), view.mapUrl), 'link'));
  if (view.website) buttons.push(button(uriAction(t('content.contact.website'), view.website), 'link'));
  return flex(
    t('content.contact.altText', { name: view.name }),
    bubble({
      size: 'mega',
      header: header(view.name, t('content.contact.subtitle')),
      body: vbox([...rows, separator()], { spacing: 'md' }),
      footer: vbox(buttons, { spacing: 'sm' }),
    }),
  );
}

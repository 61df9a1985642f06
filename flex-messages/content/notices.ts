import type { Translate } from '../../src/i18n/languages';
import type { FlexComponent, FlexMessage } from '../../src/line/types';
import { bubble, button, COLORS, flex, header, separator, text, uriAction, vbox } from '../components';

export interface TitledText {
  title: string;
  body: string;
}

function sections(items: TitledText[]): FlexComponent[] {
  return items.flatMap((s, i) => [
    ...(i > 0 ? [separator()] : []),
    text(s.title, { weight: 'bold', margin: 'md', color: COLORS.primary }),
    text(s.body, { size: 'sm' }),
  ]);
}

/** The privacy notice (PDPA): who is responsible, what is collected, why, how long, who sees it, the rights. */
export function buildPrivacyNotice(view: { controller: string; sections: TitledText[] }, t: Translate): FlexMessage {
  return flex(
    t('content.privacy.altText'),
    bubble({
      size: 'giga',
      header: header(t('content.privacy.title'), t('content.privacy.subtitle')),
      body: vbox([text(view.controller, { size: 'xs', color: COLORS.muted }), ...sections(view.sections)]),
    }),
  );
}

/** How to use the OA: a short intro and one section per service. */
export function buildHowTo(view: { intro: string; steps: TitledText[] }, t: Translate): FlexMessage {
  return flex(
    t('content.howTo.altText'),
    bubble({
      size: 'giga',
      header: header(t('content.howTo.title')),
      body: vbox([text(view.intro), ...sections(view.steps)]),
    }),
  );
}

/** The No Gift Policy of the year, with a link to the signed announcement and the way to report. */
export function buildNoGiftPolicy(view: { year: number; title: string; body: string; url?: string }, t: Translate): FlexMessage {
  const footer = [button({ type: 'message', label: t('content.noGift.report'), text: t('commands.integrity') }, 'primary', COLORS.danger)];
  if (view.url) footer.push(button(uriAction(t('content.noGift.announcement'), view.url), 'link'));
  return flex(
    t('content.noGift.altText', { year: view.year }),
    bubble({
      size: 'mega',
      header: header(t('content.noGift.header', { year: view.year }), undefined, COLORS.danger),
      body: vbox([text(view.title, { weight: 'bold' }), text(view.body)]),
      footer: vbox(footer),
    }),
  );
}

/** Links to the municipality's public information pages (budget, procurement, ITA ...). */
export function buildPublicInfo(view: { intro: string; links: { label: string; url: string }[] }, t: Translate): FlexMessage {
  return flex(
    t('content.publicInfo.altText'),
    bubble({
      size: 'mega',
      header: header(t('content.publicInfo.title')),
      body: vbox([text(view.intro)]),
      footer: vbox(view.links.map((l) => button(uriAction(l.label.slice(0, 40), l.url), 'secondary'))),
    }),
  );
}

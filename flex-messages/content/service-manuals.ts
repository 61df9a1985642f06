import type { Translate } from '../../src/i18n/languages';
import type { FlexBubble, FlexComponent, FlexMessage } from '../../src/line/types';
import { LINE_LIMITS } from '../../src/line/limits';
import { bubble, COLORS, flex, header, row, separator, text, vbox } from '../components';

export interface ServiceManualView {
  name: string;
  steps: string[];
  time: string;
  documents: string[];
  fees: string;
}

function list(items: string[], numbered: boolean): FlexComponent[] {
  return items.map((item, i) => text(`${numbered ? `${i + 1}.` : '•'} ${item}`, { size: 'sm' }));
}

/** One service's manual: steps, time, documents to bring, fees. */
export function buildServiceManualBubble(view: ServiceManualView, t: Translate): FlexBubble {
  const documents = view.documents.length > 0 ? list(view.documents, false) : [text(t('content.manuals.noDocuments'), { size: 'sm' })];
  return bubble({
    size: 'mega',
    header: header(view.name, t('content.manuals.subtitle')),
    body: vbox([
      text(t('content.manuals.steps'), { weight: 'bold', color: COLORS.primary }),
      ...list(view.steps, true),
      separator(),
      text(t('content.manuals.documents'), { weight: 'bold', color: COLORS.primary, margin: 'md' }),
      ...documents,
      separator(),
      row(t('content.manuals.time'), view.time),
      row(t('content.manuals.fees'), view.fees),
    ]),
  });
}

/** The manuals as carousels of at most 12 bubbles (at most 5 messages: 60 services). */
export function buildServiceManuals(views: ServiceManualView[], t: Translate): FlexMessage[] {
  const out: FlexMessage[] = [];
  const per = LINE_LIMITS.carouselBubbles;
  for (let i = 0; i < views.length && out.length < LINE_LIMITS.messagesPerCall; i += per) {
    const bubbles = views.slice(i, i + per).map((v) => buildServiceManualBubble(v, t));
    out.push(flex(t('content.manuals.altText', { count: views.length }), { type: 'carousel', contents: bubbles }));
  }
  return out;
}

import type { Translate } from '../../src/i18n/languages';
import type { FlexMessage } from '../../src/line/types';
import { bubble, button, COLORS, flex, postbackAction, row, text, vbox } from '../components';

/** An open case nearby in the same category, offered before filing a new one. */
export interface DuplicateHintView {
  number: string;
  categoryName: string;
  statusLabel: string;
  filedDate: string;
  distanceMeters: number;
  /** How many people are on the case already (the filer and the followers). */
  people: number;
  followData: string;
}

/** "Someone reported this already": follow that case ("me too") instead of filing again. */
export function buildDuplicateHint(view: DuplicateHintView, t: Translate): FlexMessage {
  return flex(
    t('complaints.duplicate.altText', { number: view.number }),
    bubble({
      size: 'mega',
      body: vbox([
        text(t('complaints.duplicate.title'), { weight: 'bold', color: COLORS.accent }),
        text(t('complaints.duplicate.intro', { meters: Math.round(view.distanceMeters) })),
        row(t('complaints.card.number'), view.number),
        row(t('complaints.card.category'), view.categoryName),
        row(t('complaints.card.status'), view.statusLabel),
        row(t('complaints.card.filed'), view.filedDate),
        row(t('complaints.duplicate.people'), t('complaints.duplicate.peopleCount', { count: view.people })),
        text(t('complaints.duplicate.explain'), { size: 'xs', color: COLORS.muted, margin: 'md' }),
      ]),
      footer: vbox([button(postbackAction(t('complaints.duplicate.follow'), view.followData, t('complaints.duplicate.follow')))]),
    }),
  );
}

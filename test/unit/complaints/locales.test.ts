import { getI18n } from '../../../src/i18n';
import { STATUSES, statusLabelKey } from '../../../src/features/complaints/complaint-status';
import { HISTORY_KINDS } from '../../../src/features/complaints/complaint.model';

// Parity of the locale files and the keys named literally: test/unit/i18n/locales.test.ts.
describe('complaints keys built from names', () => {
  it('when keys are built from names (statuses, edit fields, timeline entries), then every one exists in both languages', () => {
    const keys = [
      ...STATUSES.map(statusLabelKey),
      ...['category', 'description', 'photos', 'location', 'phone'].map((f) => `complaints.file.editField.${f}`),
      ...['filed', 'reopened', ...STATUSES, ...HISTORY_KINDS.filter((k) => k !== 'status')].flatMap((k) => [`complaints.timeline.entry.${k}`, `complaints.update.headline.${k}`]),
      ...['cancelCase', 'reopen', 'answer'].map((k) => `complaints.caseFlows.left.${k}`),
    ];
    for (const lang of ['th', 'en'] as const) {
      // Without fallback: English falls back to Thai, so a translation would hide a key only Thai has.
      expect(keys.filter((key) => !getI18n().exists(key, { lng: lang, fallbackLng: false }))).toEqual([]);
    }
  });
});

import { getI18n } from '../../../src/i18n';
import { CASE_ACTIONS } from '../../../flex-messages/officers/case-cards';
import { OFFICER_ROLES } from '../../../src/features/officers/officer.model';

// Parity of the locale files and the keys named literally: test/unit/i18n/locales.test.ts.
describe('officers keys built from names', () => {
  it('when keys are built from names (actions, roles, channels), then every one exists in both languages', () => {
    const keys = [...Object.keys(CASE_ACTIONS).map((a) => `officers.actions.${a}`), ...OFFICER_ROLES.map((r) => `officers.roles.${r}`), ...['line', 'walk_in', 'phone'].map((c) => `officers.channels.${c}`)];
    for (const lang of ['th', 'en'] as const) {
      // Without fallback: English falls back to Thai, so a translation would hide a key only Thai has.
      expect(keys.filter((key) => !getI18n().exists(key, { lng: lang, fallbackLng: false }))).toEqual([]);
    }
  });
});

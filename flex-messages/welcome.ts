import type { Translate } from '../src/i18n/languages';
import type { FlexMessage } from '../src/line/types';
import { bubble, button, flex, header, messageAction, separator, text, vbox } from './components';

/** The main things a citizen can do, each a button that sends the command word. */
export const MAIN_ACTIONS = ['complaint', 'track', 'queue', 'survey', 'integrity', 'help'] as const;

/** The greeting on follow: who we are, the privacy notice in short, the main actions. */
export function buildWelcome(t: Translate): FlexMessage {
  return flex(
    t('users.welcome.altText'),
    bubble({
      size: 'mega',
      header: header(t('users.welcome.title'), t('users.welcome.subtitle')),
      body: vbox([
        text(t('users.welcome.intro')),
        separator(),
        text(t('users.welcome.privacyTitle'), { weight: 'bold', margin: 'md' }),
        text(t('users.welcome.privacy'), { size: 'xs', color: '#666666' }),
      ]),
      footer: vbox(
        [
          button(messageAction(t('help.actions.complaint'), t('commands.complaint'))),
          button(messageAction(t('help.actions.track'), t('commands.track')), 'secondary'),
          button(messageAction(t('help.actions.queue'), t('commands.queue')), 'secondary'),
          button(messageAction(t('help.actions.privacy'), t('commands.privacy')), 'link'),
        ],
        { spacing: 'sm' },
      ),
    }),
  );
}

import type { Feature } from '../feature';
import { isLang, LANGUAGES, type Lang } from '../../i18n/languages';
import { encodePostback } from '../../line/postback';
import type { BotContext } from '../../line/context';
import { z } from 'zod';
import { markBlocked, markFollowed } from './users.service';
import { buildWelcome } from '../../../flex-messages/welcome';

const LANGUAGE_NAMES: Record<Lang, string> = { th: 'ไทย', en: 'English', my: 'မြန်မာ' };

/** The language picker: one quick reply per language, each in its own script. */
function askLanguage(ctx: BotContext): void {
  ctx.reply({
    type: 'text',
    text: ctx.t('users.language.ask'),
    quickReply: {
      items: LANGUAGES.map((lang) => ({
        type: 'action' as const,
        action: { type: 'postback' as const, label: LANGUAGE_NAMES[lang], data: encodePostback('users.setLanguage', { l: lang }), displayText: LANGUAGE_NAMES[lang] },
      })),
    },
  });
}

/** Greeting on follow: who we are, the privacy notice in short, and the main actions. */
async function greet(ctx: BotContext): Promise<void> {
  await markFollowed(ctx.userId, ctx.now);
  ctx.reply(buildWelcome(ctx.t));
}

export const usersFeature: Feature = {
  name: 'users',
  register({ router }) {
    router.on('follow', greet);
    router.on('unfollow', (ctx) => markBlocked(ctx.userId, ctx.now));
    router.command(['ภาษา', 'language', 'เปลี่ยนภาษา', 'ဘာသာစကား'], askLanguage);
    router.command(['english'], (ctx) => setAndConfirm(ctx, 'en'));
    router.command(['ภาษาไทย', 'thai'], (ctx) => setAndConfirm(ctx, 'th'));
    router.command(['မြန်မာ', 'burmese', 'myanmar'], (ctx) => setAndConfirm(ctx, 'my'));
    router.postback('users.setLanguage', z.object({ l: z.string().refine(isLang) }), (ctx, { l }) => setAndConfirm(ctx, l as Lang));
  },
};

async function setAndConfirm(ctx: BotContext, lang: Lang): Promise<void> {
  await ctx.setLanguage(lang);
  ctx.reply({ type: 'text', text: ctx.t('users.language.changed') });
}

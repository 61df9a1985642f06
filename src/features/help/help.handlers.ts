import type { Feature } from '../feature';
import type { BotContext } from '../../line/context';
import type { BotRouter } from '../../line/router';
import type { QuickReplyItem } from '../../line/types';
import type { Lang } from '../../i18n/languages';

/** Actions offered in the help reply, as [label key, command key]; only registered commands show. */
const HELP_ACTIONS = [
  ['help.actions.complaint', 'commands.complaint'],
  ['help.actions.track', 'commands.track'],
  ['help.actions.queue', 'commands.queue'],
  ['help.actions.myTicket', 'commands.myTicket'],
  ['help.actions.survey', 'commands.survey'],
  ['help.actions.integrity', 'commands.integrity'],
  ['help.actions.contact', 'commands.contact'],
  ['help.actions.language', 'commands.language'],
  ['help.actions.privacy', 'commands.privacy'],
] as const;

/**
 * The help quick replies depend only on the language (commands are registered once at start), so
 * they are built once per language: help is the most frequent answer, and translation is not free.
 */
function helpItemsFor(router: BotRouter, cache: Map<Lang, QuickReplyItem[]>, ctx: BotContext): QuickReplyItem[] {
  let items = cache.get(ctx.lang);
  if (!items) {
    items = HELP_ACTIONS.filter(([, command]) => router.matchesText(ctx.t(command))).map(([label, command]) => ({
      type: 'action' as const,
      action: { type: 'message' as const, label: ctx.t(label), text: ctx.t(command) },
    }));
    cache.set(ctx.lang, items);
  }
  return items;
}

function helpReply(ctx: BotContext, items: QuickReplyItem[], introKey: string): void {
  ctx.reply({ type: 'text', text: ctx.t(introKey), ...(items.length > 0 ? { quickReply: { items } } : {}) });
}

/** Help on request and for anything the bot did not understand (the privacy notice and how-to are the content feature's). */
export const helpFeature: Feature = {
  name: 'help',
  register({ router }) {
    const cache = new Map<Lang, QuickReplyItem[]>();
    router.command(['ช่วยเหลือ', 'เมนู', 'help', 'menu', 'အကူအညီ'], (ctx) => helpReply(ctx, helpItemsFor(router, cache, ctx), 'help.intro'));
    router.fallback((ctx) => {
      const input = ctx.input;
      if (input.kind === 'sticker') ctx.reply({ type: 'text', text: ctx.t('help.sticker') });
      helpReply(ctx, helpItemsFor(router, cache, ctx), input.kind === 'text' ? 'help.notUnderstood' : 'help.intro');
    });
  },
};

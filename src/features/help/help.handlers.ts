import type { Feature } from '../feature';
import type { BotContext } from '../../line/context';
import type { BotRouter } from '../../line/router';
import type { QuickReplyItem } from '../../line/types';

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

function helpReply(ctx: BotContext, router: BotRouter, introKey: string): void {
  const items: QuickReplyItem[] = HELP_ACTIONS.filter(([, command]) => router.matchesText(ctx.t(command))).map(([label, command]) => ({
    type: 'action',
    action: { type: 'message', label: ctx.t(label), text: ctx.t(command) },
  }));
  ctx.reply({ type: 'text', text: ctx.t(introKey), ...(items.length > 0 ? { quickReply: { items } } : {}) });
}

/** Help on request and for anything the bot did not understand (the privacy notice and how-to are the content feature's). */
export const helpFeature: Feature = {
  name: 'help',
  register({ router }) {
    router.command(['ช่วยเหลือ', 'เมนู', 'help', 'menu', 'အကူအညီ'], (ctx) => helpReply(ctx, router, 'help.intro'));
    router.fallback((ctx) => {
      const input = ctx.input;
      if (input.kind === 'sticker') ctx.reply({ type: 'text', text: ctx.t('help.sticker') });
      helpReply(ctx, router, input.kind === 'text' ? 'help.notUnderstood' : 'help.intro');
    });
  },
};

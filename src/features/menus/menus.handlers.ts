import { z } from 'zod';
import type { BotContext } from '../../line/context';
import { LineApiError, lineClient } from '../../line/line-client';
import type { BotRouter } from '../../line/router';
import { findActiveOfficer } from '../officers/officer.model';
import { LIVE_ID, MenuLiveModel } from './menu-deploy.model';

/** The alias of the officers' menu (specs/officer-main.yaml). */
export const OFFICER_MENU_ALIAS = 'officer-main';

/** The officers' rich menu id as last deployed, or LINE's alias when the record is missing. */
export async function officerMenuRichMenuId(): Promise<string | undefined> {
  const live = await MenuLiveModel.findById(LIVE_ID).lean();
  const recorded = live?.officerLink?.richMenuId ?? live?.aliases?.find((a) => a.alias === OFFICER_MENU_ALIAS)?.richMenuId;
  return recorded ?? (await lineClient().getRichMenuIdOfAlias(OFFICER_MENU_ALIAS));
}

/** A tab of the menu was tapped: LINE already switched the menu; an officer leaving theirs gets a hint. */
function onTab(ctx: BotContext, fields: { to?: string; from?: string }): void {
  if (fields.from === 'officer') ctx.reply({ type: 'text', text: ctx.t('menus.officerMenu.howToReturn') });
}

/** "เมนูเจ้าหน้าที่": an active officer gets the officers' menu back after switching to the citizens' one. */
async function backToOfficerMenu(ctx: BotContext): Promise<void> {
  const officer = await findActiveOfficer(ctx.userId);
  if (!officer) {
    ctx.reply({ type: 'text', text: ctx.t('menus.officerMenu.notOfficer') });
    return;
  }
  const richMenuId = await officerMenuRichMenuId();
  if (!richMenuId) {
    ctx.reply({ type: 'text', text: ctx.t('menus.officerMenu.notDeployed') });
    return;
  }
  try {
    await lineClient().linkRichMenu(ctx.userId, richMenuId);
  } catch (err) {
    // A menu deleted at LINE (4xx) will not come back by retrying; anything else is retried.
    if (!(err instanceof LineApiError) || err.retryable) throw err;
    ctx.reply({ type: 'text', text: ctx.t('menus.officerMenu.notDeployed') });
    return;
  }
  ctx.reply({ type: 'text', text: ctx.t('menus.officerMenu.switched') });
}

export function registerMenuHandlers(router: BotRouter): void {
  router.postback('menus.tab', z.object({ to: z.string().max(32).optional(), from: z.string().max(20).optional() }), onTab);
  router.command(['เมนูเจ้าหน้าที่', 'officer menu'], backToOfficerMenu);
}

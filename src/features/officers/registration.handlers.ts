import { defineFlow, DONE } from '../../conversation/flow';
import { cancelQuickReply } from '../../conversation/engine';
import type { BotContext } from '../../line/context';
import { lineClient } from '../../line/line-client';
import type { BotRouter } from '../../line/router';
import type { QuickReplyItem } from '../../line/types';
import { errorText, logger } from '../../shared/logger';
import { DepartmentModel, localized } from '../departments/department.model';
import { registerOfficer, setOfficerName } from './registration.service';

/**
 * "ลงทะเบียนเจ้าหน้าที่ ABCD234567" or "register ABCD234567". Thai is written without spaces, so
 * "ลงทะเบียนเจ้าหน้าที่ABCD234567" is accepted too, and so is a code typed in groups ("ABCD 234 567",
 * "abcd-234567"): normalizeCode drops the spaces and dashes.
 */
export const REGISTER_PATTERN = /^(?:ลงทะเบียนเจ้าหน้าที่\s*|register\s+)([a-z0-9][a-z0-9 \t-]*)$/i;
export const OFFICER_MENU_ALIAS = 'officer-main';
export const NAME_FLOW_ID = 'officers.name';

interface NameAnswers {
  name?: string;
}

/** One step after registering without a name in the invitation: the officer's full name. */
export const officerNameFlow = defineFlow<NameAnswers>({
  id: NAME_FLOW_ID,
  version: 1,
  titleKey: 'officers.flows.name',
  firstStep: () => 'name',
  steps: {
    name: {
      prompt: (ctx) => [{ type: 'text', text: ctx.t('officers.register.askName'), quickReply: { items: [cancelQuickReply(ctx.t('common.cancel'))] } }],
      parse: (input, answers) => {
        const name = input.kind === 'text' ? input.text.replace(/\s+/g, ' ').trim() : '';
        return name.length >= 2 && name.length <= 120 ? { ok: true, answers: { ...answers, name } } : { ok: false, reasonKey: 'officers.errors.badName' };
      },
      next: () => DONE,
    },
  },
  async onDone(ctx, answers) {
    await setOfficerName(ctx.userId, answers.name ?? '');
    ctx.reply({ type: 'text', text: ctx.t('officers.register.nameSaved', { name: answers.name }) });
  },
});

/** Links the officer rich menu when the menus engineer has deployed it; absent alias: nothing. */
export async function linkOfficerMenu(lineUserId: string): Promise<void> {
  try {
    const richMenuId = await lineClient().getRichMenuIdOfAlias(OFFICER_MENU_ALIAS);
    if (richMenuId) await lineClient().linkRichMenu(lineUserId, richMenuId);
  } catch (err) {
    // The registration stands; the menu can be linked again by redeploying the menus.
    logger.warn({ err: errorText(err) }, 'could not link the officer rich menu');
  }
}

/** Quick replies to the officer's everyday commands. */
export function officerQuickReplies(ctx: BotContext): QuickReplyItem[] {
  return (['myCases', 'walkIn'] as const).map((key) => ({ type: 'action', action: { type: 'message', label: ctx.t(`officers.commands.${key}Label`), text: ctx.t(`officers.commands.${key}`) } }));
}

async function register(ctx: BotContext, code: string): Promise<void> {
  const registration = await registerOfficer(ctx.userId, code, ctx.now);
  await linkOfficerMenu(ctx.userId);
  const department = await DepartmentModel.findOne({ code: registration.departmentCode }).lean();
  const roles = registration.roles.map((r) => ctx.t(`officers.roles.${r}`)).join(', ');
  const departmentName = localized(department?.name, ctx.lang) || registration.departmentCode;
  if (registration.needsName) {
    ctx.reply({ type: 'text', text: ctx.t('officers.register.welcomeNoName', { department: departmentName, roles }) });
    await ctx.conversation.start(NAME_FLOW_ID);
    return;
  }
  ctx.reply({ type: 'text', text: ctx.t('officers.register.welcome', { name: registration.name, department: departmentName, roles }), quickReply: { items: officerQuickReplies(ctx) } });
}

/** Registration by invitation code, and the name step. */
export function registerRegistration(router: BotRouter, engine: { register: (flow: typeof officerNameFlow) => void }): void {
  engine.register(officerNameFlow);
  router.pattern(REGISTER_PATTERN, (ctx, match) => register(ctx, match[1]));
}

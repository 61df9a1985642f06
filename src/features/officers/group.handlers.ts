import type { BotContext } from '../../line/context';
import type { BotRouter } from '../../line/router';
import { logger } from '../../shared/logger';
import { localized } from '../departments/department.model';
import { departmentsOfGroup, lineGroupId, unbindGroup } from './department-group';
import { replyInGroup } from './private-chat';

/** The words that ask, in a group, for its id and how to bind it. */
export const GROUP_ID_WORDS = ['รหัสกลุ่ม', 'group id'];

/**
 * The group's id and the admin command that binds it to a department, or the department it
 * already serves. Said when the OA joins a group and when someone types "รหัสกลุ่ม" there.
 */
async function describeGroup(ctx: BotContext): Promise<void> {
  if (ctx.chatType === 'user') {
    ctx.reply({ type: 'text', text: ctx.t('officers.group.onlyInGroups') });
    return;
  }
  const groupId = lineGroupId.safeParse(ctx.chatId);
  if (ctx.chatType !== 'group' || !groupId.success) {
    replyInGroup(ctx, 'officers.group.notAGroup', {});
    return;
  }
  const bound = await departmentsOfGroup(groupId.data);
  if (bound.length > 0) {
    replyInGroup(ctx, 'officers.group.bound', { groupId: groupId.data, departments: bound.map((d) => localized(d.name, 'th')).join(', ') });
    return;
  }
  replyInGroup(ctx, 'officers.group.joined', { groupId: groupId.data });
}

/** Removed from a group: its departments' notifications go to each officer again (logged by department, never by person). */
async function left(ctx: BotContext): Promise<void> {
  const groupId = lineGroupId.safeParse(ctx.chatId);
  if (!groupId.success) return;
  const departments = await unbindGroup(groupId.data);
  if (departments.length > 0) logger.warn({ departments }, 'the OA left a department LINE group: its notifications go to each officer again');
}

/** Joining and leaving groups, and the "รหัสกลุ่ม" command there. */
export function registerGroupHandlers(router: BotRouter): void {
  router.on('join', describeGroup);
  router.on('leave', left);
  router.command(GROUP_ID_WORDS, describeGroup, { inGroups: true });
}

import { z } from 'zod';
import { userInput } from '../../shared/errors';
import { DepartmentModel } from '../departments/department.model';

/**
 * A department's LINE group: its officers read new cases, forwards and reminders there instead
 * of each getting a push. The OA answers a join with the group's id; an admin binds it with
 * `npm run officers -- group <department> <groupId>`.
 */

/** LINE group ids: "C" and 32 hex digits (room ids start with "R" and cannot be bound). */
export const lineGroupId = z.string().regex(/^C[0-9a-f]{32}$/);

/** Binds the group to the department (`null` unbinds it: notifications go to each officer again). */
export async function setDepartmentGroup(departmentCode: string, groupId: string | null): Promise<void> {
  if (groupId !== null && !lineGroupId.safeParse(groupId).success) throw userInput('officers.errors.badGroupId', { groupId });
  const update = groupId === null ? { $unset: { lineGroupId: 1 } } : { $set: { lineGroupId: groupId } };
  const result = await DepartmentModel.updateOne({ code: String(departmentCode) }, update);
  if (result.matchedCount === 0) throw userInput('officers.errors.unknownDepartment', { code: departmentCode });
}

/** The departments this group is bound to (normally one). */
export async function departmentsOfGroup(groupId: string): Promise<{ code: string; name: { th: string; en?: string | null; my?: string | null } }[]> {
  return DepartmentModel.find({ lineGroupId: String(groupId) }).sort({ sortOrder: 1, code: 1 }).lean();
}

/**
 * The OA left or was removed from the group: pushes there would fail, so the departments bound
 * to it go back to each officer. Returns their codes.
 */
export async function unbindGroup(groupId: string): Promise<string[]> {
  const bound = await departmentsOfGroup(groupId);
  if (bound.length > 0) await DepartmentModel.updateMany({ lineGroupId: String(groupId) }, { $unset: { lineGroupId: 1 } });
  return bound.map((d) => d.code);
}

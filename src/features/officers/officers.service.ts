import { DepartmentModel } from '../departments/department.model';
import { OfficerModel } from './officer.model';

/**
 * The officers' roster as admins keep it: the list and the departments here; invitations
 * (invitations.ts), registration with a code (registration.service.ts) and revocation
 * (revocation.ts) in their own files, reached through here by the admin commands.
 */
export { inviteOfficer, type InviteInput } from './invitations';
export { revokeOfficer } from './revocation';

export interface OfficerSummary {
  id: string;
  lineUserId: string;
  name: string;
  departmentCode: string;
  roles: string[];
  active: boolean;
  registeredAt: Date;
}

/** Every officer (active first), optionally of one department. */
export async function listOfficers(filter: { departmentCode?: string } = {}): Promise<OfficerSummary[]> {
  const query = filter.departmentCode ? { departmentCode: String(filter.departmentCode) } : {};
  const officers = await OfficerModel.find(query).sort({ active: -1, departmentCode: 1, name: 1 }).lean();
  return officers.map((o) => ({ id: String(o._id), lineUserId: o.lineUserId, name: o.name, departmentCode: o.departmentCode, roles: o.roles, active: o.active, registeredAt: o.registeredAt }));
}

/** The departments officers can be invited to, in display order. */
export async function listDepartments(): Promise<{ code: string; name: { th: string; en?: string | null }; lineGroupId?: string | null; active: boolean }[]> {
  const departments = await DepartmentModel.find({}).sort({ sortOrder: 1, code: 1 }).lean();
  return departments.map((d) => ({ code: d.code, name: d.name, lineGroupId: d.lineGroupId, active: d.active }));
}

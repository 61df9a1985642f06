import { DepartmentModel } from '../departments/department.model';
import { activeOfficersWithRole } from '../officers/officer.model';
import { userInput } from '../../shared/errors';

/**
 * Who may hold the integrity role: officers of a department marked isLegalAffairs (the legal
 * affairs section, นิติการ), never the division a report may accuse. Checked when the role is
 * given (invitation, registration) and again whenever it is used, so an officer placed in the
 * wrong department, or a department whose flag was removed, sees nothing.
 */

/** True when the department exists, is active and is marked as legal affairs. */
export async function isLegalAffairsDepartment(departmentCode: string): Promise<boolean> {
  if (typeof departmentCode !== 'string' || departmentCode.length === 0) return false;
  return Boolean(await DepartmentModel.exists({ code: departmentCode, active: true, isLegalAffairs: true }));
}

/**
 * Refuses the integrity role outside legal affairs (a `user_input` error naming the department).
 * For the officers feature: call it before an invitation or a registration gives `roles`.
 */
export async function assertIntegrityRoleAllowed(departmentCode: string, roles: readonly string[]): Promise<void> {
  if (!roles.includes('integrity')) return;
  if (!(await isLegalAffairsDepartment(departmentCode))) throw userInput('integrity.errors.roleOutsideLegalAffairs', { code: departmentCode });
}

/** True when this officer record may act as an integrity officer now. */
export async function actsAsIntegrityOfficer(officer: { roles?: string[] | null; departmentCode: string } | null | undefined): Promise<boolean> {
  return Boolean(officer?.roles?.includes('integrity')) && (await isLegalAffairsDepartment(officer!.departmentCode));
}

/** Active officers who may see confidential reports: the integrity role, in a legal-affairs department. */
export async function activeIntegrityOfficers() {
  const officers = await activeOfficersWithRole('integrity');
  const legal = new Set((await DepartmentModel.find({ active: true, isLegalAffairs: true }, { code: 1 }).lean()).map((d) => d.code));
  return officers.filter((o) => legal.has(o.departmentCode));
}

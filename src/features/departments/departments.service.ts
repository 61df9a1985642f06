import type { Lang } from '../../i18n/languages';
import { DepartmentModel, localized } from './department.model';

/** A department as the other features read it (lean). */
export interface DepartmentView {
  code: string;
  name: { th: string; en?: string | null; my?: string | null };
  lineGroupId?: string | null;
  isComplaintCentre?: boolean | null;
  isLegalAffairs?: boolean | null;
  active?: boolean | null;
}

/** The department with this code, active or not; null when unknown. */
export async function findDepartment(code: string): Promise<DepartmentView | null> {
  if (!code) return null;
  return DepartmentModel.findOne({ code }).lean<DepartmentView>();
}

/** The active department with this code, or null. */
export async function findActiveDepartment(code: string): Promise<DepartmentView | null> {
  if (!code) return null;
  return DepartmentModel.findOne({ code, active: true }).lean<DepartmentView>();
}

/** The complaint centre (triage), if one is configured and active. */
export async function complaintCentre(): Promise<DepartmentView | null> {
  return DepartmentModel.findOne({ isComplaintCentre: true, active: true }).sort({ sortOrder: 1 }).lean<DepartmentView>();
}

/**
 * True when the department is (one of) the complaint centre(s): the triage hub that passes
 * complaints on to the responsible division, so its officers may forward any case nobody holds.
 */
export async function isComplaintCentre(code: string): Promise<boolean> {
  if (!code) return false;
  return Boolean(await DepartmentModel.exists({ code, isComplaintCentre: true, active: true }));
}

/** The department's name in the language, or the code when the department is unknown. */
export async function departmentName(code: string, lang: Lang): Promise<string> {
  const dept = await findDepartment(code);
  return dept ? localized(dept.name, lang) : code;
}

import { createHash, randomInt } from 'node:crypto';
import { DepartmentModel } from '../departments/department.model';
import { AppError, isDuplicateKeyError, userInput } from '../../shared/errors';
import { assertIntegrityRoleAllowed } from '../integrity/integrity-role';
import { InvitationModel } from './invitation.model';
import { OFFICER_ROLES, type OfficerRole } from './officer.model';

/** Invitation codes: what an admin hands an officer to register with. */

/** Letters and digits nobody confuses when reading a code aloud or off a screen (no 0/O, 1/I/L). */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 10;
export const INVITATION_DAYS = 7;

/** The stored form of a code: sha256 of its normalised text (never the code itself). */
export function hashCode(code: string): string {
  return createHash('sha256').update(normalizeCode(code)).digest('hex');
}

/** Codes are compared without case, spaces or dashes, so "abcd-efgh23" still works. */
export function normalizeCode(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}

/** A new code: CODE_LENGTH characters of CODE_ALPHABET from the crypto random source. */
export function generateCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i += 1) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** The roles an invitation for `role` gives: a head also acts on cases as an officer. */
export function rolesFor(role: OfficerRole): OfficerRole[] {
  return role === 'head' ? ['officer', 'head'] : [role];
}

export interface InviteInput {
  departmentCode: string;
  role: string;
  name?: string;
}

/** Makes a single-use code valid 7 days for one department and role; stores only its hash. */
export async function inviteOfficer(input: InviteInput, now: Date): Promise<{ code: string; expiresAt: Date }> {
  if (!(OFFICER_ROLES as readonly string[]).includes(input.role)) throw userInput('officers.errors.unknownRole', { role: input.role, roles: OFFICER_ROLES.join(', ') });
  const department = await DepartmentModel.findOne({ code: String(input.departmentCode), active: true }).lean();
  if (!department) throw userInput('officers.errors.unknownDepartment', { code: input.departmentCode });
  await assertIntegrityRoleAllowed(department.code, rolesFor(input.role as OfficerRole));
  const name = input.name?.trim();
  if (name !== undefined && (name.length === 0 || name.length > 120)) throw userInput('officers.errors.badName');
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const code = generateCode();
    try {
      await InvitationModel.create({ codeHash: hashCode(code), departmentCode: department.code, role: input.role as OfficerRole, name, expiresAt, createdAt: now });
      return { code, expiresAt };
    } catch (err) {
      // A collision of two random codes is astronomically rare; draw again rather than fail.
      if (!isDuplicateKeyError(err)) throw err;
    }
  }
  throw new AppError('bug', 'common.errors.generic');
}

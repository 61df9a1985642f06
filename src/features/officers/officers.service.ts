import { createHash, randomInt } from 'node:crypto';
import mongoose from 'mongoose';
import { releaseHolder } from '../complaints/complaints.service';
import { DepartmentModel } from '../departments/department.model';
import { AppError, isDuplicateKeyError, notFound, userInput } from '../../shared/errors';
import { clock } from '../../shared/clock';
import { notifyReturned } from './case-notify';
import { assertIntegrityRoleAllowed } from '../integrity/integrity-role';
import { InvitationModel, RegistrationAttemptModel } from './invitation.model';
import { OFFICER_ROLES, OfficerModel, type OfficerRole } from './officer.model';

export { notifyDepartment, notifyHeads, notifyOfficer, type LocalizedMessages } from './officer-notify';

/** Letters and digits nobody confuses when reading a code aloud or off a screen (no 0/O, 1/I/L). */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 10;
export const INVITATION_DAYS = 7;
const LOCKOUT_FAILURES = 5;
const HOUR_MS = 3_600_000;

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

export interface Registration {
  officerId: string;
  name: string;
  departmentCode: string;
  roles: OfficerRole[];
  /** True when the invitation carried no name: the officer is asked for it. */
  needsName: boolean;
}

async function lockedUntil(lineUserId: string, now: Date): Promise<Date | undefined> {
  const attempts = await RegistrationAttemptModel.findById(lineUserId).lean();
  return attempts?.lockedUntil && attempts.lockedUntil.getTime() > now.getTime() ? attempts.lockedUntil : undefined;
}

/**
 * Counts a wrong code. The last LOCKOUT_FAILURES failure times are kept (a sliding window, not a
 * fixed one that a guesser could straddle): when the oldest of them is within the last hour,
 * registration locks for an hour. $push with $slice keeps two racing guesses both counted.
 */
async function recordFailure(lineUserId: string, now: Date): Promise<void> {
  const attempts = await RegistrationAttemptModel.findOneAndUpdate(
    { _id: lineUserId },
    { $push: { failedAt: { $each: [now], $sort: 1, $slice: -LOCKOUT_FAILURES } }, $set: { expireAt: clock.ttlAt(new Date(now.getTime() + HOUR_MS)) } },
    { upsert: true, returnDocument: 'after' },
  ).lean<{ failedAt: Date[] }>();
  const recent = attempts?.failedAt ?? [];
  if (recent.length < LOCKOUT_FAILURES || recent[0].getTime() <= now.getTime() - HOUR_MS) return;
  const lockedUntil = new Date(now.getTime() + HOUR_MS);
  await RegistrationAttemptModel.updateOne({ _id: lineUserId }, { $set: { lockedUntil, expireAt: clock.ttlAt(lockedUntil) } });
}

/**
 * The invitation this user already claimed with this code, for a retried event whose first run
 * stopped before the officer was saved. Not when the officer was revoked after using it: an old
 * code must never undo a revocation.
 */
async function retriedClaim(lineUserId: string, codeHash: string) {
  const claimed = await InvitationModel.findOne({ codeHash, usedBy: lineUserId }).lean();
  if (!claimed?.usedAt) return null;
  const officer = await OfficerModel.findOne({ lineUserId }).lean();
  if (officer?.revokedAt && officer.revokedAt.getTime() >= claimed.usedAt.getTime()) return null;
  return claimed;
}

/**
 * Binds a LINE user to the invitation behind `code`. A wrong, used or expired code gets the same
 * answer (nobody learns whether a code existed); five wrong tries in an hour lock the user out
 * for an hour. Repeating the same registration (a redelivered event) succeeds again.
 */
export async function registerOfficer(lineUserId: string, code: string, now: Date): Promise<Registration> {
  if (!lineUserId) throw userInput('officers.register.invalid');
  const existing = await OfficerModel.findOne({ lineUserId, active: true }).lean();
  const codeHash = hashCode(code);
  if (existing) {
    // The same code again (a retried event) is a success; anything else: already registered.
    const own = await InvitationModel.exists({ codeHash, usedBy: lineUserId });
    if (own) return toRegistration(existing, false);
    throw userInput('officers.register.already');
  }
  if (await lockedUntil(lineUserId, now)) throw userInput('officers.register.locked');
  // A department that stopped being legal affairs since the invitation: the code is not used up.
  const offered = await InvitationModel.findOne({ codeHash, usedAt: { $exists: false }, expiresAt: { $gt: now } }, { departmentCode: 1, role: 1 }).lean();
  if (offered) await assertIntegrityRoleAllowed(offered.departmentCode, rolesFor(offered.role as OfficerRole));
  const invitation = await InvitationModel.findOneAndUpdate(
    { codeHash, usedAt: { $exists: false }, expiresAt: { $gt: now } },
    { $set: { usedAt: now, usedBy: lineUserId } },
    { returnDocument: 'after' },
  ).lean();
  const claimed = invitation ?? (await retriedClaim(lineUserId, codeHash));
  if (!claimed) {
    await recordFailure(lineUserId, now);
    throw userInput('officers.register.invalid');
  }
  const role = claimed.role as OfficerRole;
  const officer = await OfficerModel.findOneAndUpdate(
    { lineUserId },
    {
      $set: { name: claimed.name ?? '-', departmentCode: claimed.departmentCode, roles: rolesFor(role), active: true, registeredAt: now },
      $unset: { revokedAt: 1, counter: 1 },
    },
    { upsert: true, returnDocument: 'after' },
  ).lean();
  await RegistrationAttemptModel.deleteOne({ _id: lineUserId });
  if (!officer) throw new AppError('bug', 'common.errors.generic');
  return toRegistration(officer, !claimed.name);
}

function toRegistration(officer: { _id: unknown; name: string; departmentCode: string; roles: string[] }, needsName: boolean): Registration {
  return { officerId: String(officer._id), name: officer.name, departmentCode: officer.departmentCode, roles: officer.roles as OfficerRole[], needsName };
}

/** Sets the name an officer gave after registering (1 to 120 characters). */
export async function setOfficerName(lineUserId: string, name: string): Promise<void> {
  const trimmed = name.replace(/\s+/g, ' ').trim();
  if (trimmed.length < 2 || trimmed.length > 120) throw userInput('officers.errors.badName');
  await OfficerModel.updateOne({ lineUserId, active: true }, { $set: { name: trimmed } });
}

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

/**
 * Deactivates an officer by LINE user id or officer id, and returns the officer's open cases
 * to their departments (nobody holds them; each department is told, with buttons to take them
 * over). Running it again for an officer revoked earlier returns any case still held. Returns
 * the LINE user id, for unlinking the menu, and how many cases went back.
 */
export async function revokeOfficer(lineUserIdOrOfficerId: string, now: Date = clock.now()): Promise<{ officerId: string; lineUserId: string; casesReturned: number }> {
  const key = String(lineUserIdOrOfficerId);
  const query = mongoose.isValidObjectId(key) && /^[0-9a-f]{24}$/i.test(key) ? { $or: [{ _id: key }, { lineUserId: key }] } : { lineUserId: key };
  const officer = await OfficerModel.findOneAndUpdate(query, { $set: { active: false, revokedAt: now }, $unset: { counter: 1 } }, { returnDocument: 'after' }).lean();
  if (!officer) throw notFound('officers.errors.officerNotFound');
  const returned = await releaseHolder(officer.lineUserId, now);
  if (returned.length > 0) await notifyReturned(returned, officer.name, now);
  return { officerId: String(officer._id), lineUserId: officer.lineUserId, casesReturned: returned.length };
}

/** The departments officers can be invited to, in display order. */
export async function listDepartments(): Promise<{ code: string; name: { th: string; en?: string | null }; lineGroupId?: string | null; active: boolean }[]> {
  const departments = await DepartmentModel.find({}).sort({ sortOrder: 1, code: 1 }).lean();
  return departments.map((d) => ({ code: d.code, name: d.name, lineGroupId: d.lineGroupId, active: d.active }));
}

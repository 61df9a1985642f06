import { AppError, userInput } from '../../shared/errors';
import { clock } from '../../shared/clock';
import { assertIntegrityRoleAllowed } from '../integrity/integrity-role';
import { InvitationModel, RegistrationAttemptModel } from './invitation.model';
import { OfficerModel, type OfficerRole } from './officer.model';
import { hashCode, rolesFor } from './invitations';

/** An officer registers with the code of an invitation; wrong codes lock the user out for a while. */

const LOCKOUT_FAILURES = 5;
const HOUR_MS = 3_600_000;

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

import { clock } from '../../shared/clock';
import { addDays } from '../../shared/dates';
import { conflict, forbidden, isDuplicateKeyError, notFound, userInput } from '../../shared/errors';
import { userHash, userHashes } from './survey-hashes';
import { INVITATION_PURGE_AFTER_DAYS, INVITATION_VALID_DAYS, SurveyInvitationModel, type SurveyInvitation } from './survey-invitation.model';
import { resolveOfficerId } from './survey-officers';
import { SurveyResponseModel, type SurveyResponse } from './survey-response.model';
import { servedSubjectKeys, type ServedKind } from './survey-subjects';
import { compact, startOf, surveyFor, type SurveyStart, type SurveySubject } from './surveys.service';

/**
 * Invitations after a case or a ticket: the right of the citizen who was served, and nobody else,
 * to rate it once. Plain inputs and results; nothing here knows LINE.
 */

export interface InvitationInput {
  channel: 'after_case' | 'after_ticket';
  citizenId: string;
  /** The case or ticket id; only its keyed hash is stored. */
  subjectId: string;
  departmentCode?: string;
  serviceCode?: string;
  categoryCode?: string;
  /** The officer as the trigger names them: a LINE user id (cases) or a database id (tickets). */
  officerId?: string;
}

const kindOf = (channel: InvitationInput['channel']): ServedKind => (channel === 'after_case' ? 'case' : 'ticket');

/**
 * Records the right of the citizen who was served to rate this case or ticket. Idempotent, across
 * key rotations too: returns the subject key whether the invitation is new or was recorded before.
 */
export async function recordInvitation(input: InvitationInput, now: Date): Promise<string> {
  const candidates = servedSubjectKeys(kindOf(input.channel), input.subjectId);
  const earlier = await SurveyInvitationModel.findOne({ subjectKey: { $in: candidates } }, { subjectKey: 1 }).lean<Pick<SurveyInvitation, 'subjectKey'>>();
  if (earlier) return earlier.subjectKey;
  const key = candidates[0];
  const doc: SurveyInvitation = compact({
    subjectKey: key,
    channel: input.channel,
    userHash: userHash(input.citizenId),
    departmentCode: input.departmentCode,
    serviceCode: input.serviceCode,
    categoryCode: input.categoryCode,
    officerId: await resolveOfficerId(input.officerId),
    invitedAt: now,
    expiresAt: addDays(now, INVITATION_VALID_DAYS),
    purgeAt: clock.ttlAt(addDays(now, INVITATION_VALID_DAYS + INVITATION_PURGE_AFTER_DAYS)),
  });
  try {
    await SurveyInvitationModel.create(doc);
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
  return key;
}

const SERVED_KEY = /^(case|ticket):(.+)$/;

/**
 * The invitation a start button names. A button sent before ids were hashed names the plain id
 * (`case:<id>`): it finds the invitation under the id's hashed keys once that was upgraded.
 */
async function findInvitation(subjectKey: string): Promise<SurveyInvitation | null> {
  const exact = await SurveyInvitationModel.findOne({ subjectKey }).lean<SurveyInvitation>();
  const plain = SERVED_KEY.exec(subjectKey);
  if (exact || !plain) return exact;
  return SurveyInvitationModel.findOne({ subjectKey: { $in: servedSubjectKeys(plain[1] as ServedKind, plain[2]) } }).lean<SurveyInvitation>();
}

/**
 * Starts (or resumes) the survey of an invitation. Refused politely when the invitation is
 * unknown, belongs to another citizen, has expired unanswered, or was answered already.
 */
export async function startFromInvitation(subjectKey: string, userId: string, now: Date): Promise<SurveyStart> {
  const invitation = await findInvitation(subjectKey);
  if (!invitation) throw notFound('surveys.errors.invitationNotFound');
  if (!userHashes(userId).includes(invitation.userHash)) throw forbidden('surveys.errors.notYours');
  const existing = await SurveyResponseModel.findOne({ subjectKey: invitation.subjectKey }).lean<SurveyResponse>();
  if (existing?.status === 'completed') throw conflict('surveys.errors.alreadyAnswered');
  if (!existing && invitation.expiresAt.getTime() <= now.getTime()) throw userInput('surveys.errors.invitationExpired');
  const subject: SurveySubject = {
    key: invitation.subjectKey,
    channel: invitation.channel,
    departmentCode: invitation.departmentCode,
    serviceCode: invitation.serviceCode,
    categoryCode: invitation.categoryCode,
    officerId: invitation.officerId,
    startedAt: now.toISOString(),
  };
  return startOf(subject, await surveyFor(existing, invitation.channel), existing);
}

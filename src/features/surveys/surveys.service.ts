import { clock } from '../../shared/clock';
import { addDays, bangkokDayKey, fiscalPeriod } from '../../shared/dates';
import { conflict, forbidden, isDuplicateKeyError, notFound, userInput } from '../../shared/errors';
import type { StoredSurvey, SurveyChannel, SurveyQuestion } from './survey-definition';
import { INVITATION_PURGE_AFTER_DAYS, INVITATION_VALID_DAYS, SurveyInvitationModel, type SurveyInvitation } from './survey-invitation.model';
import { isSatisfied, nextQuestionIndex, type AnswerValues } from './survey-logic';
import { resolvePoint, type ServicePoint } from './survey-points';
import { SurveyResponseModel, type StoredAnswer, type SurveyResponse } from './survey-response.model';
import { currentSurvey, surveyVersion } from './survey-store';
import { userHash } from './user-hash';

/**
 * The surveys domain: invitations after a case or a ticket, the one-response rules, answers saved
 * as they come, completion. Plain inputs and results; nothing here knows LINE.
 */

/** What a response is about; plain JSON (kept in the conversation session while answering). */
export interface SurveySubject {
  /** The uniqueness key: `case:<id>`, `ticket:<id>` or `point:<code>:<day>:<userHash>`. */
  key: string;
  channel: SurveyChannel;
  departmentCode?: string;
  serviceCode?: string;
  categoryCode?: string;
  pointCode?: string;
  caseId?: string;
  ticketId?: string;
  officerId?: string;
}

/** The survey as the session keeps it: the version being answered and its questions. */
export interface SurveySnapshot {
  code: string;
  version: number;
  questions: SurveyQuestion[];
}

/** Where a citizen starts (or resumes): the subject, the survey version, answers so far. */
export interface SurveyStart {
  subject: SurveySubject;
  survey: SurveySnapshot;
  values: AnswerValues;
  /** True when every question to ask has an answer already (only completion is left). */
  finished: boolean;
}

/** Drops undefined fields so the subject stays plain JSON with only what is known. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}

export const caseSubjectKey = (caseId: string) => `case:${caseId}`;
export const ticketSubjectKey = (ticketId: string) => `ticket:${ticketId}`;

/** The once-a-day key of a counter, QR or menu rating (Bangkok day). */
export function pointSubjectKey(pointCode: string, now: Date, hash: string): string {
  return `point:${pointCode}:${bangkokDayKey(now)}:${hash}`;
}

export interface InvitationInput {
  channel: 'after_case' | 'after_ticket';
  citizenId: string;
  caseId?: string;
  ticketId?: string;
  departmentCode?: string;
  serviceCode?: string;
  categoryCode?: string;
  officerId?: string;
}

/**
 * Records the right of the citizen who was served to rate this case or ticket. Idempotent:
 * returns the subject key whether the invitation is new or was recorded before.
 */
export async function recordInvitation(input: InvitationInput, now: Date): Promise<string> {
  const key = input.channel === 'after_case' ? caseSubjectKey(input.caseId ?? '') : ticketSubjectKey(input.ticketId ?? '');
  const doc: SurveyInvitation = compact({
    subjectKey: key,
    channel: input.channel,
    userHash: userHash(input.citizenId),
    departmentCode: input.departmentCode,
    serviceCode: input.serviceCode,
    categoryCode: input.categoryCode,
    caseId: input.caseId,
    ticketId: input.ticketId,
    officerId: input.officerId,
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

function toValues(answers: StoredAnswer[]): AnswerValues {
  const values: AnswerValues = {};
  for (const a of answers) values[a.questionId] = compact({ score: a.score, choice: a.choice, text: a.text, skipped: a.skipped || undefined });
  return values;
}

async function surveyFor(existing: SurveyResponse | null, channel: SurveyChannel): Promise<StoredSurvey> {
  const survey = existing ? await surveyVersion(existing.surveyCode, existing.surveyVersion) : await currentSurvey(channel);
  if (!survey) throw notFound('surveys.errors.noSurvey');
  return survey;
}

function startOf(subject: SurveySubject, survey: StoredSurvey, existing: SurveyResponse | null): SurveyStart {
  const values = existing ? toValues(existing.answers) : {};
  const snapshot = { code: survey.code, version: survey.version, questions: survey.questions.map((q) => compact({ ...q })) };
  return { subject: compact(subject), survey: snapshot, values, finished: nextQuestionIndex(snapshot.questions, values, false) >= snapshot.questions.length };
}

/**
 * Starts (or resumes) the survey of an invitation. Refused politely when the invitation is
 * unknown, belongs to another citizen, has expired unanswered, or was answered already.
 */
export async function startFromInvitation(subjectKey: string, userId: string, now: Date): Promise<SurveyStart> {
  const invitation = await SurveyInvitationModel.findOne({ subjectKey }).lean<SurveyInvitation>();
  if (!invitation) throw notFound('surveys.errors.invitationNotFound');
  if (invitation.userHash !== userHash(userId)) throw forbidden('surveys.errors.notYours');
  const existing = await SurveyResponseModel.findOne({ subjectKey }).lean<SurveyResponse>();
  if (existing?.status === 'completed') throw conflict('surveys.errors.alreadyAnswered');
  if (!existing && invitation.expiresAt.getTime() <= now.getTime()) throw userInput('surveys.errors.invitationExpired');
  const subject: SurveySubject = {
    key: subjectKey,
    channel: invitation.channel,
    departmentCode: invitation.departmentCode,
    serviceCode: invitation.serviceCode,
    categoryCode: invitation.categoryCode,
    caseId: invitation.caseId,
    ticketId: invitation.ticketId,
    officerId: invitation.officerId,
  };
  return startOf(subject, await surveyFor(existing, invitation.channel), existing);
}

/**
 * Starts (or resumes) a rating of a service point from the menu or a counter's QR code: at most
 * one per citizen per point per Bangkok day.
 */
export async function startAtPoint(pointCode: string, channel: 'menu' | 'qr', userId: string, now: Date): Promise<SurveyStart & { point: ServicePoint }> {
  const point = await resolvePoint(pointCode);
  if (!point) throw notFound('surveys.errors.pointNotFound', { code: pointCode });
  const key = pointSubjectKey(point.code, now, userHash(userId));
  const existing = await SurveyResponseModel.findOne({ subjectKey: key }).lean<SurveyResponse>();
  if (existing?.status === 'completed') throw conflict('surveys.errors.alreadyRatedToday');
  const subject: SurveySubject = {
    key,
    channel: existing?.channel ?? channel,
    departmentCode: point.departmentCode,
    serviceCode: point.serviceCode,
    pointCode: point.code,
    officerId: point.officerId,
  };
  return { ...startOf(subject, await surveyFor(existing, channel), existing), point };
}

/** The answers as stored: one entry per answered question, in the survey's order. */
export function toStoredAnswers(questions: SurveyQuestion[], values: AnswerValues): StoredAnswer[] {
  return questions
    .filter((q) => values[q.id] !== undefined)
    .map((q) => {
      const v = values[q.id];
      return compact({
        questionId: q.id,
        type: q.type,
        score: v.skipped ? undefined : v.score,
        choice: v.skipped ? undefined : v.choice,
        text: v.skipped ? undefined : v.text,
        skipped: Boolean(v.skipped),
        satisfied: isSatisfied(q, v),
        overall: Boolean(q.overall),
      });
    });
}

/** Bangkok day, month and fiscal half-year keys of an instant ("2570-H1"). */
export function periodOf(at: Date): SurveyResponse['period'] {
  const day = bangkokDayKey(at);
  const { fiscalYearBE, half } = fiscalPeriod(at);
  return { day, month: day.slice(0, 7), half: `${fiscalYearBE}-H${half}` };
}

export interface AnswerInput {
  subject: SurveySubject;
  survey: SurveySnapshot;
  values: AnswerValues;
  userId: string;
  now: Date;
}

/**
 * Saves the answers so far: the response is created at the first answer and updated at each
 * next one, so a citizen who leaves midway leaves a partial response. Idempotent (the whole
 * answer list is written). A completed response, or another citizen's, is never touched: the
 * unique subject key turns that into a polite refusal.
 */
export async function answerSurvey(input: AnswerInput): Promise<void> {
  const { subject, survey, now } = input;
  const hash = userHash(input.userId);
  try {
    await SurveyResponseModel.updateOne(
      { subjectKey: subject.key, status: 'partial', userHash: hash },
      {
        $set: { answers: toStoredAnswers(survey.questions, input.values), updatedAt: now },
        $setOnInsert: compact({
          channel: subject.channel,
          surveyCode: survey.code,
          surveyVersion: survey.version,
          departmentCode: subject.departmentCode,
          serviceCode: subject.serviceCode,
          categoryCode: subject.categoryCode,
          pointCode: subject.pointCode,
          caseId: subject.caseId,
          ticketId: subject.ticketId,
          officerId: subject.officerId,
          at: now,
          period: periodOf(now),
        }),
      },
      { upsert: true },
    );
  } catch (err) {
    if (isDuplicateKeyError(err)) throw conflict(subject.key.startsWith('point:') ? 'surveys.errors.alreadyRatedToday' : 'surveys.errors.alreadyAnswered');
    throw err;
  }
}

/** Closes the response: from now on it cannot be changed. */
export async function completeSurvey(subjectKey: string, userId: string, now: Date): Promise<void> {
  await SurveyResponseModel.updateOne({ subjectKey, status: 'partial', userHash: userHash(userId) }, { $set: { status: 'completed', completedAt: now, updatedAt: now } });
}

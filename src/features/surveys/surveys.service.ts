import { bangkokDayKey, fiscalPeriod } from '../../shared/dates';
import { conflict, isDuplicateKeyError, notFound } from '../../shared/errors';
import type { StoredSurvey, SurveyChannel, SurveyQuestion } from './survey-definition';
import { userHashes } from './survey-hashes';
import { isSatisfied, nextQuestionIndex, type AnswerValues } from './survey-logic';
import { SurveyResponseModel, type StoredAnswer, type SurveyResponse } from './survey-response.model';
import { currentSurvey, surveyVersion } from './survey-store';
import { isPointKey } from './survey-subjects';

/**
 * The surveys domain shared by every way in (invitations.service.ts, points.service.ts): the
 * answers saved as they come, completion. Plain inputs and results; nothing here knows LINE.
 */

/** What a response is about; plain JSON (kept in the conversation session while answering). */
export interface SurveySubject {
  /** The uniqueness key (survey-subjects.ts): `case:<hash>`, `ticket:<hash>` or `point:<day>:...`. */
  key: string;
  channel: SurveyChannel;
  departmentCode?: string;
  serviceCode?: string;
  categoryCode?: string;
  pointCode?: string;
  /** The officer's database id. */
  officerId?: string;
  /**
   * When the citizen started (ISO): the response's time and the day a point's daily key was
   * taken from, so a rating begun at 23.59 and answered after midnight stays on its day.
   */
  startedAt: string;
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
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}

function toValues(answers: StoredAnswer[]): AnswerValues {
  const values: AnswerValues = {};
  for (const a of answers) values[a.questionId] = compact({ score: a.score, choice: a.choice, text: a.text, skipped: a.skipped || undefined });
  return values;
}

/** The version a response already uses, or the survey now current on the channel. */
export async function surveyFor(existing: SurveyResponse | null, channel: SurveyChannel): Promise<StoredSurvey> {
  const survey = existing ? await surveyVersion(existing.surveyCode, existing.surveyVersion) : await currentSurvey(channel);
  if (!survey) throw notFound('surveys.errors.noSurvey');
  return survey;
}

/** The start of a survey: the subject, the version's questions and the answers the response has. */
export function startOf(subject: SurveySubject, survey: StoredSurvey, existing: SurveyResponse | null): SurveyStart {
  const values = existing ? toValues(existing.answers) : {};
  const snapshot = { code: survey.code, version: survey.version, questions: survey.questions.map((q) => compact({ ...q })) };
  return { subject: compact(subject), survey: snapshot, values, finished: nextQuestionIndex(snapshot.questions, values, false) >= snapshot.questions.length };
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

/** The subject's start instant; `now` for a subject kept before it had one. */
function startedAt(subject: SurveySubject, now: Date): Date {
  const at = new Date(subject.startedAt);
  return Number.isNaN(at.getTime()) ? now : at;
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
 * unique subject key turns that into a polite refusal. The citizen is matched under every key
 * (a rotation in between changes nothing); a new response stores the current key's hash.
 */
export async function answerSurvey(input: AnswerInput): Promise<void> {
  const { subject, survey, now } = input;
  const hashes = userHashes(input.userId);
  const at = startedAt(subject, now);
  try {
    await SurveyResponseModel.updateOne(
      { subjectKey: subject.key, status: 'partial', userHash: { $in: hashes } },
      {
        $set: { answers: toStoredAnswers(survey.questions, input.values), updatedAt: now },
        $setOnInsert: compact({
          userHash: hashes[0],
          channel: subject.channel,
          surveyCode: survey.code,
          surveyVersion: survey.version,
          departmentCode: subject.departmentCode,
          serviceCode: subject.serviceCode,
          categoryCode: subject.categoryCode,
          pointCode: subject.pointCode,
          officerId: subject.officerId,
          at,
          period: periodOf(at),
        }),
      },
      { upsert: true },
    );
  } catch (err) {
    if (isDuplicateKeyError(err)) throw conflict(isPointKey(subject.key) ? 'surveys.errors.alreadyRatedToday' : 'surveys.errors.alreadyAnswered');
    throw err;
  }
}

/** Closes the response: from now on it cannot be changed. */
export async function completeSurvey(subjectKey: string, userId: string, now: Date): Promise<void> {
  await SurveyResponseModel.updateOne({ subjectKey, status: 'partial', userHash: { $in: userHashes(userId) } }, { $set: { status: 'completed', completedAt: now, updatedAt: now } });
}

import { isDuplicateKeyError } from '../../shared/errors';
import { DEFAULT_SURVEY, DEFAULT_SURVEY_CODE, surveyDefinitionSchema, type StoredSurvey, type SurveyChannel, type SurveyDefinition } from './survey-definition';
import { SurveyModel } from './survey.model';

/** The stored fields that make a version's content (what a new version is compared on). */
function contentOf(survey: SurveyDefinition): string {
  const parsed = surveyDefinitionSchema.parse({ code: survey.code, title: survey.title, channels: survey.channels, questions: survey.questions });
  return JSON.stringify(parsed, (_key, value: unknown) => (value === null ? undefined : value));
}

/** True when the definition says the same as the stored version (field order and nulls aside). */
export function sameContent(a: SurveyDefinition, b: SurveyDefinition): boolean {
  return contentOf(a) === contentOf(b);
}

/** The latest version of a survey code, active or not. */
export async function latestVersion(code: string): Promise<StoredSurvey | undefined> {
  return (await SurveyModel.findOne({ code }).sort({ version: -1 }).lean<StoredSurvey>()) ?? undefined;
}

/** One stored version (responses keep the version they answered). */
export async function surveyVersion(code: string, version: number): Promise<StoredSurvey | undefined> {
  return (await SurveyModel.findOne({ code, version }).lean<StoredSurvey>()) ?? undefined;
}

/**
 * The survey a new response on this channel uses: among the latest versions of the active codes,
 * those used there, the default ITA survey first, then by code.
 */
export async function currentSurvey(channel: SurveyChannel): Promise<StoredSurvey | undefined> {
  const usable = (await latestOfEachCode()).filter((s) => s.active && s.channels.includes(channel));
  return usable.find((s) => s.code === DEFAULT_SURVEY_CODE) ?? usable[0];
}

/** The newest version of every code, for the config plan and reports. */
export async function latestOfEachCode(): Promise<StoredSurvey[]> {
  const all = await SurveyModel.find({}).sort({ code: 1, version: -1 }).lean<StoredSurvey[]>();
  const latest = new Map<string, StoredSurvey>();
  for (const s of all) if (!latest.has(s.code)) latest.set(s.code, s);
  return [...latest.values()];
}

/**
 * Stores a definition: nothing when the latest version says the same (it is reactivated if it
 * was retired), otherwise the next version. Old versions stay as they are. Returns the version
 * now current and whether one was created.
 */
export async function saveSurveyDefinition(definition: SurveyDefinition, now: Date): Promise<{ version: number; created: boolean; reactivated: boolean }> {
  const parsed = surveyDefinitionSchema.parse(definition);
  const latest = await latestVersion(parsed.code);
  if (latest && sameContent(latest, parsed)) {
    if (latest.active) return { version: latest.version, created: false, reactivated: false };
    await SurveyModel.updateMany({ code: parsed.code }, { $set: { active: true } });
    return { version: latest.version, created: false, reactivated: true };
  }
  const version = (latest?.version ?? 0) + 1;
  try {
    await SurveyModel.create({ ...parsed, version, active: true, createdAt: now });
  } catch (err) {
    // Two admins applying at once: the other one stored this version; theirs stands.
    if (!isDuplicateKeyError(err)) throw err;
  }
  await SurveyModel.updateMany({ code: parsed.code }, { $set: { active: true } });
  return { version, created: true, reactivated: false };
}

/** Retires a survey code: no new responses use it; versions and responses stay. */
export async function retireSurvey(code: string): Promise<void> {
  await SurveyModel.updateMany({ code }, { $set: { active: false } });
}

/** Demo data: the default ITA survey, stored as version 1 when the code is missing. Idempotent. */
export async function loadDemoSurvey(now: Date): Promise<void> {
  if (await SurveyModel.exists({ code: DEFAULT_SURVEY_CODE })) return;
  await saveSurveyDefinition(DEFAULT_SURVEY, now);
}

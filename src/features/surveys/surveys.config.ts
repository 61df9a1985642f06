import type { ConfigChange, ConfigSection } from '../../admin/config-section';
import { surveyDefinitionSchema, type SurveyDefinition } from './survey-definition';
import { latestOfEachCode, retireSurvey, sameContent, saveSurveyDefinition } from './survey-store';

interface Planned {
  change: ConfigChange;
  apply?: (now: Date) => Promise<void>;
}

function describe(latest: { version: number } | undefined, item: SurveyDefinition): string {
  return latest ? `new version ${latest.version + 1} (version ${latest.version} kept for its responses)` : `version 1, ${item.questions.length} questions`;
}

async function planOf(items: SurveyDefinition[]): Promise<Planned[]> {
  const stored = new Map((await latestOfEachCode()).map((s) => [s.code, s]));
  const planned: Planned[] = [];
  for (const item of items) {
    const latest = stored.get(item.code);
    if (latest && sameContent(latest, item)) {
      planned.push(
        latest.active
          ? { change: { action: 'unchanged', key: item.code } }
          : { change: { action: 'update', key: item.code, details: `reactivated (version ${latest.version})` }, apply: async (now) => void (await saveSurveyDefinition(item, now)) },
      );
      continue;
    }
    planned.push({ change: { action: latest ? 'update' : 'create', key: item.code, details: describe(latest, item) }, apply: async (now) => void (await saveSurveyDefinition(item, now)) });
  }
  const inFile = new Set(items.map((i) => i.code));
  for (const survey of stored.values()) {
    if (inFile.has(survey.code) || !survey.active) continue;
    planned.push({ change: { action: 'deactivate', key: survey.code, details: 'no new responses; versions and responses kept' }, apply: () => retireSurvey(survey.code) });
  }
  return planned;
}

/**
 * The `surveys` section of the admin configuration file. A survey whose questions or title
 * changed gets a new version (the old one is kept: its responses refer to it); a survey left
 * out of the file is retired, never deleted. Applying the same file twice changes nothing.
 */
export const surveysConfigSection: ConfigSection<SurveyDefinition> = {
  key: 'surveys',
  itemSchema: surveyDefinitionSchema,
  async plan(items) {
    return (await planOf(items)).map((p) => p.change);
  },
  async apply(items, now) {
    const planned = await planOf(items);
    for (const p of planned) await p.apply?.(now);
    return planned.map((p) => p.change);
  },
};

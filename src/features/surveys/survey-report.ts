import { z } from 'zod';
import { translator } from '../../i18n';
import type { Lang } from '../../i18n/languages';
import { localized } from '../departments/department.model';
import { DEFAULT_SURVEY_CODE } from './survey-definition';
import { bangkokMidnight, evidenceOf, GROUP_KEYS, groupLabels, REPORT_GROUPINGS, type ReportGrouping } from './survey-report-groups';
import { SurveyResponseModel } from './survey-response.model';
import { latestOfEachCode } from './survey-store';
import { upgradeStoredSurveys } from './survey-upgrade';

export { bangkokMidnight, halfLabel, monthLabel, REPORT_GROUPINGS, type ReportGrouping } from './survey-report-groups';

/** The share of satisfied answers (4 or 5) the municipality must reach. */
export const SATISFACTION_TARGET_PERCENT = 80;

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a date');

/** The report's parameters (HTTP query and command line), Bangkok calendar days, both inclusive. */
export const reportQuerySchema = z
  .object({
    from: isoDay,
    to: isoDay,
    by: z.enum(REPORT_GROUPINGS).default('department'),
    lang: z.enum(['th', 'en']).default('th'),
  })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 5 * 366 * 86_400_000, { message: 'at most five years at once', path: ['to'] });
export type ReportQuery = z.output<typeof reportQuerySchema>;

export interface QuestionStats {
  id: string;
  label: string;
  answered: number;
  /** Mean score 1-5 (ratings only). */
  mean: number | null;
  satisfied: number;
  satisfiedPercent: number | null;
}

export interface GroupStats {
  /** The group: a department code, `service:<code>` or `category:<code>`, `served:<officer id>` or `point:<officer id>`, a month, a half-year; null when unknown. */
  key: string | null;
  label: string;
  /** Officer grouping only: `served` when the ratings follow a served case or ticket, `point` for menu and QR ratings (no proof of service). */
  evidence?: 'served' | 'point';
  responses: number;
  completed: number;
  /** On the overall-satisfaction question, against the target. */
  overall: { answered: number; satisfied: number; satisfiedPercent: number | null; mean: number | null; meetsTarget: boolean | null };
  questions: QuestionStats[];
}

/** What "% satisfied" measures, said in the report itself. */
export interface TargetDefinition {
  percent: number;
  /** The overall-satisfaction question(s) the share is measured on (one per survey code). */
  questionIds: string[];
  question: string;
  /** The rule in words, in the report's language. */
  definition: string;
}

export interface SurveyReport {
  from: string;
  to: string;
  by: ReportGrouping;
  targetPercent: number;
  target: TargetDefinition;
  groups: GroupStats[];
  total: GroupStats;
}

interface CountRow {
  _id: string | null;
  responses: number;
  completed: number;
}
interface AnswerRow {
  _id: { g: string | null; q: string };
  answered: number;
  scoreSum: number;
  scored: number;
  satisfied: number;
  overall: boolean;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const percent = (part: number, whole: number) => (whole > 0 ? round((part * 100) / whole, 1) : null);

/** True when the share reaches the target. Counts are compared, never a rounded percentage (1999 of 2500 is 79.96%: below 80). */
export function meetsTarget(satisfied: number, answered: number, targetPercent = SATISFACTION_TARGET_PERCENT): boolean | null {
  return answered > 0 ? satisfied * 100 >= targetPercent * answered : null;
}

interface Catalogue {
  order: string[];
  labels: Map<string, string>;
  /** The overall-satisfaction question of each survey code, the default survey's first. */
  overallIds: string[];
}

/** Question labels from the newest version that has each question; the current survey's order first. */
async function questionCatalogue(lang: Lang): Promise<Catalogue> {
  const surveys = (await latestOfEachCode()).sort((a, b) => Number(b.code === DEFAULT_SURVEY_CODE) - Number(a.code === DEFAULT_SURVEY_CODE));
  const order: string[] = [];
  const labels = new Map<string, string>();
  const overallIds: string[] = [];
  for (const s of surveys) {
    for (const q of s.questions) {
      if (q.overall && !overallIds.includes(q.id)) overallIds.push(q.id);
      if (q.type === 'text' || labels.has(q.id)) continue;
      order.push(q.id);
      labels.set(q.id, localized(q.text, lang));
    }
  }
  return { order, labels, overallIds };
}

/** The target and the question it is measured on, with the rule in words (README, "Satisfaction surveys"). */
function targetOf(catalogue: Catalogue, lang: Lang): TargetDefinition {
  const question = catalogue.overallIds.map((id) => catalogue.labels.get(id) ?? id).join(' / ');
  return {
    percent: SATISFACTION_TARGET_PERCENT,
    questionIds: catalogue.overallIds,
    question,
    definition: translator(lang)('surveys.report.targetDefinition', { question, percent: SATISFACTION_TARGET_PERCENT }),
  };
}

function statsOf(key: string | null, label: string, counts: CountRow[], rows: AnswerRow[], { order, labels }: Catalogue): GroupStats {
  const byQuestion = new Map<string, { answered: number; scoreSum: number; scored: number; satisfied: number; overall: boolean }>();
  for (const r of rows) {
    const acc = byQuestion.get(r._id.q) ?? { answered: 0, scoreSum: 0, scored: 0, satisfied: 0, overall: false };
    acc.answered += r.answered;
    acc.scoreSum += r.scoreSum;
    acc.scored += r.scored;
    acc.satisfied += r.satisfied;
    acc.overall ||= Boolean(r.overall);
    byQuestion.set(r._id.q, acc);
  }
  const ids = [...order.filter((id) => byQuestion.has(id)), ...[...byQuestion.keys()].filter((id) => !order.includes(id)).sort()];
  const questions = ids.map((id) => {
    const q = byQuestion.get(id)!;
    return { id, label: labels.get(id) ?? id, answered: q.answered, mean: q.scored > 0 ? round(q.scoreSum / q.scored, 2) : null, satisfied: q.satisfied, satisfiedPercent: percent(q.satisfied, q.answered) };
  });
  const overallRows = [...byQuestion.values()].filter((q) => q.overall);
  const answered = overallRows.reduce((n, q) => n + q.answered, 0);
  const satisfied = overallRows.reduce((n, q) => n + q.satisfied, 0);
  const scored = overallRows.reduce((n, q) => n + q.scored, 0);
  const scoreSum = overallRows.reduce((n, q) => n + q.scoreSum, 0);
  const satisfiedPercent = percent(satisfied, answered);
  return {
    key,
    label,
    responses: counts.reduce((n, c) => n + c.responses, 0),
    completed: counts.reduce((n, c) => n + c.completed, 0),
    overall: { answered, satisfied, satisfiedPercent, mean: scored > 0 ? round(scoreSum / scored, 2) : null, meetsTarget: meetsTarget(satisfied, answered) },
    questions,
  };
}

/**
 * Responses, mean per question and % satisfied per group, from two aggregations that run the
 * same on the embedded server and on MongoDB: responses counted per group, and answers
 * ($unwind) summed per group and question. Partial responses count with what they answered.
 * Rows of earlier versions are upgraded first (survey-upgrade.ts), so the report never groups an
 * officer twice nor shows a LINE id, even run from the command line before any server upgraded them.
 */
export async function surveyReport(query: ReportQuery): Promise<SurveyReport> {
  await upgradeStoredSurveys();
  const start = bangkokMidnight(query.from);
  const end = new Date(bangkokMidnight(query.to).getTime() + 86_400_000);
  const match = { $match: { at: { $gte: start, $lt: end } } };
  const groupKey = GROUP_KEYS[query.by];
  const [counts, rows] = await Promise.all([
    SurveyResponseModel.aggregate<CountRow>([
      match,
      { $group: { _id: groupKey, responses: { $sum: 1 }, completed: { $sum: { $cond: [{ $eq: ['$status', 'completed'] }, 1, 0] } } } },
    ]),
    SurveyResponseModel.aggregate<AnswerRow>([
      match,
      { $unwind: '$answers' },
      { $match: { 'answers.skipped': false, 'answers.type': { $in: ['rating', 'yes_no'] } } },
      {
        $group: {
          _id: { g: groupKey, q: '$answers.questionId' },
          answered: { $sum: 1 },
          scoreSum: { $sum: { $cond: [{ $eq: ['$answers.type', 'rating'] }, '$answers.score', 0] } },
          scored: { $sum: { $cond: [{ $eq: ['$answers.type', 'rating'] }, 1, 0] } },
          satisfied: { $sum: { $cond: [{ $eq: ['$answers.satisfied', true] }, 1, 0] } },
          overall: { $max: '$answers.overall' },
        },
      },
    ]),
  ]);
  const norm = (k: string | null | undefined) => (k === undefined ? null : k);
  const catalogue = await questionCatalogue(query.lang);
  const keys = [...new Set(counts.map((c) => norm(c._id)))].sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)));
  const names = await groupLabels(query.by, keys, query.lang);
  const groups = keys.map((key) => {
    const stats = statsOf(key, names.get(key) ?? key ?? '', counts.filter((c) => norm(c._id) === key), rows.filter((r) => norm(r._id.g) === key), catalogue);
    const evidence = evidenceOf(query.by, key);
    return evidence ? { ...stats, evidence } : stats;
  });
  const total = statsOf(null, translator(query.lang)('surveys.report.all'), counts, rows, catalogue);
  return { from: query.from, to: query.to, by: query.by, targetPercent: SATISFACTION_TARGET_PERCENT, target: targetOf(catalogue, query.lang), groups, total };
}

function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  let s = String(value);
  // A cell that a spreadsheet would run as a formula is quoted as text.
  if (/^[=+\-@]/.test(s) && typeof value === 'string') s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The report as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read Thai). */
export function reportCsv(report: SurveyReport): string {
  const ids = [...new Set([...report.total.questions.map((q) => q.id)])];
  const head = ['group', 'label', 'responses', 'completed', 'overall_answered', 'overall_satisfied', 'overall_satisfied_pct', 'overall_mean', `meets_target_${report.targetPercent}`];
  for (const id of ids) head.push(`q_${id}_answered`, `q_${id}_mean`, `q_${id}_satisfied_pct`);
  const line = (g: GroupStats, key: string | null) => {
    const cells: (string | number | boolean | null)[] = [key ?? '', g.label, g.responses, g.completed, g.overall.answered, g.overall.satisfied, g.overall.satisfiedPercent, g.overall.mean, g.overall.meetsTarget];
    for (const id of ids) {
      const q = g.questions.find((x) => x.id === id);
      cells.push(q?.answered ?? 0, q?.mean ?? null, q?.satisfiedPercent ?? null);
    }
    return cells.map(csvCell).join(',');
  };
  const lines = [head.join(','), ...report.groups.map((g) => line(g, g.key)), line(report.total, 'total')];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

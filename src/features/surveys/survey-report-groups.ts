import mongoose from 'mongoose';
import { translator } from '../../i18n';
import type { Lang } from '../../i18n/languages';
import { bangkok } from '../../shared/dates';
import { CategoryModel } from '../complaints/category.model';
import { DepartmentModel, localized } from '../departments/department.model';
import { OfficerModel } from '../officers/officer.model';
import { QueueServiceModel } from '../queue/service.model';

/** How the report groups responses, and how each group is named. */

export const REPORT_GROUPINGS = ['department', 'service', 'officer', 'month', 'half', 'all'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

/** Ratings after a served case or ticket prove the officer served the citizen; menu and QR ratings do not. */
const PROVEN_CHANNELS = ['after_case', 'after_ticket'];

const prefixed = (field: string, prefix: unknown) => ({ $cond: [{ $ifNull: [field, false] }, { $concat: [prefix, field] }, null] });

/**
 * The group key of a response, as an aggregation expression. Services and complaint categories
 * are told apart (`service:<code>`, `category:<code>`), and an officer's ratings are split by
 * evidence (`served:<officer id>` after a case or ticket, `point:<officer id>` from the menu or a
 * QR code), so a promotion decision can rest on proven service alone.
 */
export const GROUP_KEYS: Record<ReportGrouping, unknown> = {
  department: '$departmentCode',
  service: { $cond: [{ $ifNull: ['$serviceCode', false] }, { $concat: ['service:', '$serviceCode'] }, prefixed('$categoryCode', 'category:')] },
  officer: prefixed('$officerId', { $cond: [{ $in: ['$channel', PROVEN_CHANNELS] }, 'served:', 'point:'] }),
  month: '$period.month',
  half: '$period.half',
  all: 'all',
};

/** Bangkok midnight of a calendar day (Bangkok has no daylight saving: always +07:00). */
export function bangkokMidnight(day: string): Date {
  return new Date(`${day}T00:00:00+07:00`);
}

/** "ต.ค. 2569" / "Oct 2026" from "2026-10". */
export function monthLabel(month: string, lang: Lang): string {
  const d = bangkok(bangkokMidnight(`${month}-15`));
  return lang === 'th' ? d.locale('th').format('MMM BBBB') : d.locale('en').format('MMM YYYY');
}

/** "ครึ่งปีแรก ปีงบประมาณ 2570 (ต.ค. 2569 - มี.ค. 2570)" from "2570-H1". */
export function halfLabel(key: string, lang: Lang): string {
  const match = /^(\d{4})-H([12])$/.exec(key);
  if (!match) return key;
  const fiscalYearBE = Number(match[1]);
  const fiscalYearCE = fiscalYearBE - 543;
  const half = Number(match[2]);
  const start = half === 1 ? `${fiscalYearCE - 1}-10` : `${fiscalYearCE}-04`;
  const end = half === 1 ? `${fiscalYearCE}-03` : `${fiscalYearCE}-09`;
  return translator(lang)(half === 1 ? 'surveys.report.halfFirst' : 'surveys.report.halfSecond', {
    year: lang === 'th' ? fiscalYearBE : fiscalYearCE,
    from: monthLabel(start, lang),
    to: monthLabel(end, lang),
  });
}

/** The part of the keys after `<prefix>:`. */
const codesAfter = (keys: string[], prefix: string) => keys.filter((k) => k.startsWith(`${prefix}:`)).map((k) => k.slice(prefix.length + 1));

async function officerLabels(keys: string[], lang: Lang, labels: Map<string | null, string>): Promise<void> {
  const t = translator(lang);
  const ids = [...new Set([...codesAfter(keys, 'served'), ...codesAfter(keys, 'point')])].filter((id) => mongoose.isValidObjectId(id));
  const names = new Map((await OfficerModel.find({ _id: { $in: ids } }, { name: 1 }).lean()).map((o) => [String(o._id), o.name]));
  for (const key of keys) {
    const [evidence, id] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    const name = names.get(id) ?? t('surveys.report.unspecified');
    labels.set(key, t(evidence === 'served' ? 'surveys.report.officerServed' : 'surveys.report.officerPoint', { name }));
  }
}

async function serviceLabels(keys: string[], lang: Lang, labels: Map<string | null, string>): Promise<void> {
  const [services, categories] = await Promise.all([
    QueueServiceModel.find({ code: { $in: codesAfter(keys, 'service') } }, { code: 1, name: 1 }).lean(),
    CategoryModel.find({ code: { $in: codesAfter(keys, 'category') } }, { code: 1, name: 1 }).lean(),
  ]);
  for (const s of services) labels.set(`service:${s.code}`, localized(s.name, lang));
  for (const c of categories) labels.set(`category:${c.code}`, localized(c.name, lang));
}

/** The name of each group in the report's language; a key nothing names is shown as it is. */
export async function groupLabels(by: ReportGrouping, keys: (string | null)[], lang: Lang): Promise<Map<string | null, string>> {
  const t = translator(lang);
  const labels = new Map<string | null, string>([[null, t('surveys.report.unspecified')]]);
  const present = keys.filter((k): k is string => k !== null);
  if (by === 'department') {
    for (const d of await DepartmentModel.find({ code: { $in: present } }, { code: 1, name: 1 }).lean()) labels.set(d.code, localized(d.name, lang));
  } else if (by === 'officer') await officerLabels(present, lang, labels);
  else if (by === 'service') await serviceLabels(present, lang, labels);
  else if (by === 'month') for (const k of present) labels.set(k, monthLabel(k, lang));
  else if (by === 'half') for (const k of present) labels.set(k, halfLabel(k, lang));
  else if (by === 'all') labels.set('all', t('surveys.report.all'));
  return labels;
}

/** For the officer grouping: whether the group's ratings come with proof of service. */
export function evidenceOf(by: ReportGrouping, key: string | null): 'served' | 'point' | undefined {
  if (by !== 'officer' || key === null) return undefined;
  return key.startsWith('served:') ? 'served' : 'point';
}

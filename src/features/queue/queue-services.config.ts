import type { Model } from 'mongoose';
import { z } from 'zod';
import type { SectionChecks } from '../../admin/config-file';
import type { ConfigChange, ConfigSection } from '../../admin/config-section';
import { DepartmentModel } from '../departments/department.model';
import { QueueServiceModel } from './service.model';
import { WEEKDAYS } from './service.model';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time as HH:mm');
const localizedText = z.object({ th: z.string().min(1).max(1000), en: z.string().max(1000).optional(), my: z.string().max(1000).optional() }).strict();

/** One counter service in the admin file (section `queueServices`). */
export const queueServiceItemSchema = z
  .object({
    code: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/),
    prefix: z.string().regex(/^[A-Z]$/, 'one capital letter'),
    departmentCode: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/),
    name: z.object({ th: z.string().min(1).max(60), en: z.string().max(60).optional(), my: z.string().max(60).optional() }).strict(),
    counters: z.array(z.number().int().min(1).max(99)).min(1).max(13),
    hours: z
      .array(
        z
          .object({
            days: z.array(z.enum(WEEKDAYS)).min(1),
            open: hhmm,
            close: hhmm,
            /** Without a lunch break the counter serves through lunch (lunch-hour service). */
            lunchBreak: z.object({ start: hhmm, end: hhmm }).strict().optional(),
          })
          .strict()
          .refine((h) => h.open < h.close, 'open before close')
          .refine((h) => !h.lunchBreak || (h.open < h.lunchBreak.start && h.lunchBreak.start < h.lunchBreak.end && h.lunchBreak.end < h.close), 'lunch break inside the hours'),
      )
      .min(1),
    holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default([]),
    dailyLimit: z.number().int().min(1).max(999),
    minutesPerPerson: z.number().min(1).max(240),
    /** No ticket after this time of day; left out, none when the estimated wait runs past closing. */
    lastTicketAt: hhmm.optional(),
    rules: z
      .object({ howItWorks: localizedText.optional(), noShow: localizedText.optional(), documents: z.array(localizedText).max(15).default([]) })
      .strict()
      .default({ documents: [] }),
    sortOrder: z.number().int().default(100),
  })
  .strict();

export type QueueServiceItem = z.infer<typeof queueServiceItemSchema>;

/** The fields the file controls, in a stable shape for comparison. */
function comparable(item: Partial<QueueServiceItem> & { active?: boolean }): Record<string, unknown> {
  const strip = (v: unknown): unknown => JSON.parse(JSON.stringify(v ?? null, (_k, x) => (x === null ? undefined : x)) ?? 'null');
  return {
    prefix: item.prefix,
    departmentCode: item.departmentCode,
    name: strip(item.name),
    counters: strip(item.counters),
    hours: strip(item.hours),
    holidays: strip(item.holidays ?? []),
    dailyLimit: item.dailyLimit,
    minutesPerPerson: item.minutesPerPerson,
    lastTicketAt: item.lastTicketAt ?? null,
    rules: strip({ howItWorks: item.rules?.howItWorks, noShow: item.rules?.noShow, documents: item.rules?.documents ?? [] }),
    sortOrder: item.sortOrder ?? 100,
    active: item.active ?? true,
  };
}

function differences(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

async function computePlan(items: QueueServiceItem[]): Promise<{ changes: ConfigChange[]; deactivate: string[] }> {
  const codes = items.map((i) => i.code);
  const dupCode = codes.find((c, i) => codes.indexOf(c) !== i);
  if (dupCode) throw new Error(`queueServices: code ${dupCode} appears twice`);
  const prefixes = items.map((i) => i.prefix);
  const dupPrefix = prefixes.find((p, i) => prefixes.indexOf(p) !== i);
  if (dupPrefix) throw new Error(`queueServices: prefix ${dupPrefix} is used by two services`);
  const existing = await QueueServiceModel.find({}).lean();
  const byCode = new Map(existing.map((s) => [s.code, s]));
  const changes: ConfigChange[] = items.map((item) => {
    const current = byCode.get(item.code);
    if (!current) return { action: 'create', key: item.code };
    const diff = differences(comparable(current as unknown as QueueServiceItem & { active: boolean }), comparable({ ...item, active: true }));
    return diff.length === 0 ? { action: 'unchanged', key: item.code } : { action: 'update', key: item.code, details: diff.join(', ') };
  });
  const deactivate = existing.filter((s) => s.active && !codes.includes(s.code)).map((s) => s.code);
  for (const code of deactivate) changes.push({ action: 'deactivate', key: code, details: 'not in the file (kept, no longer offered)' });
  return { changes, deactivate };
}

/**
 * `npm run config` section `queueServices`: creates and updates services; a service missing from
 * the file is deactivated (its tickets and history stay), never deleted. Idempotent.
 */
export const queueServicesConfigSection: ConfigSection<QueueServiceItem> & SectionChecks = {
  key: 'queueServices',
  itemSchema: queueServiceItemSchema as unknown as ConfigSection<QueueServiceItem>['itemSchema'],
  // A ticket label is the prefix and a number: two services with one prefix would share labels.
  uniqueFields: ['prefix'],
  references: [{ field: 'departmentCode', section: 'departments', model: DepartmentModel as unknown as Model<never> }],
  async plan(items) {
    return (await computePlan(items)).changes;
  },
  async apply(items, now) {
    const { changes, deactivate } = await computePlan(items);
    for (const item of items) {
      const change = changes.find((c) => c.key === item.code);
      if (change?.action === 'unchanged') continue;
      const { code, ...fields } = item;
      // A field left out of the file is removed, not kept from an earlier apply.
      const unset = fields.lastTicketAt === undefined ? { $unset: { lastTicketAt: 1 } } : {};
      await QueueServiceModel.updateOne(
        { code },
        { $set: { ...fields, rules: { ...fields.rules, documents: fields.rules.documents ?? [] }, active: true, updatedAt: now }, $setOnInsert: { code, createdAt: now }, ...unset },
        { upsert: true, timestamps: false },
      );
    }
    if (deactivate.length > 0) await QueueServiceModel.updateMany({ code: { $in: deactivate } }, { $set: { active: false, updatedAt: now } }, { timestamps: false });
    return changes;
  },
};

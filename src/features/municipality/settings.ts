import mongoose, { Schema } from 'mongoose';
import { z } from 'zod';

/**
 * Municipality-wide settings: the decisions the source documents leave open, each with a
 * sensible default and editable with `npm run config -- apply` (section `settings`).
 */
export const settingsSchema = z.object({
  municipalityName: z.object({ th: z.string(), en: z.string().optional() }).default({ th: 'เทศบาลตำบลบ้านสุขใจ', en: 'Ban Suk Jai Subdistrict Municipality' }),
  complaints: z
    .object({
      defaultDueDays: z.number().int().min(1).max(90).default(15),
      /** Calendar days (the default) or working days Monday to Friday. */
      dayCounting: z.enum(['calendar', 'working']).default('calendar'),
      reopenWindowDays: z.number().int().min(0).max(60).default(7),
      acceptWithinDays: z.number().int().min(1).max(30).default(1),
      reminderDaysBeforeDue: z.array(z.number().int().min(0).max(30)).default([3, 0]),
      duplicateRadiusMeters: z.number().int().min(0).max(1000).default(50),
      duplicateWindowDays: z.number().int().min(0).max(90).default(14),
      maxPhotos: z.number().int().min(1).max(10).default(5),
    })
    .prefault({}),
  queue: z
    .object({
      noShowMinutes: z.number().int().min(1).max(120).default(10),
      notifyWhenAhead: z.number().int().min(1).max(20).default(3),
    })
    .prefault({}),
  integrity: z
    .object({
      hotlines: z
        .object({ damrongdham: z.string().default('1567'), nacc: z.string().default('1205'), pacc: z.string().default('1206') })
        .prefault({}),
      dailyReportLimit: z.number().int().min(1).max(20).default(3),
      dueDays: z.number().int().min(1).max(180).default(30),
      allowAnonymous: z.boolean().default(true),
    })
    .prefault({}),
  /** How long personal data of closed cases is kept before it is anonymised (days). */
  retentionDays: z.number().int().min(30).max(3650).default(730),
});

export type Settings = z.infer<typeof settingsSchema>;

const settingsModelSchema = new Schema({ _id: { type: String }, value: { type: Schema.Types.Mixed, required: true }, updatedAt: { type: Date } }, { collection: 'settings', versionKey: false });
export const SettingsModel = mongoose.model('Settings', settingsModelSchema);

const SETTINGS_ID = 'municipality';

/** The current settings: stored values over defaults. Cheap enough to call per request. */
export async function getSettings(): Promise<Settings> {
  const stored = await SettingsModel.findById(SETTINGS_ID).lean();
  return settingsSchema.parse(stored?.value ?? {});
}

/** Replaces the stored settings after validation; returns the effective settings. */
export async function saveSettings(value: unknown, now: Date = new Date()): Promise<Settings> {
  const parsed = settingsSchema.parse(value);
  await SettingsModel.replaceOne({ _id: SETTINGS_ID }, { _id: SETTINGS_ID, value: parsed, updatedAt: now }, { upsert: true });
  return parsed;
}

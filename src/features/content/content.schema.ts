import { z } from 'zod';
import type { Lang } from '../../i18n/languages';

/** Text in Thai (required) and optionally English and Burmese; readers fall back to Thai. */
export const localizedText = z.object({ th: z.string().trim().min(1), en: z.string().trim().min(1).optional(), my: z.string().trim().min(1).optional() }).strict();
export type LocalizedText = z.infer<typeof localizedText>;

/** The text in the reader's language, or Thai. */
export function pick(text: LocalizedText | undefined, lang: Lang): string {
  if (!text) return '';
  return text[lang] ?? text.th;
}

const httpsUrl = z.url({ protocol: /^https?$/ });
/** A phone number as people write it: digits, spaces, dashes, an optional leading +, an optional extension. */
const phoneNumber = z.string().regex(/^\+?[0-9][0-9 -]{2,18}(\s*(ต่อ|ext\.?)\s*[0-9]{1,5})?$/, 'phone number: digits, spaces or dashes, e.g. 053-123456 or 1111');

const contactSchema = z
  .object({
    key: z.literal('contact'),
    name: localizedText,
    address: localizedText,
    phones: z.array(z.object({ label: localizedText, number: phoneNumber }).strict()).min(1).max(5),
    hours: localizedText,
    mapUrl: httpsUrl,
    email: z.email().optional(),
    website: httpsUrl.optional(),
  })
  .strict();

const sectionSchema = z.object({ title: localizedText, body: localizedText }).strict();

const privacySchema = z
  .object({
    key: z.literal('privacy'),
    /** Who is responsible for the data (the data controller). */
    controller: localizedText,
    /** What is collected, why, how long it is kept ({retentionDays} is replaced by the setting), how to ask. */
    sections: z.array(sectionSchema).min(1).max(8),
  })
  .strict();

const howToSchema = z.object({ key: z.literal('howTo'), intro: localizedText, steps: z.array(sectionSchema).min(1).max(10) }).strict();

const noGiftSchema = z
  .object({
    key: z.literal('noGift'),
    /** Buddhist-era year of the announcement, e.g. 2569. */
    year: z.number().int().min(2500).max(2700),
    title: localizedText,
    body: localizedText,
    url: httpsUrl.optional(),
  })
  .strict();

const publicInfoSchema = z
  .object({
    key: z.literal('publicInfo'),
    intro: localizedText,
    links: z.array(z.object({ label: localizedText, url: httpsUrl }).strict()).min(1).max(10),
  })
  .strict();

/** The citizen's manual of one counter service (คู่มือสำหรับประชาชน). */
export const manualSchema = z
  .object({
    /** The queue service code when the service has a queue (e.g. `registration`), else any code. */
    code: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/),
    name: localizedText,
    steps: z.array(localizedText).min(1).max(10),
    time: localizedText,
    documents: z.array(localizedText).max(15).default([]),
    fees: localizedText,
  })
  .strict();
export type ServiceManual = z.infer<typeof manualSchema>;

const manualsSchema = z.object({ key: z.literal('manuals'), services: z.array(manualSchema).max(30) }).strict();

/** One entry of the content collection, by key. */
export const contentEntrySchema = z.discriminatedUnion('key', [contactSchema, privacySchema, howToSchema, noGiftSchema, publicInfoSchema, manualsSchema], {
  error: 'key must be one of contact, privacy, howTo, noGift, publicInfo, manuals',
});
export type ContentEntry = z.infer<typeof contentEntrySchema>;
export type ContentKey = ContentEntry['key'];
export type ContentOf<K extends ContentKey> = Extract<ContentEntry, { key: K }>;
export const CONTENT_KEYS: ContentKey[] = ['contact', 'privacy', 'howTo', 'noGift', 'publicInfo', 'manuals'];

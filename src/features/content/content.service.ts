import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { QueueServiceModel, type QueueService } from '../queue/service.model';
import { ContentModel } from './content.model';
import { contentEntrySchema, type ContentEntry, type ContentKey, type ContentOf, type ServiceManual } from './content.schema';

const DEFAULTS_FILE = path.join(__dirname, 'content.defaults.yaml');
let defaults: Map<ContentKey, ContentEntry> | undefined;

/** The defaults shipped in content.defaults.yaml (validated once; a broken file fails loudly). */
export function defaultContent(): Map<ContentKey, ContentEntry> {
  if (!defaults) {
    const entries = z.array(contentEntrySchema).parse(YAML.parse(fs.readFileSync(DEFAULTS_FILE, 'utf8')));
    defaults = new Map(entries.map((e) => [e.key, e]));
  }
  return defaults;
}

/** The entry as stored by the municipality, or the default. */
export async function getContent<K extends ContentKey>(key: K): Promise<ContentOf<K>> {
  const stored = await ContentModel.findById(key).lean();
  const parsed = stored ? contentEntrySchema.safeParse(stored.value) : undefined;
  if (parsed?.success && parsed.data.key === key) return parsed.data as ContentOf<K>;
  return defaultContent().get(key) as ContentOf<K>;
}

/** Stores an entry (validated); returns false when it was already exactly so. */
export async function saveContent(entry: ContentEntry, now: Date): Promise<boolean> {
  const value = contentEntrySchema.parse(entry);
  const current = await getContent(value.key);
  if (JSON.stringify(current) === JSON.stringify(value)) return false;
  await ContentModel.replaceOne({ _id: value.key }, { _id: value.key, value, updatedAt: now }, { upsert: true });
  return true;
}

/** A manual built from a queue service's published rules when the content has none for it. */
function manualFromService(service: QueueService): ServiceManual {
  const steps = service.rules?.howItWorks ? [{ th: service.rules.howItWorks.th, ...(service.rules.howItWorks.en ? { en: service.rules.howItWorks.en } : {}) }] : [{ th: 'รับบัตรคิวแล้วรอเรียกตามลำดับ', en: 'Take a ticket and wait to be called' }];
  return {
    code: service.code,
    name: { th: service.name.th, ...(service.name.en ? { en: service.name.en } : {}) },
    steps,
    time: { th: `ประมาณ ${service.minutesPerPerson} นาทีต่อราย`, en: `About ${service.minutesPerPerson} minutes` },
    documents: (service.rules?.documents ?? []).map((d) => ({ th: d.th, ...(d.en ? { en: d.en } : {}) })),
    fees: { th: 'สอบถามที่ช่องบริการ', en: 'Ask at the counter' },
  };
}

/**
 * The citizen's manuals of the counter services: the active queue services in their order (each
 * with its manual from the content, or one built from the service's rules), then the content's
 * manuals of services without a queue.
 */
export async function listServiceManuals(): Promise<ServiceManual[]> {
  const { services: written } = await getContent('manuals');
  const queueServices = await QueueServiceModel.find({ active: true }).sort({ sortOrder: 1, code: 1 }).lean<QueueService[]>();
  const byCode = new Map(written.map((m) => [m.code, m]));
  const fromQueues = queueServices.map((s) => {
    const manual = byCode.get(s.code);
    if (!manual) return manualFromService(s);
    // The queue's documents list is the one officers keep current; the manual's wins when it has one.
    return manual.documents.length > 0 ? manual : { ...manual, documents: manualFromService(s).documents };
  });
  const queued = new Set(queueServices.map((s) => s.code));
  return [...fromQueues, ...written.filter((m) => !queued.has(m.code))];
}

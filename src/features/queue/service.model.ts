import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { localizedNameSchema } from '../departments/department.model';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const localizedTextSchema = new Schema({ th: { type: String, required: true }, en: { type: String }, my: { type: String } }, { _id: false });

/** Opening hours for some weekdays; without a lunch break the counter serves through lunch. */
const hoursSchema = new Schema(
  {
    days: { type: [String], enum: WEEKDAYS, required: true },
    open: { type: String, required: true, match: /^\d{2}:\d{2}$/ },
    close: { type: String, required: true, match: /^\d{2}:\d{2}$/ },
    lunchBreak: { type: new Schema({ start: { type: String, required: true }, end: { type: String, required: true } }, { _id: false }) },
  },
  { _id: false },
);

/** The published rules of a service's queue: how it works, the no-show rule, documents to bring. */
const rulesSchema = new Schema(
  {
    howItWorks: { type: localizedTextSchema },
    noShow: { type: localizedTextSchema },
    documents: { type: [localizedTextSchema], default: [] },
  },
  { _id: false },
);

/**
 * A counter service with its own queue (งานทะเบียนราษฎร, ชำระภาษี ...): ticket prefix letter,
 * counters, opening hours, holidays, a daily ticket limit and the minutes one person usually takes.
 */
const queueServiceSchema = new Schema(
  {
    code: { type: String, required: true, match: /^[a-z0-9][a-z0-9-]{1,39}$/ },
    prefix: { type: String, required: true, match: /^[A-Z]$/ },
    departmentCode: { type: String, required: true },
    name: { type: localizedNameSchema, required: true },
    counters: { type: [Number], default: [1] },
    hours: { type: [hoursSchema], default: [] },
    /** Bangkok calendar days ("2026-12-05") on which the service is closed. */
    holidays: { type: [String], default: [] },
    dailyLimit: { type: Number, default: 200 },
    minutesPerPerson: { type: Number, default: 10 },
    /**
     * The last time of day a ticket is given ("15:30"). Without it, a ticket is refused when the
     * estimated wait runs past closing.
     */
    lastTicketAt: { type: String, match: /^\d{2}:\d{2}$/ },
    rules: { type: rulesSchema, default: {} },
    active: { type: Boolean, default: true },
    sortOrder: { type: Number, default: 100 },
  },
  { collection: 'queue_services', versionKey: false, timestamps: true },
);

queueServiceSchema.index({ code: 1 }, { unique: true });

export type QueueServiceDoc = InferSchemaType<typeof queueServiceSchema>;
export const QueueServiceModel = mongoose.model('QueueService', queueServiceSchema);

/** A service as the rest of the feature reads it (lean, plain data). */
export interface QueueService {
  code: string;
  prefix: string;
  departmentCode: string;
  name: { th: string; en?: string | null; my?: string | null };
  counters: number[];
  hours: { days: Weekday[]; open: string; close: string; lunchBreak?: { start: string; end: string } | null }[];
  holidays: string[];
  dailyLimit: number;
  minutesPerPerson: number;
  lastTicketAt?: string | null;
  rules?: {
    howItWorks?: { th: string; en?: string | null } | null;
    noShow?: { th: string; en?: string | null } | null;
    documents?: { th: string; en?: string | null }[];
  } | null;
  active: boolean;
  sortOrder?: number | null;
}

/** An active service by code, or null. */
export async function findActiveService(code: string): Promise<QueueService | null> {
  return QueueServiceModel.findOne({ code: String(code), active: true }).lean<QueueService>();
}

/** A service by code, active or not (a retired service's tickets still need their follow-ups). */
export async function findService(code: string): Promise<QueueService | null> {
  return QueueServiceModel.findOne({ code: String(code) }).lean<QueueService>();
}

/** Active services, in display order; optionally of one department. */
export async function activeServices(departmentCode?: string): Promise<QueueService[]> {
  return QueueServiceModel.find({ active: true, ...(departmentCode ? { departmentCode } : {}) })
    .sort({ sortOrder: 1, code: 1 })
    .lean<QueueService[]>();
}

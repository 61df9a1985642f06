import { buddhistYear } from '../../shared/dates';
import { emitDomainEvent } from '../../shared/domain-events';
import { isDuplicateKeyError, userInput } from '../../shared/errors';
import { complaintCentre, findActiveDepartment } from '../departments/departments.service';
import { getSettings } from '../municipality/settings';
import type { PhotoRef } from '../photos/photos.service';
import { validPhotos, validText, type Actor } from './case-change';
import { formatCaseNumber } from './case-numbers';
import { findActiveCategory } from './category.model';
import { ComplaintModel, type Channel, type ComplaintDoc, type HistoryEntry } from './complaint.model';
import { nextSequence } from './counter.model';
import { dueDateAfter } from './due-dates';
import { normalizeThaiPhone } from './phone';

export interface FileComplaintInput {
  citizenId?: string;
  channel: Channel;
  categoryCode: string;
  description: string;
  photos: PhotoRef[];
  location?: { latitude: number; longitude: number; address?: string };
  phone?: string;
  filedBy?: Actor;
  sourceEventId?: string;
}

export const DESCRIPTION_MIN = 10;
export const DESCRIPTION_MAX = 1000;

/**
 * Files a complaint from any channel: numbers it (C2569-00042, sequential per Buddhist-era
 * year), routes it to the category's department (the complaint centre when that department is
 * gone), sets the due date and emits `complaint.filed`. A retried event (same sourceEventId)
 * returns the case it filed the first time and announces it again: a crash or a failed
 * listener between the insert and the officers' notice heals on the retry (listeners dedupe).
 */
export async function fileComplaint(input: FileComplaintInput, now: Date): Promise<ComplaintDoc> {
  const replayed = await filedBy(input.sourceEventId);
  if (replayed) return announceFiled(replayed);
  const settings = (await getSettings()).complaints;
  const category = await findActiveCategory(input.categoryCode);
  if (!category) throw userInput('complaints.errors.unknownCategory');
  if (category.hotline) throw userInput('complaints.errors.urgentCategory', { hotline: category.hotline });
  const description = validText(input.description, DESCRIPTION_MIN, DESCRIPTION_MAX, 'complaints.errors.descriptionLength');
  const photos = validPhotos(input.photos, settings.maxPhotos);
  if (category.photo === 'required' && photos.length === 0) throw userInput('complaints.errors.photoRequired');
  const location = input.location;
  if (location && (!Number.isFinite(location.latitude) || !Number.isFinite(location.longitude) || Math.abs(location.latitude) > 90 || Math.abs(location.longitude) > 180)) {
    throw userInput('complaints.errors.badLocation');
  }
  if (category.location === 'required' && !location) throw userInput('complaints.errors.locationRequired');
  let phone: string | undefined;
  if (input.phone) {
    phone = normalizeThaiPhone(input.phone);
    if (!phone) throw userInput('complaints.errors.phoneInvalid');
  }
  if (input.channel === 'line' && !input.citizenId) throw userInput('complaints.errors.citizenRequired');

  const department = (await findActiveDepartment(category.departmentCode)) ?? (await complaintCentre());
  const departmentCode = department?.code ?? category.departmentCode;
  const year = buddhistYear(now);
  const seq = await nextSequence(`complaint:${year}`);
  const actor = input.filedBy ?? { kind: 'citizen' as const, id: input.citizenId };
  const entry: HistoryEntry = { at: now, actor: { kind: actor.kind, id: actor.id, name: actor.kind === 'officer' ? actor.name : undefined }, from: null, to: 'received', kind: 'status', photos: [] };
  let doc: ComplaintDoc;
  try {
    const created = await ComplaintModel.create({
      number: formatCaseNumber(year, seq),
      year,
      seq,
      citizenId: input.citizenId,
      followers: [],
      meTooCount: 0,
      channel: input.channel,
      categoryCode: category.code,
      departmentCode,
      description,
      photos,
      location: location ? { latitude: location.latitude, longitude: location.longitude, address: location.address?.slice(0, 300) } : undefined,
      phone,
      status: 'received',
      dueAt: dueDateAfter(now, category.dueDays || settings.defaultDueDays, settings.dayCounting),
      filedAt: now,
      history: [entry],
      forwards: [],
      reopenCount: 0,
      lastActivityAt: now,
      filedBy: input.filedBy ? { kind: input.filedBy.kind, id: input.filedBy.id, name: input.filedBy.name } : undefined,
      sourceEventId: input.sourceEventId,
    });
    doc = created.toObject() as ComplaintDoc;
  } catch (err) {
    const raced = isDuplicateKeyError(err) ? await filedBy(input.sourceEventId) : null;
    if (raced) return announceFiled(raced);
    throw err;
  }
  return announceFiled(doc);
}

/** The case an event filed already, if it did. */
async function filedBy(sourceEventId: string | undefined): Promise<ComplaintDoc | null> {
  if (!sourceEventId) return null;
  return ComplaintModel.findOne({ sourceEventId: String(sourceEventId) }).lean<ComplaintDoc>();
}

/** Emits `complaint.filed`; required, so a failed listener makes the filing event retry. */
async function announceFiled(doc: ComplaintDoc): Promise<ComplaintDoc> {
  const payload = { caseId: doc._id.toHexString(), caseNumber: doc.number, departmentCode: doc.departmentCode, categoryCode: doc.categoryCode, citizenId: doc.citizenId, channel: doc.channel };
  await emitDomainEvent('complaint.filed', payload, { required: true });
  return doc;
}

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mongoose from 'mongoose';
import sharp from 'sharp';
import { AppError, userInput } from '../../shared/errors';
import { sanitizePhoto } from '../photos/photos.service';

/**
 * Evidence for confidential reports, in its own GridFS bucket (integrity_evidence), apart from
 * complaint photos. Anything that is a picture, whatever LINE message carried it (an image, or a
 * file with any name), goes through the photos feature's cleaning: re-encoded to JPEG without
 * EXIF (GPS, camera, owner) or any other metadata. Other files (PDF, Word, video) are kept as
 * they are, metadata included: the reporter is told so before sending and when one arrives.
 * Nothing here names the sender: the stored name is generic and the only metadata is the kind,
 * the type and, once the report is confirmed, its id.
 */
export const EVIDENCE_BUCKET = 'integrity_evidence';
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

export interface StoredEvidence {
  fileId: string;
  kind: 'photo' | 'file';
  contentType: string;
  size: number;
}

function bucket(): mongoose.mongo.GridFSBucket {
  const db = mongoose.connection.db;
  if (!db) throw new Error('database not connected');
  return new mongoose.mongo.GridFSBucket(db, { bucketName: EVIDENCE_BUCKET });
}

async function upload(data: Buffer, filename: string, metadata: Record<string, unknown>): Promise<string> {
  const stream = bucket().openUploadStream(filename, { metadata });
  await pipeline(Readable.from([data]), stream);
  return String(stream.id);
}

/** True when the bytes are a picture of any kind sharp knows (the sender's file name is not asked). */
async function isPicture(data: Buffer): Promise<boolean> {
  try {
    return Boolean((await sharp(data).metadata()).format);
  } catch {
    return false;
  }
}

/** Cleans a photo through the photos feature and stores it; `refusalKey` is what the reporter hears when it cannot be cleaned. */
async function storeCleanPhoto(data: Buffer, refusalKey: string): Promise<StoredEvidence> {
  let jpeg: Buffer;
  try {
    jpeg = await sanitizePhoto(data);
  } catch (err) {
    if (err instanceof AppError && err.kind === 'user_input') throw userInput(refusalKey);
    throw err;
  }
  const fileId = await upload(jpeg, 'evidence.jpg', { kind: 'photo', contentType: 'image/jpeg' });
  return { fileId, kind: 'photo', contentType: 'image/jpeg', size: jpeg.length };
}

/** A photo sent as a LINE image: re-encoded to JPEG without metadata (turned upright first) and stored. */
export async function storePhoto(data: Buffer): Promise<StoredEvidence> {
  return storeCleanPhoto(data, 'integrity.evidence.unreadable');
}

const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  txt: 'text/plain',
  mp4: 'video/mp4',
  m4a: 'audio/mp4',
  mp3: 'audio/mpeg',
  zip: 'application/zip',
};

/** The type to serve a file as, from its extension; unknown ones download as bytes. */
export function contentTypeOf(fileName: string | undefined, mediaType: 'file' | 'video' | 'audio'): { contentType: string; ext: string } {
  const ext = /\.([a-z0-9]{1,5})$/i.exec(fileName ?? '')?.[1]?.toLowerCase();
  if (ext && CONTENT_TYPES[ext]) return { contentType: CONTENT_TYPES[ext], ext };
  if (mediaType === 'video') return { contentType: 'video/mp4', ext: 'mp4' };
  if (mediaType === 'audio') return { contentType: 'audio/mp4', ext: 'm4a' };
  return { contentType: 'application/octet-stream', ext: 'bin' };
}

/**
 * A file sent as a LINE file, video or audio (at most 10 MB). A picture among them (a JPEG sent
 * "as a file" keeps its EXIF) is cleaned like a photo, and one that cannot be cleaned (GIF, TIFF,
 * HEIC) is refused rather than kept with its metadata. Anything else is stored as it is, under a
 * generic name that keeps only the extension.
 */
export async function storeFile(data: Buffer, fileName: string | undefined, mediaType: 'file' | 'video' | 'audio'): Promise<StoredEvidence> {
  if (data.length > MAX_EVIDENCE_BYTES) throw userInput('integrity.evidence.tooLarge', { mb: MAX_EVIDENCE_BYTES / 1024 / 1024 });
  if (await isPicture(data)) return storeCleanPhoto(data, 'integrity.evidence.pictureType');
  const { contentType, ext } = contentTypeOf(fileName, mediaType);
  const fileId = await upload(data, `evidence.${ext}`, { kind: 'file', contentType });
  return { fileId, kind: 'file', contentType, size: data.length };
}

function objectId(id: string): mongoose.Types.ObjectId | undefined {
  return mongoose.isValidObjectId(id) && /^[0-9a-f]{24}$/i.test(id) ? new mongoose.Types.ObjectId(id) : undefined;
}

/** Marks evidence as belonging to a confirmed report (unattached files are removed later). */
export async function attachEvidence(fileIds: string[], reportId: string): Promise<void> {
  const ids = fileIds.map(objectId).filter((id): id is mongoose.Types.ObjectId => Boolean(id));
  if (ids.length === 0) return;
  await mongoose.connection.db!.collection(`${EVIDENCE_BUCKET}.files`).updateMany({ _id: { $in: ids } }, { $set: { 'metadata.reportId': reportId } });
}

export interface EvidenceFile {
  reportId?: string;
  contentType: string;
  filename: string;
  length: number;
  stream(): NodeJS.ReadableStream;
}

/** Finds one evidence file, or undefined. */
export async function openEvidence(fileId: string): Promise<EvidenceFile | undefined> {
  const id = objectId(fileId);
  if (!id) return undefined;
  const [file] = await bucket().find({ _id: id }).toArray();
  if (!file) return undefined;
  const metadata = (file.metadata ?? {}) as { reportId?: string; contentType?: string };
  return {
    reportId: metadata.reportId,
    contentType: metadata.contentType ?? 'application/octet-stream',
    filename: file.filename,
    length: file.length,
    stream: () => bucket().openDownloadStream(id),
  };
}

/** Deletes evidence files (a cancelled report's uploads). Missing ones are ignored. */
export async function deleteEvidence(fileIds: string[]): Promise<void> {
  for (const id of fileIds.map(objectId)) {
    if (!id) continue;
    try {
      await bucket().delete(id);
    } catch {
      // Already gone: nothing to do.
    }
  }
}

/** Removes uploads never attached to a report (a flow abandoned midway), older than `before`. */
export async function deleteOrphanEvidence(before: Date): Promise<number> {
  const files = await bucket()
    .find({ 'metadata.reportId': { $exists: false }, uploadDate: { $lt: before } })
    .toArray();
  await deleteEvidence(files.map((f) => String(f._id)));
  return files.length;
}

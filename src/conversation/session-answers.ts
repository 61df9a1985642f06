import { decryptJson, encryptJson, isUnknownKeyVersion, needsReencryption, reencrypt, type EncryptedValue } from '../shared/crypto';
import { SessionModel } from './session.model';

/**
 * How a session's answers are stored. A confidential flow's answers (an anonymous reporter's
 * description, a tracking PIN) are sealed with the data key before they are written: the
 * embedded store journals every write to disk, so plaintext must never reach it.
 */
export type StoredAnswers = { answers: Record<string, unknown> } | { sealed: EncryptedValue };

/** Binds sealed answers to their user and flow: copied onto another session, they do not open. */
function sealContext(userId: string, flowId: string): string {
  return `conversation:${userId}:${flowId}`;
}

/** The answers as they are written: plain JSON, or sealed when the flow is confidential. */
export function storedAnswers(userId: string, flowId: string, answers: Record<string, unknown>, confidential: boolean): StoredAnswers {
  return confidential ? { sealed: encryptJson(answers, sealContext(userId, flowId)) } : { answers };
}

/**
 * The answers of a stored session, or undefined when sealed answers fail authentication (tampered
 * with, or copied from another session). Throws UnknownKeyVersionError when they were sealed with
 * a key this instance does not have yet: the session is sound, and must be left as it is.
 */
export function readAnswers(doc: { userId: string; flowId: string; answers?: unknown; sealed?: unknown }): Record<string, unknown> | undefined {
  if (!doc.sealed) return (doc.answers ?? {}) as Record<string, unknown>;
  try {
    return decryptJson<Record<string, unknown>>(doc.sealed as EncryptedValue, sealContext(doc.userId, doc.flowId));
  } catch (err) {
    if (isUnknownKeyVersion(err)) throw err;
    return undefined;
  }
}

/**
 * Key rotation (npm run reencrypt): re-seals the answers of sessions sealed with an older key, so
 * that the old key can be removed without ending anyone's dialog. Returns how many it rewrote.
 */
export async function reencryptSessions(): Promise<number> {
  const docs = await SessionModel.find({ sealed: { $exists: true } }, { userId: 1, flowId: 1, sealed: 1 }).lean();
  let rewritten = 0;
  for (const doc of docs) {
    const sealed = doc.sealed as EncryptedValue;
    if (!needsReencryption(sealed)) continue;
    // Only if the user did not answer meanwhile (a new answer is sealed with the current key anyway).
    const result = await SessionModel.updateOne({ _id: doc._id, 'sealed.iv': sealed.iv }, { $set: { sealed: reencrypt(sealed, sealContext(doc.userId, doc.flowId)) } });
    rewritten += result.modifiedCount;
  }
  return rewritten;
}

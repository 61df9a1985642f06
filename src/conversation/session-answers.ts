import { decryptJson, encryptJson, type EncryptedValue } from '../shared/crypto';

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
 * The answers of a stored session, or undefined when sealed answers cannot be opened (the key
 * that wrote them was removed, or the value was tampered with).
 */
export function readAnswers(doc: { userId: string; flowId: string; answers?: unknown; sealed?: unknown }): Record<string, unknown> | undefined {
  if (!doc.sealed) return (doc.answers ?? {}) as Record<string, unknown>;
  try {
    return decryptJson<Record<string, unknown>>(doc.sealed as EncryptedValue, sealContext(doc.userId, doc.flowId));
  } catch {
    return undefined;
  }
}

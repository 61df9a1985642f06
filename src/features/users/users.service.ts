import { isDuplicateKeyError } from '../../shared/errors';
import { langFromProfile, type Lang } from '../../i18n/languages';
import { LineUserModel, type LineUserDoc } from './user.model';

/** Reads the language a new user's LINE app is set to; any failure falls back to Thai. */
export type ProfileLanguageReader = (userId: string) => Promise<string | undefined>;

/**
 * The user record, created at first contact with the language of their LINE profile. Called for
 * what a user does in their one-to-one chat with the OA: a user who writes there is evidently
 * not blocking it, so a stale `blocked` flag (an unblock LINE never told us of) is cleared.
 */
export async function ensureUser(userId: string, now: Date, readProfileLanguage: ProfileLanguageReader): Promise<LineUserDoc> {
  const existing = await LineUserModel.findOne({ userId }).lean();
  if (existing?.blocked) {
    await LineUserModel.updateOne({ userId, blocked: true }, { $set: { blocked: false }, $unset: { blockedAt: 1 } });
    return { ...existing, blocked: false, blockedAt: undefined };
  }
  if (existing) return existing;
  let lang: Lang = 'th';
  try {
    lang = langFromProfile(await readProfileLanguage(userId));
  } catch {
    // The profile is a nicety: a user who blocked us or a LINE hiccup must not stop the reply.
  }
  try {
    const created = await LineUserModel.create({ userId, lang, createdAt: now, lastSeenAt: now });
    return created.toObject();
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    return (await LineUserModel.findOne({ userId }).lean()) as LineUserDoc;
  }
}

export async function setLanguage(userId: string, lang: Lang): Promise<void> {
  await LineUserModel.updateOne({ userId }, { $set: { lang, langChosen: true } });
}

/** The user followed (or unblocked) the OA. */
export async function markFollowed(userId: string, now: Date): Promise<void> {
  await LineUserModel.updateOne({ userId }, { $set: { blocked: false, followedAt: now }, $unset: { blockedAt: 1 } });
}

/** The user blocked the OA: nothing more is pushed to them. */
export async function markBlocked(userId: string, now: Date): Promise<void> {
  await LineUserModel.updateOne({ userId }, { $set: { blocked: true, blockedAt: now } }, { upsert: false });
}

export async function isBlocked(userId: string): Promise<boolean> {
  return (await LineUserModel.exists({ userId, blocked: true })) !== null;
}

/** The language to write to a user in (Thai when unknown). */
export async function languageOf(userId: string): Promise<Lang> {
  const user = await LineUserModel.findOne({ userId }, { lang: 1 }).lean();
  return (user?.lang as Lang | undefined) ?? 'th';
}

import { randomUUID } from 'node:crypto';
import { KEEP_EVERYTHING, keepNewest, LONG_RUNNING_RETENTION, type FakeLineRetention } from './fake-line-retention';

export { KEEP_EVERYTHING, LONG_RUNNING_RETENTION, type FakeLineRetention } from './fake-line-retention';

/** One request the fake LINE API received. */
export interface RecordedCall {
  method: string;
  path: string;
  /** The kind of call: reply, push, multicast, profile, loading, content, richmenu.* ... */
  kind: string;
  retryKey?: string;
  body: unknown;
  at: number;
  status: number;
}

export interface InjectedFailure {
  kind: string;
  status: number;
  body: Record<string, unknown>;
  remaining: number;
}

export interface FakeRichMenu {
  richMenuId: string;
  menu: Record<string, unknown>;
  image?: { contentType: string; data: Buffer };
}

/** LINE's own error texts, so code that reads them (monthly limit vs rate limit) is tested for real. */
export const LINE_ERROR_MESSAGES = {
  monthlyLimit: 'You have reached your monthly limit.',
  rateLimit: 'The API rate limit has been exceeded. Try again later.',
  invalidReplyToken: 'Invalid reply token',
} as const;

/** LINE allows 100 rich menu creations, and 100 deletions, per hour per channel. */
export const RICH_MENU_CHANGES_PER_HOUR = 100;
const HOUR_MS = 60 * 60 * 1000;

/**
 * Everything the fake remembers: calls, rich menus, aliases, per-user links, uploaded content,
 * profiles. Tests read it; the simulator renders from it.
 */
export class FakeLineState {
  /**
   * As strict as LINE where the test suite's own events cannot be: a reply token must be one this
   * fake issued (issueReplyToken), and a push or multicast goes only to ids of LINE's exact shape
   * (U, C or R and 32 hex digits). The simulator, which issues every token and id, turns it on.
   */
  strict = false;
  retention: FakeLineRetention = KEEP_EVERYTHING;
  calls: RecordedCall[] = [];
  failures: InjectedFailure[] = [];
  acceptedRetryKeys = new Set<string>();
  expiredReplyTokens = new Set<string>();
  usedReplyTokens = new Set<string>();
  /** Reply tokens handed out with an event (by the simulator): who owns each and when it was issued. */
  issuedReplyTokens = new Map<string, { chatId: string; issuedAt: number }>();
  /** When set, an issued reply token older than this is refused as LINE does (about 1 minute). */
  replyTokenTtlMs: number | undefined;
  /** When set, pushes and multicasts beyond this many messages this month answer 429 "monthly limit". */
  monthlyQuota: number | undefined;
  /** Messages counted against the quota (one per recipient per request, as LINE counts). */
  quotaUsed = 0;
  profiles = new Map<string, { displayName: string; language?: string }>();
  content = new Map<string, { contentType: string; data: Buffer }>();
  richMenus = new Map<string, FakeRichMenu>();
  aliases = new Map<string, string>();
  userMenus = new Map<string, string>();
  defaultRichMenuId: string | undefined;
  /** When rich menus were created and deleted (LINE's hourly limits). */
  richMenuChanges = { create: [] as number[], delete: [] as number[] };
  private contentBytes = 0;
  private listeners: ((call: RecordedCall) => void)[] = [];

  /** Keeps only a bounded recent history from now on (see LONG_RUNNING_RETENTION). */
  keepRecent(retention: FakeLineRetention = LONG_RUNNING_RETENTION): void {
    this.retention = retention;
    this.trim();
  }

  /** Makes the next `times` calls of this kind fail with the status and LINE-style body. */
  failNext(kind: string, status: number, message = 'injected failure', times = 1): void {
    this.failures.push({ kind, status, body: { message }, remaining: times });
  }

  /** The next `times` pushes (or multicasts) answer 429 with LINE's "monthly limit" text: not worth a retry. */
  failMonthlyLimit(kind: 'push' | 'multicast' = 'push', times = 1): void {
    this.failNext(kind, 429, LINE_ERROR_MESSAGES.monthlyLimit, times);
  }

  /** The next `times` calls of this kind answer 429 with LINE's rate-limit text: worth a retry. */
  failRateLimit(kind: string, times = 1): void {
    this.failNext(kind, 429, LINE_ERROR_MESSAGES.rateLimit, times);
  }

  takeFailure(kind: string): InjectedFailure | undefined {
    const failure = this.failures.find((f) => f.kind === kind && f.remaining > 0);
    if (failure) failure.remaining -= 1;
    return failure;
  }

  record(call: RecordedCall): void {
    this.calls.push(call);
    for (const listener of this.listeners) listener(call);
    if (this.calls.length > this.retention.calls) this.calls.splice(0, this.calls.length - this.retention.calls);
  }

  /** A reply went out with this token: LINE refuses it from now on. */
  useReplyToken(token: string): void {
    this.usedReplyTokens.add(token);
    keepNewest(this.usedReplyTokens, this.retention.replyTokens);
  }

  /** LINE accepted a push or multicast with this retry key: a repeat answers 409. */
  acceptRetryKey(key: string): void {
    this.acceptedRetryKeys.add(key);
    keepNewest(this.acceptedRetryKeys, this.retention.retryKeys);
  }

  /**
   * Counts a rich menu creation or deletion against LINE's hourly limit; false when this one
   * would pass it (LINE answers 429 and nothing changes).
   */
  takeRichMenuChange(kind: 'create' | 'delete', now: number = Date.now()): boolean {
    const recent = this.richMenuChanges[kind].filter((at) => at > now - HOUR_MS);
    this.richMenuChanges[kind] = recent;
    if (recent.length >= RICH_MENU_CHANGES_PER_HOUR) return false;
    recent.push(now);
    return true;
  }

  onCall(listener: (call: RecordedCall) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** Stores content (a photo the simulator "sent") and returns its message id. */
  addContent(data: Buffer, contentType: string, messageId: string = randomUUID().replace(/-/g, '').slice(0, 18)): string {
    this.contentBytes += data.length - (this.content.get(messageId)?.data.length ?? 0);
    this.content.delete(messageId);
    this.content.set(messageId, { data, contentType });
    this.trim();
    return messageId;
  }

  /** Hands out a reply token for an event from this chat, as LINE does with each event. */
  issueReplyToken(chatId: string, token: string = randomUUID().replace(/-/g, ''), issuedAt: number = Date.now()): string {
    this.issuedReplyTokens.set(token, { chatId, issuedAt });
    keepNewest(this.issuedReplyTokens, this.retention.replyTokens);
    return token;
  }

  /** Why LINE would refuse this reply token now, or undefined when it is still good. */
  replyTokenProblem(token: string, now: number = Date.now()): string | undefined {
    if (!token || this.expiredReplyTokens.has(token) || this.usedReplyTokens.has(token)) return LINE_ERROR_MESSAGES.invalidReplyToken;
    const issued = this.issuedReplyTokens.get(token);
    if (!issued && this.strict) return LINE_ERROR_MESSAGES.invalidReplyToken;
    if (issued && this.replyTokenTtlMs !== undefined && now - issued.issuedAt > this.replyTokenTtlMs) return LINE_ERROR_MESSAGES.invalidReplyToken;
    return undefined;
  }

  /** The rich menu a user sees now: the per-user link, else the API default (LINE's precedence). */
  menuOf(userId: string): FakeRichMenu | undefined {
    const id = this.userMenus.get(userId) ?? this.defaultRichMenuId;
    return id ? this.richMenus.get(id) : undefined;
  }

  /** Calls of one kind, in order. */
  callsOf(kind: string): RecordedCall[] {
    return this.calls.filter((c) => c.kind === kind && c.status < 400);
  }

  /**
   * Every message delivered to a chat, by reply or push/multicast. Replies are matched to the
   * chat through `replyTokenOwners`, or else through the tokens handed out by issueReplyToken.
   */
  messagesTo(chatId: string, replyTokenOwners: Map<string, string> = new Map()): unknown[] {
    const out: unknown[] = [];
    for (const call of this.calls) {
      const recipients = this.recipientsOf(call, replyTokenOwners);
      if (recipients.includes(chatId)) out.push(...((call.body as { messages?: unknown[] }).messages ?? []));
    }
    return out;
  }

  /** The chats a successful reply, push or multicast went to; empty for any other call. */
  recipientsOf(call: RecordedCall, replyTokenOwners: Map<string, string> = new Map()): string[] {
    if (call.status >= 400 || !['reply', 'push', 'multicast'].includes(call.kind)) return [];
    const body = (call.body ?? {}) as { to?: string | string[]; replyToken?: string };
    if (call.kind === 'reply') {
      const token = body.replyToken ?? '';
      const owner = replyTokenOwners.get(token) ?? this.issuedReplyTokens.get(token)?.chatId;
      return owner ? [owner] : [];
    }
    if (Array.isArray(body.to)) return body.to;
    return typeof body.to === 'string' ? [body.to] : [];
  }

  reset(): void {
    this.calls = [];
    this.failures = [];
    this.acceptedRetryKeys.clear();
    this.expiredReplyTokens.clear();
    this.usedReplyTokens.clear();
    this.issuedReplyTokens.clear();
    this.quotaUsed = 0;
    this.richMenus.clear();
    this.aliases.clear();
    this.userMenus.clear();
    this.defaultRichMenuId = undefined;
    this.richMenuChanges = { create: [], delete: [] };
  }

  private trim(): void {
    if (this.calls.length > this.retention.calls) this.calls.splice(0, this.calls.length - this.retention.calls);
    keepNewest(this.usedReplyTokens, this.retention.replyTokens);
    keepNewest(this.issuedReplyTokens, this.retention.replyTokens);
    keepNewest(this.acceptedRetryKeys, this.retention.retryKeys);
    for (const [id, content] of this.content) {
      if (this.contentBytes <= this.retention.contentBytes) break;
      this.content.delete(id);
      this.contentBytes -= content.data.length;
    }
  }
}

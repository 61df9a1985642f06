import { randomUUID } from 'node:crypto';

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

/**
 * Everything the fake remembers: calls, rich menus, aliases, per-user links, uploaded content,
 * profiles. Tests read it; the simulator renders from it.
 */
export class FakeLineState {
  calls: RecordedCall[] = [];
  failures: InjectedFailure[] = [];
  acceptedRetryKeys = new Set<string>();
  expiredReplyTokens = new Set<string>();
  usedReplyTokens = new Set<string>();
  profiles = new Map<string, { displayName: string; language?: string }>();
  content = new Map<string, { contentType: string; data: Buffer }>();
  richMenus = new Map<string, FakeRichMenu>();
  aliases = new Map<string, string>();
  userMenus = new Map<string, string>();
  defaultRichMenuId: string | undefined;
  private listeners: ((call: RecordedCall) => void)[] = [];

  /** Makes the next `times` calls of this kind fail with the status and LINE-style body. */
  failNext(kind: string, status: number, message = 'injected failure', times = 1): void {
    this.failures.push({ kind, status, body: { message }, remaining: times });
  }

  takeFailure(kind: string): InjectedFailure | undefined {
    const failure = this.failures.find((f) => f.kind === kind && f.remaining > 0);
    if (failure) failure.remaining -= 1;
    return failure;
  }

  record(call: RecordedCall): void {
    this.calls.push(call);
    for (const listener of this.listeners) listener(call);
  }

  onCall(listener: (call: RecordedCall) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** Stores content (a photo the simulator "sent") and returns its message id. */
  addContent(data: Buffer, contentType: string, messageId: string = randomUUID().replace(/-/g, '').slice(0, 18)): string {
    this.content.set(messageId, { data, contentType });
    return messageId;
  }

  /** Calls of one kind, in order. */
  callsOf(kind: string): RecordedCall[] {
    return this.calls.filter((c) => c.kind === kind && c.status < 400);
  }

  /** Every message delivered to a chat, by reply (token map) or push/multicast. */
  messagesTo(chatId: string, replyTokenOwners: Map<string, string> = new Map()): unknown[] {
    const out: unknown[] = [];
    for (const call of this.calls) {
      if (call.status >= 400 || !['reply', 'push', 'multicast'].includes(call.kind)) continue;
      const body = (call.body ?? {}) as { to?: string | string[]; replyToken?: string; messages?: unknown[] };
      const recipients = call.kind === 'reply' ? [replyTokenOwners.get(body.replyToken ?? '')] : Array.isArray(body.to) ? body.to : [body.to];
      if (recipients.includes(chatId)) out.push(...(body.messages ?? []));
    }
    return out;
  }

  reset(): void {
    this.calls = [];
    this.failures = [];
    this.acceptedRetryKeys.clear();
    this.expiredReplyTokens.clear();
    this.usedReplyTokens.clear();
    this.richMenus.clear();
    this.aliases.clear();
    this.userMenus.clear();
    this.defaultRichMenuId = undefined;
  }
}

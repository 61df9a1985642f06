import { createHash } from 'node:crypto';
import type { FakeLineState, RecordedCall } from '../line/fake/fake-line-state';
import { clock } from '../shared/clock';
import { buildEvents, deliver, type SimInput } from './line-events';

export type SimRole = 'citizen' | 'officer';

export interface SimUser {
  /** Short id used in the page and its API: citizen1, citizen2, officer. */
  id: string;
  /** The LINE user id the bot sees (stable across restarts, so local data stays attached). */
  lineUserId: string;
  name: string;
  role: SimRole;
}

/** One line of a chat: what the user sent or what the bot delivered. */
export interface ChatEntry {
  seq: number;
  userId: string;
  from: 'user' | 'bot';
  /** How the bot's message came: by reply token, push or multicast. */
  via?: 'reply' | 'push' | 'multicast';
  message: Record<string, unknown>;
  at: number;
}

const MAX_ENTRIES = 5000;

/** A LINE-shaped user id derived from the simulator's short id: U + 32 hex digits. */
export function lineUserIdOf(id: string): string {
  return `U${createHash('sha256').update(`simulator:${id}`).digest('hex').slice(0, 32)}`;
}

export const DEFAULT_USERS: Omit<SimUser, 'lineUserId'>[] = [
  { id: 'citizen1', name: 'สมชาย ใจดี', role: 'citizen' },
  { id: 'citizen2', name: 'มาลี ศรีสุข', role: 'citizen' },
  { id: 'officer', name: 'วิชัย เจ้าหน้าที่', role: 'officer' },
];

export interface SimulatorOptions {
  state: FakeLineState;
  channelSecret: string;
}

/**
 * The simulated LINE users and their chats. Everything a user does becomes a signed webhook
 * delivery to the app; everything the bot sends is read from the fake LINE API's calls, with
 * replies matched to users by the reply tokens handed out here.
 */
export class Simulator {
  readonly users = new Map<string, SimUser>();
  private readonly entries: ChatEntry[] = [];
  private seq = 0;
  private readonly byLineId = new Map<string, SimUser>();
  /** Until when each user sees LINE's loading animation (cleared by the next bot message). */
  private readonly loadingUntil = new Map<string, number>();
  private readonly unsubscribe: () => void;

  constructor(private readonly options: SimulatorOptions) {
    // Every event and user id comes from here, so the fake can be as strict as LINE; and it runs
    // as long as `npm start` does, so it keeps only a recent history (the chats are copied here).
    options.state.strict = true;
    options.state.keepRecent();
    for (const user of DEFAULT_USERS) this.addUser(user);
    this.unsubscribe = options.state.onCall((call) => this.onCall(call));
  }

  addUser(user: Omit<SimUser, 'lineUserId'>): SimUser {
    const full: SimUser = { ...user, lineUserId: lineUserIdOf(user.id) };
    this.users.set(full.id, full);
    this.byLineId.set(full.lineUserId, full);
    this.options.state.profiles.set(full.lineUserId, { displayName: full.name, language: 'th' });
    return full;
  }

  /** The user's chat entries after sequence number `after`. */
  entriesOf(userId: string, after = 0): ChatEntry[] {
    return this.entries.filter((e) => e.userId === userId && e.seq > after);
  }

  /** True while the bot asked LINE to show this user the loading animation and has not answered yet. */
  isLoading(userId: string): boolean {
    return (this.loadingUntil.get(userId) ?? 0) > Date.now();
  }

  /** Latest sequence number (the page polls with ?after=). */
  get lastSeq(): number {
    return this.seq;
  }

  /**
   * Sends one action of a user to the app's webhook as LINE would. `shown` is what the chat
   * shows on the user's side (the text typed, a photo, the displayText of a postback).
   */
  async send(user: SimUser, input: SimInput, webhookUrl: string, shown?: Record<string, unknown>[]): Promise<{ status: number; webhookEventIds: string[] }> {
    // Event times follow the app's clock, so a simulated "time travel" is consistent.
    const now = clock.nowMs();
    const events = buildEvents(user.lineUserId, input, () => this.options.state.issueReplyToken(user.lineUserId), now);
    for (const message of shown ?? []) this.push({ userId: user.id, from: 'user', message, at: now });
    const status = await deliver(webhookUrl, this.options.channelSecret, events);
    return { status, webhookEventIds: events.map((e) => String(e.webhookEventId)) };
  }

  close(): void {
    this.unsubscribe();
  }

  private onCall(call: RecordedCall): void {
    if (call.kind === 'loading' && call.status < 400) {
      const body = call.body as { chatId?: string; loadingSeconds?: number };
      const user = this.byLineId.get(body.chatId ?? '');
      if (user) this.loadingUntil.set(user.id, Date.now() + (body.loadingSeconds ?? 20) * 1000);
      return;
    }
    const recipients = this.options.state.recipientsOf(call);
    if (recipients.length === 0) return;
    const messages = ((call.body as { messages?: Record<string, unknown>[] }).messages ?? []);
    for (const lineId of recipients) {
      const user = this.byLineId.get(lineId);
      if (!user) continue;
      this.loadingUntil.delete(user.id);
      for (const message of messages) this.push({ userId: user.id, from: 'bot', via: call.kind as ChatEntry['via'], message, at: clock.nowMs() });
    }
  }

  private push(entry: Omit<ChatEntry, 'seq'>): void {
    this.seq += 1;
    this.entries.push({ seq: this.seq, ...entry });
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }
}

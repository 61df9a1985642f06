import { HTTPFetchError, messagingApi } from '@line/bot-sdk';
import type { Message, RichMenuRequest, RichMenuResponse } from './types';
import { assertWithinLimits } from './limits';
import { LINE_API_BASE_URL, LINE_DATA_API_BASE_URL, TimedHttpClient, useTimedHttp } from './line-http';

/** How long we wait for LINE before a call is aborted: API calls, and content up- and downloads. */
const CALL_TIMEOUT_MS = 10_000;
const CONTENT_TIMEOUT_MS = 30_000;

/** A failed LINE API call, classified for retry decisions. */
export class LineApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly requestId: string | undefined,
    message: string,
    /** The call was aborted at its deadline: LINE may still have acted on it. */
    readonly timedOut = false,
  ) {
    super(message);
    this.name = 'LineApiError';
  }
  /** 400 "Invalid reply token": the token expired (about a minute) or was used already. */
  get invalidReplyToken(): boolean {
    return this.status === 400 && /invalid reply token/i.test(this.body);
  }
  /** 429 "monthly limit" is not retried: the quota does not come back this month. */
  get monthlyLimit(): boolean {
    return this.status === 429 && /monthly limit/i.test(this.body);
  }
  /** Network failures (status 0), 5xx and rate-limit 429 are worth another try. */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500 || (this.status === 429 && !this.monthlyLimit);
  }
  /** 409 on a push with a retry key: LINE already accepted that request. */
  get alreadyAccepted(): boolean {
    return this.status === 409;
  }
}

function toLineError(err: unknown, call: string): LineApiError {
  if (err instanceof LineApiError) return err;
  if (err instanceof HTTPFetchError) {
    return new LineApiError(err.status, err.body, err.headers.get('x-line-request-id') ?? undefined, `LINE ${call} failed with ${err.status}`);
  }
  // Read by name: fetch's DOMException is not always an instance of this realm's Error (jest's vm).
  if ((err as { name?: unknown } | null)?.name === 'TimeoutError') return new LineApiError(0, '', undefined, `LINE ${call} timed out`, true);
  const reason = err instanceof Error ? err.message : String(err);
  return new LineApiError(0, '', undefined, `LINE ${call} failed: ${reason}`);
}

/** Runs a call (aborted at its deadline by the TimedHttpClient) and classifies its failure. */
async function call<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw toLineError(err, name);
  }
}

/** Reads a response body up to maxBytes; a larger one is cancelled (413), not read to the end. */
async function readAll(response: Response, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  if (!response.body) return Buffer.alloc(0);
  for await (const chunk of response.body) {
    size += chunk.length;
    if (size > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      throw new LineApiError(413, '', undefined, `content larger than ${maxBytes} bytes`);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

export interface LineClientOptions {
  channelAccessToken: string;
  apiBaseUrl?: string;
  dataApiBaseUrl?: string;
  /** Deadlines in ms (defaults: 10 s for API calls, 30 s for content); tests shorten them. */
  timeouts?: { callMs?: number; contentMs?: number };
}

export interface UserProfile {
  displayName: string;
  language?: string;
}

/**
 * Every LINE call the application makes, each aborted at a deadline and with LINE's limits
 * checked before sending. Outgoing messages are validated so a violation fails here, loudly,
 * not at LINE.
 */
export class LineClient {
  private readonly api: messagingApi.MessagingApiClient;
  private readonly blob: messagingApi.MessagingApiBlobClient;
  private readonly blobHttp: TimedHttpClient;

  constructor(options: LineClientOptions) {
    const { channelAccessToken } = options;
    const auth = { authorization: `Bearer ${channelAccessToken}` };
    const apiHttp = new TimedHttpClient(options.apiBaseUrl || LINE_API_BASE_URL, auth, options.timeouts?.callMs ?? CALL_TIMEOUT_MS);
    this.blobHttp = new TimedHttpClient(options.dataApiBaseUrl || LINE_DATA_API_BASE_URL, auth, options.timeouts?.contentMs ?? CONTENT_TIMEOUT_MS);
    this.api = useTimedHttp(new messagingApi.MessagingApiClient({ channelAccessToken }), apiHttp);
    this.blob = useTimedHttp(new messagingApi.MessagingApiBlobClient({ channelAccessToken }), this.blobHttp);
  }

  async reply(replyToken: string, messages: Message[]): Promise<void> {
    assertWithinLimits(messages);
    await call('reply', () => this.api.replyMessage({ replyToken, messages }));
  }

  async push(to: string, messages: Message[], retryKey: string): Promise<void> {
    assertWithinLimits(messages);
    await call('push', () => this.api.pushMessage({ to, messages }, retryKey));
  }

  async multicast(to: string[], messages: Message[], retryKey: string): Promise<void> {
    assertWithinLimits(messages);
    if (to.length === 0 || to.length > 500) throw new LineApiError(400, '', undefined, 'multicast takes 1 to 500 recipients');
    await call('multicast', () => this.api.multicast({ to, messages }, retryKey));
  }

  /** The OA's own basic id (e.g. @123abcde), used in line.me links and QR codes. */
  async getBotInfo(): Promise<{ basicId: string; displayName: string }> {
    const info = await call('getBotInfo', () => this.api.getBotInfo());
    return { basicId: info.basicId, displayName: info.displayName };
  }

  async getProfile(userId: string): Promise<UserProfile> {
    const p = await call('getProfile', () => this.api.getProfile(userId));
    return { displayName: p.displayName, language: p.language };
  }

  /**
   * Downloads a message's content (photos): LINE deletes it after a while, so call at once. Read
   * here rather than through the SDK's stream, which cannot report a download aborted midway.
   */
  async getMessageContent(messageId: string, maxBytes = 10 * 1024 * 1024): Promise<Buffer> {
    return call('getMessageContent', async () => readAll(await this.blobHttp.get(`/v2/bot/message/${encodeURIComponent(messageId)}/content`), maxBytes));
  }

  async showLoading(chatId: string, loadingSeconds = 5): Promise<void> {
    await call('showLoadingAnimation', () => this.api.showLoadingAnimation({ chatId, loadingSeconds }));
  }

  async linkRichMenu(userId: string, richMenuId: string): Promise<void> {
    await call('linkRichMenu', () => this.api.linkRichMenuIdToUser(userId, richMenuId));
  }

  async unlinkRichMenu(userId: string): Promise<void> {
    await call('unlinkRichMenu', () => this.api.unlinkRichMenuIdFromUser(userId));
  }

  async linkRichMenuToUsers(userIds: string[], richMenuId: string): Promise<void> {
    await call('linkRichMenus', () => this.api.linkRichMenuIdToUsers({ userIds, richMenuId }));
  }

  async getRichMenuIdOfAlias(aliasId: string): Promise<string | undefined> {
    try {
      const alias = await call('getRichMenuAlias', () => this.api.getRichMenuAlias(aliasId));
      return alias.richMenuId;
    } catch (err) {
      if (err instanceof LineApiError && err.status === 404) return undefined;
      throw err;
    }
  }

  async validateRichMenu(menu: RichMenuRequest): Promise<void> {
    await call('validateRichMenu', () => this.api.validateRichMenuObject(menu));
  }

  async createRichMenu(menu: RichMenuRequest): Promise<string> {
    const res = await call('createRichMenu', () => this.api.createRichMenu(menu));
    return res.richMenuId;
  }

  async setRichMenuImage(richMenuId: string, image: Buffer, contentType: 'image/png' | 'image/jpeg'): Promise<void> {
    await call('setRichMenuImage', () => this.blob.setRichMenuImage(richMenuId, new Blob([image], { type: contentType })));
  }

  async listRichMenus(): Promise<RichMenuResponse[]> {
    const res = await call('getRichMenuList', () => this.api.getRichMenuList());
    return res.richmenus;
  }

  async deleteRichMenu(richMenuId: string): Promise<void> {
    await call('deleteRichMenu', () => this.api.deleteRichMenu(richMenuId));
  }

  async setDefaultRichMenu(richMenuId: string): Promise<void> {
    await call('setDefaultRichMenu', () => this.api.setDefaultRichMenu(richMenuId));
  }

  async createRichMenuAlias(richMenuAliasId: string, richMenuId: string): Promise<void> {
    await call('createRichMenuAlias', () => this.api.createRichMenuAlias({ richMenuAliasId, richMenuId }));
  }

  async updateRichMenuAlias(richMenuAliasId: string, richMenuId: string): Promise<void> {
    await call('updateRichMenuAlias', () => this.api.updateRichMenuAlias(richMenuAliasId, { richMenuId }));
  }

  async listRichMenuAliases(): Promise<{ richMenuAliasId: string; richMenuId: string }[]> {
    const res = await call('getRichMenuAliasList', () => this.api.getRichMenuAliasList());
    return res.aliases;
  }

  async deleteRichMenuAlias(richMenuAliasId: string): Promise<void> {
    await call('deleteRichMenuAlias', () => this.api.deleteRichMenuAlias(richMenuAliasId));
  }
}

let current: LineClient | undefined;

/** The process-wide client, set once at start (tests set one pointing at the fake LINE API). */
export function setLineClient(client: LineClient): void {
  current = client;
}

export function lineClient(): LineClient {
  if (!current) throw new Error('LINE client not configured: call setLineClient() at start');
  return current;
}

import { Readable } from 'node:stream';
import { HTTPFetchError, messagingApi } from '@line/bot-sdk';
import type { Message, RichMenuRequest, RichMenuResponse } from './types';
import { assertWithinLimits } from './limits';

/** How long we wait for LINE before treating a call as failed (the SDK has no timeout). */
const CALL_TIMEOUT_MS = 10_000;
const CONTENT_TIMEOUT_MS = 30_000;

/** A failed LINE API call, classified for retry decisions. */
export class LineApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly requestId: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'LineApiError';
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
  const reason = err instanceof Error ? err.message : String(err);
  return new LineApiError(0, '', undefined, `LINE ${call} failed: ${reason}`);
}

async function withTimeout<T>(call: string, ms: number, run: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LineApiError(0, '', undefined, `LINE ${call} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([run(), timeout]);
  } catch (err) {
    throw toLineError(err, call);
  } finally {
    clearTimeout(timer);
  }
}

async function readAll(stream: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      stream.destroy();
      throw new LineApiError(413, '', undefined, `content larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export interface LineClientOptions {
  channelAccessToken: string;
  apiBaseUrl?: string;
  dataApiBaseUrl?: string;
}

export interface UserProfile {
  displayName: string;
  language?: string;
}

/**
 * Every LINE call the application makes, each with a timeout and LINE's limits checked before
 * sending. Outgoing messages are validated so a violation fails here, loudly, not at LINE.
 */
export class LineClient {
  private readonly api: messagingApi.MessagingApiClient;
  private readonly blob: messagingApi.MessagingApiBlobClient;

  constructor(options: LineClientOptions) {
    this.api = new messagingApi.MessagingApiClient({ channelAccessToken: options.channelAccessToken, baseURL: options.apiBaseUrl });
    this.blob = new messagingApi.MessagingApiBlobClient({ channelAccessToken: options.channelAccessToken, baseURL: options.dataApiBaseUrl });
  }

  async reply(replyToken: string, messages: Message[]): Promise<void> {
    assertWithinLimits(messages);
    await withTimeout('reply', CALL_TIMEOUT_MS, () => this.api.replyMessage({ replyToken, messages }));
  }

  async push(to: string, messages: Message[], retryKey: string): Promise<void> {
    assertWithinLimits(messages);
    await withTimeout('push', CALL_TIMEOUT_MS, () => this.api.pushMessage({ to, messages }, retryKey));
  }

  async multicast(to: string[], messages: Message[], retryKey: string): Promise<void> {
    assertWithinLimits(messages);
    if (to.length === 0 || to.length > 500) throw new LineApiError(400, '', undefined, 'multicast takes 1 to 500 recipients');
    await withTimeout('multicast', CALL_TIMEOUT_MS, () => this.api.multicast({ to, messages }, retryKey));
  }

  /** The OA's own basic id (e.g. @123abcde), used in line.me links and QR codes. */
  async getBotInfo(): Promise<{ basicId: string; displayName: string }> {
    const info = await withTimeout('getBotInfo', CALL_TIMEOUT_MS, () => this.api.getBotInfo());
    return { basicId: info.basicId, displayName: info.displayName };
  }

  async getProfile(userId: string): Promise<UserProfile> {
    const p = await withTimeout('getProfile', CALL_TIMEOUT_MS, () => this.api.getProfile(userId));
    return { displayName: p.displayName, language: p.language };
  }

  /** Downloads a message's content (photos): LINE deletes it after a while, so call at once. */
  async getMessageContent(messageId: string, maxBytes = 10 * 1024 * 1024): Promise<Buffer> {
    return withTimeout('getMessageContent', CONTENT_TIMEOUT_MS, async () => readAll(await this.blob.getMessageContent(messageId), maxBytes));
  }

  async showLoading(chatId: string, loadingSeconds = 5): Promise<void> {
    await withTimeout('showLoadingAnimation', CALL_TIMEOUT_MS, () => this.api.showLoadingAnimation({ chatId, loadingSeconds }));
  }

  async linkRichMenu(userId: string, richMenuId: string): Promise<void> {
    await withTimeout('linkRichMenu', CALL_TIMEOUT_MS, () => this.api.linkRichMenuIdToUser(userId, richMenuId));
  }

  async unlinkRichMenu(userId: string): Promise<void> {
    await withTimeout('unlinkRichMenu', CALL_TIMEOUT_MS, () => this.api.unlinkRichMenuIdFromUser(userId));
  }

  async linkRichMenuToUsers(userIds: string[], richMenuId: string): Promise<void> {
    await withTimeout('linkRichMenus', CALL_TIMEOUT_MS, () => this.api.linkRichMenuIdToUsers({ userIds, richMenuId }));
  }

  async getRichMenuIdOfAlias(aliasId: string): Promise<string | undefined> {
    try {
      const alias = await withTimeout('getRichMenuAlias', CALL_TIMEOUT_MS, () => this.api.getRichMenuAlias(aliasId));
      return alias.richMenuId;
    } catch (err) {
      if (err instanceof LineApiError && err.status === 404) return undefined;
      throw err;
    }
  }

  async validateRichMenu(menu: RichMenuRequest): Promise<void> {
    await withTimeout('validateRichMenu', CALL_TIMEOUT_MS, () => this.api.validateRichMenuObject(menu));
  }

  async createRichMenu(menu: RichMenuRequest): Promise<string> {
    const res = await withTimeout('createRichMenu', CALL_TIMEOUT_MS, () => this.api.createRichMenu(menu));
    return res.richMenuId;
  }

  async setRichMenuImage(richMenuId: string, image: Buffer, contentType: 'image/png' | 'image/jpeg'): Promise<void> {
    await withTimeout('setRichMenuImage', CONTENT_TIMEOUT_MS, () => this.blob.setRichMenuImage(richMenuId, new Blob([image], { type: contentType })));
  }

  async listRichMenus(): Promise<RichMenuResponse[]> {
    const res = await withTimeout('getRichMenuList', CALL_TIMEOUT_MS, () => this.api.getRichMenuList());
    return res.richmenus;
  }

  async deleteRichMenu(richMenuId: string): Promise<void> {
    await withTimeout('deleteRichMenu', CALL_TIMEOUT_MS, () => this.api.deleteRichMenu(richMenuId));
  }

  async setDefaultRichMenu(richMenuId: string): Promise<void> {
    await withTimeout('setDefaultRichMenu', CALL_TIMEOUT_MS, () => this.api.setDefaultRichMenu(richMenuId));
  }

  async createRichMenuAlias(richMenuAliasId: string, richMenuId: string): Promise<void> {
    await withTimeout('createRichMenuAlias', CALL_TIMEOUT_MS, () => this.api.createRichMenuAlias({ richMenuAliasId, richMenuId }));
  }

  async updateRichMenuAlias(richMenuAliasId: string, richMenuId: string): Promise<void> {
    await withTimeout('updateRichMenuAlias', CALL_TIMEOUT_MS, () => this.api.updateRichMenuAlias(richMenuAliasId, { richMenuId }));
  }

  async listRichMenuAliases(): Promise<{ richMenuAliasId: string; richMenuId: string }[]> {
    const res = await withTimeout('getRichMenuAliasList', CALL_TIMEOUT_MS, () => this.api.getRichMenuAliasList());
    return res.aliases;
  }

  async deleteRichMenuAlias(richMenuAliasId: string): Promise<void> {
    await withTimeout('deleteRichMenuAlias', CALL_TIMEOUT_MS, () => this.api.deleteRichMenuAlias(richMenuAliasId));
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

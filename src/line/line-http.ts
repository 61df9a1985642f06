import { HTTPFetchError } from '@line/bot-sdk';

type Params = Record<string, unknown>;
interface RequestConfig {
  headers?: Record<string, string>;
}

/** LINE's own hosts, the SDK's defaults when no base URL is set. */
export const LINE_API_BASE_URL = 'https://api.line.me';
export const LINE_DATA_API_BASE_URL = 'https://api-data.line.me';

function searchParams(params: Params): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value != null) search.append(key, String(value));
  return search;
}

/**
 * The HTTP layer of the SDK's API clients, with a deadline on every request.
 *
 * @line/bot-sdk 11.0.0 calls the global fetch with no signal and offers no way to pass one or a
 * fetch of our own, so a timeout around its calls could only stop waiting while the request ran
 * on. This client answers the calls the SDK's clients make of theirs (get, post, put, delete,
 * postBinaryContent, with the same errors: HTTPFetchError) and gives each an
 * AbortSignal.timeout that also covers reading the body: a call that takes too long is
 * really aborted and its connection closed.
 */
export class TimedHttpClient {
  constructor(
    private readonly baseURL: string,
    private readonly headers: Record<string, string>,
    private readonly timeoutMs: number,
  ) {}

  get(path: string, params?: Params): Promise<Response> {
    return this.send(path, { method: 'GET' }, params);
  }

  post(path: string, body?: unknown, config?: RequestConfig): Promise<Response> {
    return this.send(path, { method: 'POST', headers: { 'content-type': 'application/json', ...config?.headers }, body: JSON.stringify(body) });
  }

  put(path: string, body?: unknown, config?: RequestConfig): Promise<Response> {
    return this.send(path, { method: 'PUT', headers: { 'content-type': 'application/json', ...config?.headers }, body: JSON.stringify(body) });
  }

  delete(path: string, params?: Params): Promise<Response> {
    return this.send(path, { method: 'DELETE' }, params);
  }

  postBinaryContent(path: string, body: Blob): Promise<Response> {
    return this.send(path, { method: 'POST', headers: { 'content-type': body.type }, body });
  }

  private async send(path: string, init: RequestInit & { headers?: Record<string, string> }, params?: Params): Promise<Response> {
    const url = new URL(path, this.baseURL);
    if (params) url.search = searchParams(params).toString();
    const response = await fetch(url, { ...init, headers: { ...this.headers, ...init.headers }, signal: AbortSignal.timeout(this.timeoutMs) });
    if (!response.ok) {
      const { status, statusText, headers } = response;
      throw new HTTPFetchError(`${status} - ${statusText}`, { status, statusText, headers, body: await response.text() });
    }
    return response;
  }
}

/**
 * Puts a TimedHttpClient in place of an SDK client's own HTTP client. The field is private to
 * the SDK, so its absence (a new SDK version) stops the start loudly instead of silently
 * running without deadlines.
 */
export function useTimedHttp<T extends object>(sdkClient: T, http: TimedHttpClient): T {
  const holder = sdkClient as unknown as { httpClient?: unknown };
  if (typeof holder.httpClient !== 'object' || holder.httpClient === null) {
    throw new Error('@line/bot-sdk clients no longer hold an httpClient: review src/line/line-http.ts before upgrading the SDK');
  }
  holder.httpClient = http;
  return sdkClient;
}

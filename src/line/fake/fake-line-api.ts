import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { findLimitProblems } from '../limits';
import { FakeLineState, LINE_ERROR_MESSAGES } from './fake-line-state';
import { isChatId, messageShapeProblems } from './fake-message-checks';
import { mountRichMenuRoutes, type RouteFn } from './fake-rich-menus';

export interface FakeLineOptions {
  /** The bearer token calls must carry (LINE answers 401 otherwise). */
  channelAccessToken: string;
  state?: FakeLineState;
}

const INVALID_TO = "The property, 'to', in the request body is invalid (line: -, column: -)";

/** LINE refuses request bodies over 2 MB (rich menu images over 1 MB are refused by their route). */
export const FAKE_LINE_MAX_BODY = '2mb';

/**
 * A fake of LINE's Messaging API (api.line.me and api-data.line.me on one router): records every
 * call, keeps rich menus and links, serves uploaded content, and answers like LINE, errors
 * included. It enforces LINE's limits, so a message LINE would refuse fails loudly here too.
 */
export function createFakeLineApi(options: FakeLineOptions): { router: Router; state: FakeLineState } {
  const state = options.state ?? new FakeLineState();
  const router = express.Router();
  router.use(express.json({ limit: FAKE_LINE_MAX_BODY }));
  router.use(express.raw({ type: ['image/*'], limit: FAKE_LINE_MAX_BODY }));

  const route: RouteFn = (method, path, kind, handler) => {
    router[method](path, async (req, res) => {
      const auth = req.get('authorization');
      const finish = (status: number) =>
        state.record({ method: req.method, path: req.path, kind, retryKey: req.get('x-line-retry-key') ?? undefined, body: req.body, at: Date.now(), status });
      if (auth !== `Bearer ${options.channelAccessToken}`) {
        finish(401);
        res.status(401).json({ message: 'Authentication failed. Confirm that the access token in the authorization header is valid.' });
        return;
      }
      const failure = state.takeFailure(kind);
      if (failure) {
        finish(failure.status);
        res.status(failure.status).set('x-line-request-id', randomUUID()).json(failure.body);
        return;
      }
      res.set('x-line-request-id', randomUUID());
      await handler(req, res);
      finish(res.statusCode);
    });
  };

  const checkMessages = (req: Request, res: Response): boolean => {
    const messages = (req.body as { messages?: unknown }).messages;
    const problems = Array.isArray(messages) ? [...findLimitProblems(messages), ...messageShapeProblems(messages)] : ['messages must be an array'];
    if (problems.length === 0) return true;
    res.status(400).json({ message: `The request body has ${problems.length} error(s)`, details: problems.map((p) => ({ message: p, property: 'messages' })) });
    return false;
  };

  const retryKeyConflict = (req: Request, res: Response): boolean => {
    const key = req.get('x-line-retry-key');
    if (!key) return false;
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key)) {
      res.status(400).json({ message: 'The value of the X-Line-Retry-Key header is invalid' });
      return true;
    }
    if (state.acceptedRetryKeys.has(key)) {
      res.status(409).set('x-line-accepted-request-id', randomUUID()).json({ message: 'The retry key is already accepted' });
      return true;
    }
    return false;
  };

  /** Counts a push or multicast against the monthly quota; false (and 429) when it is used up. */
  const withinQuota = (recipients: number, res: Response): boolean => {
    if (state.monthlyQuota !== undefined && state.quotaUsed + recipients > state.monthlyQuota) {
      res.status(429).json({ message: LINE_ERROR_MESSAGES.monthlyLimit });
      return false;
    }
    state.quotaUsed += recipients;
    return true;
  };

  route('post', '/v2/bot/message/reply', 'reply', (req, res) => {
    const token = String((req.body as { replyToken?: unknown }).replyToken ?? '');
    const problem = state.replyTokenProblem(token);
    if (problem) return res.status(400).json({ message: problem });
    if (!checkMessages(req, res)) return;
    state.useReplyToken(token);
    res.json({ sentMessages: [] });
  });
  route('post', '/v2/bot/message/push', 'push', (req, res) => {
    const to = (req.body as { to?: unknown }).to;
    // LINE accepts a push to any well-formed id, even one that never followed (nothing is delivered).
    if (!isChatId(to, { strict: state.strict })) return res.status(400).json({ message: INVALID_TO });
    if (retryKeyConflict(req, res) || !checkMessages(req, res) || !withinQuota(1, res)) return;
    const key = req.get('x-line-retry-key');
    if (key) state.acceptRetryKey(key);
    res.json({ sentMessages: [] });
  });
  route('post', '/v2/bot/message/multicast', 'multicast', (req, res) => {
    const to = (req.body as { to?: unknown }).to;
    if (!Array.isArray(to) || to.length === 0 || to.length > 500) return res.status(400).json({ message: 'The request body has 1 error(s)', details: [{ message: 'Size must be between 1 and 500', property: 'to' }] });
    if (!to.every((id) => isChatId(id, { strict: state.strict, users: true }))) return res.status(400).json({ message: INVALID_TO });
    if (retryKeyConflict(req, res) || !checkMessages(req, res) || !withinQuota(to.length, res)) return;
    const key = req.get('x-line-retry-key');
    if (key) state.acceptRetryKey(key);
    res.json({});
  });
  route('get', '/v2/bot/message/quota', 'quota', (_req, res) => {
    res.json(state.monthlyQuota === undefined ? { type: 'none' } : { type: 'limited', value: state.monthlyQuota });
  });
  route('get', '/v2/bot/message/quota/consumption', 'quotaConsumption', (_req, res) => {
    res.json({ totalUsage: state.quotaUsed });
  });
  route('get', '/v2/bot/profile/:userId', 'profile', (req, res) => {
    const profile = state.profiles.get(String(req.params.userId)) ?? { displayName: 'ผู้ใช้ LINE', language: 'th' };
    res.json({ userId: req.params.userId, ...profile });
  });
  route('get', '/v2/bot/info', 'botInfo', (_req, res) => {
    res.json({ userId: 'Ufakebot', basicId: '@bansukjai', displayName: 'เทศบาลตำบลบ้านสุขใจ', chatMode: 'bot', markAsReadMode: 'auto' });
  });
  route('post', '/v2/bot/chat/loading/start', 'loading', (req, res) => {
    const seconds = Number((req.body as { loadingSeconds?: unknown }).loadingSeconds ?? 20);
    const chatId = (req.body as { chatId?: unknown }).chatId;
    if (typeof chatId !== 'string' || chatId.length === 0) return res.status(400).json({ message: "The property, 'chatId', in the request body is invalid" });
    if (!Number.isInteger(seconds) || seconds < 5 || seconds > 60 || seconds % 5 !== 0) return res.status(400).json({ message: 'loadingSeconds must be 5 to 60 in steps of 5' });
    res.status(202).json({});
  });
  route('get', '/v2/bot/message/:messageId/content', 'content', (req, res) => {
    const content = state.content.get(String(req.params.messageId));
    if (!content) return res.status(404).json({ message: 'Not found' });
    res.type(content.contentType).send(content.data);
  });
  route('get', '/v2/bot/message/:messageId/content/transcoding', 'contentTranscoding', (req, res) => {
    if (!state.content.has(String(req.params.messageId))) return res.status(404).json({ message: 'Not found' });
    res.json({ status: 'succeeded' });
  });
  mountRichMenuRoutes(route, state);

  // Anything else is an endpoint this fake does not know: fail loudly, as LINE does for a wrong path.
  router.use((req, res) => {
    state.record({ method: req.method, path: req.path, kind: 'unknown', body: req.body, at: Date.now(), status: 404 });
    res.status(404).json({ message: 'Not found' });
  });
  // Body parser errors, answered as LINE answers them.
  router.use((err: { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (err.status === 413) res.status(413).json({ message: 'Request Entity Too Large' });
    else if (err.type === 'entity.parse.failed') res.status(400).json({ message: 'The request body could not be parsed as JSON' });
    else res.status(500).json({ message: 'Internal server error' });
  });
  return { router, state };
}

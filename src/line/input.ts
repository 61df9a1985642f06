import { z } from 'zod';
import { normalizeDigits } from '../shared/text';
import { decodePostback } from './postback';

/**
 * What the user did, reduced to what handlers and flows need. Only the fields we read are
 * taken from the webhook payload, each through zod: anything malformed becomes `other`.
 */
export type BotInput =
  | { kind: 'text'; text: string; raw: string }
  | { kind: 'postback'; action: string; fields: Record<string, string>; params: PostbackParams }
  | { kind: 'postback_stale' }
  | { kind: 'image'; messageId: string; imageSet?: { id: string; index?: number; total?: number }; provider: string }
  | { kind: 'location'; latitude: number; longitude: number; address?: string; title?: string }
  | { kind: 'sticker' }
  | { kind: 'media'; mediaType: 'video' | 'audio' | 'file'; messageId: string; fileName?: string; fileSize?: number }
  | { kind: 'follow'; unblocked: boolean }
  | { kind: 'unfollow' }
  | { kind: 'join' }
  | { kind: 'leave' }
  | { kind: 'other' };

export interface PostbackParams {
  date?: string;
  time?: string;
  datetime?: string;
  newRichMenuAliasId?: string;
}

const textMessage = z.object({ type: z.literal('text'), text: z.string().max(10_000) });
const imageMessage = z.object({
  type: z.literal('image'),
  id: z.string().min(1).max(64),
  contentProvider: z.object({ type: z.string() }).optional(),
  imageSet: z.object({ id: z.string(), index: z.number().int().optional(), total: z.number().int().optional() }).optional(),
});
const locationMessage = z.object({
  type: z.literal('location'),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  address: z.string().max(500).optional(),
  title: z.string().max(200).optional(),
});
const mediaMessage = z.object({
  type: z.enum(['video', 'audio', 'file']),
  id: z.string().min(1).max(64),
  fileName: z.string().max(300).optional(),
  fileSize: z.number().optional(),
});
const postbackSchema = z.object({
  data: z.string(),
  params: z
    .object({ date: z.string().optional(), time: z.string().optional(), datetime: z.string().optional(), newRichMenuAliasId: z.string().optional() })
    .partial()
    .optional(),
});

function messageInput(message: unknown): BotInput {
  const text = textMessage.safeParse(message);
  if (text.success) return { kind: 'text', text: normalizeDigits(text.data.text).trim(), raw: text.data.text };
  const image = imageMessage.safeParse(message);
  if (image.success) return { kind: 'image', messageId: image.data.id, imageSet: image.data.imageSet, provider: image.data.contentProvider?.type ?? 'line' };
  const location = locationMessage.safeParse(message);
  if (location.success) {
    const { latitude, longitude, address, title } = location.data;
    return { kind: 'location', latitude, longitude, address, title };
  }
  const media = mediaMessage.safeParse(message);
  if (media.success) return { kind: 'media', mediaType: media.data.type, messageId: media.data.id, fileName: media.data.fileName, fileSize: media.data.fileSize };
  if ((message as { type?: unknown } | undefined)?.type === 'sticker') return { kind: 'sticker' };
  return { kind: 'other' };
}

/** Reduces a webhook event to a BotInput. */
export function toBotInput(event: { type?: unknown; message?: unknown; postback?: unknown; follow?: unknown }): BotInput {
  switch (event.type) {
    case 'message':
      return messageInput(event.message);
    case 'postback': {
      const parsed = postbackSchema.safeParse(event.postback);
      if (!parsed.success) return { kind: 'postback_stale' };
      const decoded = decodePostback(parsed.data.data);
      if (decoded.kind !== 'ok') return { kind: 'postback_stale' };
      return { kind: 'postback', action: decoded.action, fields: decoded.fields, params: parsed.data.params ?? {} };
    }
    case 'follow':
      return { kind: 'follow', unblocked: Boolean((event.follow as { isUnblocked?: unknown } | undefined)?.isUnblocked) };
    case 'unfollow':
      return { kind: 'unfollow' };
    case 'join':
      return { kind: 'join' };
    case 'leave':
      return { kind: 'leave' };
    default:
      return { kind: 'other' };
  }
}

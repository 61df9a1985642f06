import { z } from 'zod';
import { LINE_LIMITS } from './limits';

/**
 * Postback data: `v=1&a=<action>&<field>=<value>...`, short, readable in logs and versioned.
 * A button from an older version, or data somebody typed, decodes to `stale` or `invalid` and is
 * answered politely; it never reaches a handler.
 */
export const POSTBACK_VERSION = '1';

const envelopeSchema = z.object({
  v: z.string(),
  a: z.string().regex(/^[a-z][a-zA-Z0-9]*(\.[a-zA-Z0-9]+)*$/).max(40),
});

export type PostbackFields = Record<string, string | number | boolean | undefined>;

/** Encodes an action and its fields; throws if the result would exceed LINE's 300 characters. */
export function encodePostback(action: string, fields: PostbackFields = {}): string {
  const params = new URLSearchParams({ v: POSTBACK_VERSION, a: action });
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (key === 'v' || key === 'a') throw new Error(`postback field name "${key}" is reserved`);
    params.set(key, String(value));
  }
  const data = params.toString();
  if (data.length > LINE_LIMITS.postbackDataChars) throw new Error(`postback data for ${action} is ${data.length} characters`);
  return data;
}

export type DecodedPostback =
  | { kind: 'ok'; action: string; fields: Record<string, string> }
  | { kind: 'stale'; action?: string }
  | { kind: 'invalid' };

/** Decodes postback data into an action and raw string fields (each handler parses its own). */
export function decodePostback(data: string): DecodedPostback {
  if (typeof data !== 'string' || data.length === 0 || data.length > LINE_LIMITS.postbackDataChars) return { kind: 'invalid' };
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(data);
  } catch {
    return { kind: 'invalid' };
  }
  const fields: Record<string, string> = {};
  for (const [key, value] of params) fields[key] = value;
  const envelope = envelopeSchema.safeParse(fields);
  if (!envelope.success) return { kind: 'invalid' };
  if (envelope.data.v !== POSTBACK_VERSION) return { kind: 'stale', action: envelope.data.a };
  const { v: _v, a: action, ...rest } = fields;
  return { kind: 'ok', action, fields: rest };
}

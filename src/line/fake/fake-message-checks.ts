/**
 * Checks the fake LINE API makes on messages beyond limits.ts (owned by the LINE client): a known
 * type, the fields each type requires, and https for every image and video link, as LINE does.
 */

const MESSAGE_TYPES = new Set(['text', 'textV2', 'sticker', 'image', 'video', 'audio', 'location', 'imagemap', 'template', 'flex']);

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * LINE fetches media links itself and refuses any that is not https. The one exception here is
 * loopback: local mode's photo links point at the simulator on http://localhost:PORT, which only
 * this machine's browser opens, never LINE.
 */
export function isAcceptedMediaUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'https:') return true;
  return parsed.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
}

function linkProblem(where: string, url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  return isAcceptedMediaUrl(url) ? undefined : `${where}: must be an https URL`;
}

/** Every media link of a flex container, wherever it sits: image and icon urls, video urls and previews. */
function flexLinks(node: unknown, where: string, out: [string, unknown][]): void {
  if (Array.isArray(node)) {
    node.forEach((child, i) => flexLinks(child, `${where}[${i}]`, out));
    return;
  }
  if (!isNode(node)) return;
  if (node.type === 'image' || node.type === 'icon') out.push([`${where}.url`, node.url]);
  if (node.type === 'video') out.push([`${where}.url`, node.url], [`${where}.previewUrl`, node.previewUrl]);
  for (const [key, child] of Object.entries(node)) if (typeof child === 'object') flexLinks(child, `${where}.${key}`, out);
}

/** The media links of one message, each with where it sits. */
function mediaLinks(message: Node, where: string): [string, unknown][] {
  const out: [string, unknown][] = [];
  if (message.type === 'image' || message.type === 'video') out.push([`${where}.originalContentUrl`, message.originalContentUrl], [`${where}.previewImageUrl`, message.previewImageUrl]);
  if (message.type === 'audio') out.push([`${where}.originalContentUrl`, message.originalContentUrl]);
  if (message.type === 'imagemap') out.push([`${where}.baseUrl`, message.baseUrl]);
  if (message.type === 'flex') flexLinks(message.contents, `${where}.contents`, out);
  if (message.type === 'template' && isNode(message.template)) {
    const template = message.template;
    out.push([`${where}.template.thumbnailImageUrl`, template.thumbnailImageUrl]);
    if (Array.isArray(template.columns)) {
      template.columns.forEach((c, i) => {
        if (isNode(c)) out.push([`${where}.template.columns[${i}].thumbnailImageUrl`, c.thumbnailImageUrl], [`${where}.template.columns[${i}].imageUrl`, c.imageUrl]);
      });
    }
  }
  const items = isNode(message.quickReply) && Array.isArray(message.quickReply.items) ? message.quickReply.items : [];
  items.forEach((item, i) => out.push([`${where}.quickReply.items[${i}].imageUrl`, isNode(item) ? item.imageUrl : undefined]));
  if (isNode(message.sender)) out.push([`${where}.sender.iconUrl`, message.sender.iconUrl]);
  return out;
}

/** Every way these messages break LINE's rules on types, required fields and media links. */
export function messageShapeProblems(messages: unknown[]): string[] {
  const problems: string[] = [];
  messages.forEach((m, i) => {
    const message = isNode(m) ? m : {};
    const where = `messages[${i}]`;
    if (!MESSAGE_TYPES.has(String(message.type))) problems.push(`${where}.type: unknown message type`);
    if (message.type === 'image' || message.type === 'video') {
      for (const key of ['originalContentUrl', 'previewImageUrl']) {
        const url = message[key];
        if (typeof url !== 'string' || url.length === 0 || url.length > 2000) problems.push(`${where}.${key}: 1 to 2000 characters`);
      }
    }
    if (message.type === 'sticker' && (typeof message.packageId !== 'string' || typeof message.stickerId !== 'string')) problems.push(`${where}: sticker needs packageId and stickerId`);
    if (message.type === 'location' && (typeof message.latitude !== 'number' || typeof message.longitude !== 'number' || typeof message.title !== 'string' || typeof message.address !== 'string')) {
      problems.push(`${where}: location needs title, address, latitude and longitude`);
    }
    for (const [at, url] of mediaLinks(message, where)) {
      const problem = linkProblem(at, url);
      if (problem) problems.push(problem);
    }
  });
  return problems;
}

/** LINE's chat ids: U (user), C (group) or R (room), then 32 hex digits. */
const LINE_CHAT_ID = /^[UCR][0-9a-f]{32}$/;
/** Ids the test suite makes up (U_citizen_1, Uofficer): LINE's first letter and nothing an id never holds. */
const CHAT_ID_LIKE = /^[UCR][A-Za-z0-9_-]{1,64}$/;

/** True when LINE would take this as a push recipient (users only for a multicast: `users`). */
export function isChatId(to: unknown, options: { strict: boolean; users?: boolean }): boolean {
  if (typeof to !== 'string' || !(options.strict ? LINE_CHAT_ID : CHAT_ID_LIKE).test(to)) return false;
  return !options.users || to.startsWith('U');
}

import { AppError } from '../shared/errors';

/** LINE Messaging API limits (LINE-PLATFORM.md), checked before anything is sent. */
export const LINE_LIMITS = {
  messagesPerCall: 5,
  textChars: 5000,
  altTextChars: 1500,
  bubbleBytes: 30 * 1024,
  carouselBytes: 50 * 1024,
  carouselBubbles: 12,
  quickReplyItems: 13,
  quickReplyLabelChars: 20,
  buttonLabelChars: 40,
  postbackDataChars: 300,
  displayTextChars: 300,
  uriChars: 1000,
} as const;

/** Characters as LINE counts them (UTF-16 code units; a Thai combining mark counts as one). */
export const lineLength = (s: string): number => s.length;

type Node = Record<string, unknown>;

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkAction(action: unknown, where: string, labelMax: number, problems: string[]): void {
  if (!isNode(action)) return;
  const label = action.label;
  if (typeof label === 'string' && lineLength(label) > labelMax) problems.push(`${where}: label "${label}" is over ${labelMax} characters`);
  const data = action.data;
  if (typeof data === 'string' && lineLength(data) > LINE_LIMITS.postbackDataChars) problems.push(`${where}: postback data is over ${LINE_LIMITS.postbackDataChars} characters`);
  const displayText = action.displayText;
  if (typeof displayText === 'string' && lineLength(displayText) > LINE_LIMITS.displayTextChars) problems.push(`${where}: displayText is over ${LINE_LIMITS.displayTextChars} characters`);
  const uri = action.uri;
  if (typeof uri === 'string' && lineLength(uri) > LINE_LIMITS.uriChars) problems.push(`${where}: uri is over ${LINE_LIMITS.uriChars} characters`);
  if (action.type === 'postback' && typeof data !== 'string') problems.push(`${where}: postback action without data`);
}

/** Walks a Flex tree and checks every button's action and label. */
function checkFlexNode(node: unknown, where: string, problems: string[]): void {
  if (Array.isArray(node)) {
    node.forEach((child, i) => checkFlexNode(child, `${where}[${i}]`, problems));
    return;
  }
  if (!isNode(node)) return;
  if (node.type === 'button') checkAction(node.action, `${where}.action`, LINE_LIMITS.buttonLabelChars, problems);
  else if (node.action) checkAction(node.action, `${where}.action`, LINE_LIMITS.buttonLabelChars, problems);
  if (node.type === 'text' && typeof node.text !== 'string' && !Array.isArray(node.contents)) problems.push(`${where}: text component without text`);
  if (node.type === 'text' && node.text === '') problems.push(`${where}: text component with empty text`);
  for (const key of ['header', 'hero', 'body', 'footer', 'contents']) {
    if (key in node) checkFlexNode(node[key], `${where}.${key}`, problems);
  }
}

function checkFlex(message: Node, where: string, problems: string[]): void {
  const altText = message.altText;
  if (typeof altText !== 'string' || altText.trim() === '') problems.push(`${where}: flex message without altText`);
  else if (lineLength(altText) > LINE_LIMITS.altTextChars) problems.push(`${where}: altText is over ${LINE_LIMITS.altTextChars} characters`);
  const contents = message.contents;
  if (!isNode(contents)) {
    problems.push(`${where}: flex message without contents`);
    return;
  }
  const bytes = Buffer.byteLength(JSON.stringify(contents));
  if (contents.type === 'carousel') {
    const bubbles = Array.isArray(contents.contents) ? contents.contents : [];
    if (bubbles.length === 0 || bubbles.length > LINE_LIMITS.carouselBubbles) problems.push(`${where}: carousel has ${bubbles.length} bubbles (1 to ${LINE_LIMITS.carouselBubbles})`);
    if (bytes > LINE_LIMITS.carouselBytes) problems.push(`${where}: carousel is ${bytes} bytes (at most ${LINE_LIMITS.carouselBytes})`);
    bubbles.forEach((b, i) => {
      const size = Buffer.byteLength(JSON.stringify(b));
      if (size > LINE_LIMITS.bubbleBytes) problems.push(`${where}.contents[${i}]: bubble is ${size} bytes (at most ${LINE_LIMITS.bubbleBytes})`);
    });
  } else if (bytes > LINE_LIMITS.bubbleBytes) {
    problems.push(`${where}: bubble is ${bytes} bytes (at most ${LINE_LIMITS.bubbleBytes})`);
  }
  checkFlexNode(contents, `${where}.contents`, problems);
}

/** Lists every way the messages break LINE's limits; empty when they are fine. */
export function findLimitProblems(messages: unknown[]): string[] {
  const problems: string[] = [];
  if (messages.length === 0) problems.push('no messages');
  if (messages.length > LINE_LIMITS.messagesPerCall) problems.push(`${messages.length} messages (at most ${LINE_LIMITS.messagesPerCall})`);
  messages.forEach((m, i) => {
    const where = `messages[${i}]`;
    if (!isNode(m)) {
      problems.push(`${where}: not an object`);
      return;
    }
    if (m.type === 'text') {
      const text = m.text;
      if (typeof text !== 'string' || text.length === 0) problems.push(`${where}: empty text`);
      else if (lineLength(text) > LINE_LIMITS.textChars) problems.push(`${where}: text is over ${LINE_LIMITS.textChars} characters`);
    }
    if (m.type === 'flex') checkFlex(m, where, problems);
    if (m.type === 'template') {
      if (typeof m.altText !== 'string' || m.altText === '') problems.push(`${where}: template without altText`);
      checkFlexNode(m.template, `${where}.template`, problems);
      const actions = isNode(m.template) && Array.isArray(m.template.actions) ? m.template.actions : [];
      actions.forEach((a, j) => checkAction(a, `${where}.template.actions[${j}]`, 20, problems));
    }
    const quickReply = m.quickReply;
    if (isNode(quickReply)) {
      const items = Array.isArray(quickReply.items) ? quickReply.items : [];
      if (items.length > LINE_LIMITS.quickReplyItems) problems.push(`${where}: ${items.length} quick reply items (at most ${LINE_LIMITS.quickReplyItems})`);
      items.forEach((item, j) => {
        if (isNode(item)) checkAction(item.action, `${where}.quickReply.items[${j}]`, LINE_LIMITS.quickReplyLabelChars, problems);
      });
    }
  });
  return problems;
}

/** Throws a `bug` error naming every violated limit: a message LINE would refuse is our bug. */
export function assertWithinLimits(messages: unknown[]): void {
  const problems = findLimitProblems(messages);
  if (problems.length > 0) throw new AppError('bug', 'common.errors.generic', { problems }, { cause: new Error(`LINE limits: ${problems.join('; ')}`) });
}

import type { Action, FlexBox, FlexBubble, FlexButton, FlexComponent, FlexMessage, FlexText, QuickReplyItem } from '../../src/line/types';

/** The municipality's colours: calm green for headers, red for warnings, grey for secondary text. */
export const COLORS = {
  primary: '#0B6E4F',
  accent: '#F2A541',
  danger: '#C0392B',
  muted: '#8C8C8C',
  text: '#222222',
  light: '#F5F7F6',
} as const;

/** A text component; wraps by default because Thai sentences rarely fit one line. */
export function text(body: string, options: Partial<Omit<FlexText, 'type' | 'text'>> = {}): FlexText {
  return { type: 'text', text: body.length > 0 ? body : '-', wrap: true, size: 'sm', color: COLORS.text, ...options };
}

/** A label and a value on one line: "สถานะ   รับเรื่องแล้ว". */
export function row(label: string, value: string, valueColor: string = COLORS.text): FlexBox {
  return {
    type: 'box',
    layout: 'baseline',
    spacing: 'sm',
    contents: [text(label, { color: COLORS.muted, flex: 2, size: 'sm' }), text(value, { flex: 5, size: 'sm', color: valueColor })],
  };
}

/** A coloured header with a title and an optional subtitle. */
export function header(title: string, subtitle?: string, color: string = COLORS.primary): FlexBox {
  const contents: FlexComponent[] = [text(title, { weight: 'bold', size: 'lg', color: '#FFFFFF' })];
  if (subtitle) contents.push(text(subtitle, { size: 'xs', color: '#FFFFFFCC' }));
  return { type: 'box', layout: 'vertical', backgroundColor: color, paddingAll: 'lg', contents };
}

/** A full-width button. */
export function button(action: Action, style: FlexButton['style'] = 'primary', color?: string): FlexButton {
  const b: FlexButton = { type: 'button', action, style, height: 'sm' };
  if (color) b.color = color;
  else if (style === 'primary') b.color = COLORS.primary;
  return b;
}

/** A message action: tapping sends the text as if the user typed it. */
export function messageAction(label: string, textToSend: string = label): Action {
  return { type: 'message', label, text: textToSend };
}

export function postbackAction(label: string, data: string, displayText?: string): Action {
  return displayText ? { type: 'postback', label, data, displayText } : { type: 'postback', label, data };
}

export function uriAction(label: string, uri: string): Action {
  return { type: 'uri', label, uri };
}

/** A vertical box of components with standard spacing. */
export function vbox(contents: FlexComponent[], options: Partial<Omit<FlexBox, 'type' | 'layout' | 'contents'>> = {}): FlexBox {
  return { type: 'box', layout: 'vertical', spacing: 'sm', contents, ...options };
}

export function separator(): FlexComponent {
  return { type: 'separator', margin: 'md' };
}

/** Wraps a bubble or carousel as a Flex message; altText is what notifications and old clients show. */
export function flex(altText: string, contents: FlexMessage['contents'], quickReply?: FlexMessage['quickReply']): FlexMessage {
  const message: FlexMessage = { type: 'flex', altText: altText.slice(0, 400), contents };
  if (quickReply) message.quickReply = quickReply;
  return message;
}

export function bubble(parts: Partial<Omit<FlexBubble, 'type'>>): FlexBubble {
  return { type: 'bubble', ...parts };
}

/** A quick-reply item from an action. */
export function quickItem(action: Action): QuickReplyItem {
  return { type: 'action', action };
}

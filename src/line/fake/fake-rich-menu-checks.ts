/**
 * How the fake LINE API checks a rich menu object as LINE does: size, name, chat bar text, areas
 * inside the image and each area's action (types allowed in a rich menu, and their fields).
 */

/** LINE's rich menu limits (Messaging API reference, "Rich menu object" and "Upload rich menu image"). */
export const RICH_MENU_LIMITS = {
  minWidth: 800,
  maxWidth: 2500,
  minHeight: 250,
  minAspect: 1.45,
  maxAreas: 20,
  chatBarTextChars: 14,
  nameChars: 300,
  actionLabelChars: 20,
  postbackDataChars: 300,
  messageTextChars: 300,
  uriChars: 1000,
  imageBytes: 1024 * 1024,
  menusPerChannel: 1000,
  aliasesPerChannel: 1000,
} as const;

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

function actionProblems(action: unknown, where: string): string[] {
  if (!isNode(action)) return [`${where}: missing action`];
  const problems: string[] = [];
  const str = (key: string) => (typeof action[key] === 'string' ? (action[key] as string) : undefined);
  if ((str('label')?.length ?? 0) > RICH_MENU_LIMITS.actionLabelChars) problems.push(`${where}.label: over ${RICH_MENU_LIMITS.actionLabelChars} characters`);
  switch (action.type) {
    case 'postback':
      if (!str('data') || str('data')!.length > RICH_MENU_LIMITS.postbackDataChars) problems.push(`${where}.data: 1 to ${RICH_MENU_LIMITS.postbackDataChars} characters`);
      break;
    case 'message':
      if (!str('text') || str('text')!.length > RICH_MENU_LIMITS.messageTextChars) problems.push(`${where}.text: 1 to ${RICH_MENU_LIMITS.messageTextChars} characters`);
      break;
    case 'uri':
      if (!str('uri') || str('uri')!.length > RICH_MENU_LIMITS.uriChars) problems.push(`${where}.uri: 1 to ${RICH_MENU_LIMITS.uriChars} characters`);
      break;
    case 'richmenuswitch':
      if (!/^[a-z0-9_-]{1,32}$/.test(str('richMenuAliasId') ?? '')) problems.push(`${where}.richMenuAliasId: invalid`);
      if (!str('data') || str('data')!.length > RICH_MENU_LIMITS.postbackDataChars) problems.push(`${where}.data: 1 to ${RICH_MENU_LIMITS.postbackDataChars} characters`);
      break;
    case 'datetimepicker':
      problems.push(...datetimePickerProblems(action, where));
      break;
    case 'camera':
    case 'cameraRoll':
    case 'location':
      problems.push(`${where}.type: ${String(action.type)} is only for quick replies, not rich menus`);
      break;
    default:
      problems.push(`${where}.type: unknown action type`);
  }
  return problems;
}

/** LINE's formats and ranges for a date-time picker's initial, max and min, by mode. */
const PICKER_FORMATS: Record<string, { pattern: RegExp; min: string; max: string }> = {
  date: { pattern: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, min: '1900-01-01', max: '2100-12-31' },
  time: { pattern: /^([01]\d|2[0-3]):[0-5]\d$/, min: '00:00', max: '23:59' },
  datetime: { pattern: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d$/, min: '1900-01-01T00:00', max: '2100-12-31T23:59' },
};

/** A date-time picker: postback data, a mode, and initial/max/min in the mode's format, min <= initial <= max. */
function datetimePickerProblems(action: Node, where: string): string[] {
  const problems: string[] = [];
  const data = action.data;
  if (typeof data !== 'string' || data.length === 0 || data.length > RICH_MENU_LIMITS.postbackDataChars) problems.push(`${where}.data: 1 to ${RICH_MENU_LIMITS.postbackDataChars} characters`);
  const format = PICKER_FORMATS[String(action.mode)];
  if (!format) return [...problems, `${where}.mode: must be date, time or datetime`];
  const values: Record<string, string> = {};
  for (const key of ['initial', 'max', 'min']) {
    const value = action[key];
    if (value === undefined) continue;
    // Zero-padded values of one format compare as strings; LINE accepts t or T in a datetime.
    if (typeof value === 'string' && format.pattern.test(value) && value.toUpperCase() >= format.min && value.toUpperCase() <= format.max) values[key] = value.toUpperCase();
    else problems.push(`${where}.${key}: must be a ${String(action.mode)} from ${format.min} to ${format.max}`);
  }
  if (values.min && values.max && values.min >= values.max) problems.push(`${where}.max: must be later than min`);
  if (values.initial && ((values.min && values.initial < values.min) || (values.max && values.initial > values.max))) problems.push(`${where}.initial: must be between min and max`);
  return problems;
}

/** Every way a rich menu object breaks LINE's rules; empty when LINE would accept it. */
export function findRichMenuProblems(menu: unknown): string[] {
  if (!isNode(menu)) return ['body: not a rich menu object'];
  const problems: string[] = [];
  const size = isNode(menu.size) ? menu.size : {};
  const width = Number(size.width);
  const height = Number(size.height);
  if (!Number.isInteger(width) || width < RICH_MENU_LIMITS.minWidth || width > RICH_MENU_LIMITS.maxWidth) problems.push(`size.width: ${RICH_MENU_LIMITS.minWidth} to ${RICH_MENU_LIMITS.maxWidth}`);
  if (!Number.isInteger(height) || height < RICH_MENU_LIMITS.minHeight) problems.push(`size.height: at least ${RICH_MENU_LIMITS.minHeight}`);
  else if (width / height < RICH_MENU_LIMITS.minAspect) problems.push(`size: width / height must be at least ${RICH_MENU_LIMITS.minAspect}`);
  if (typeof menu.selected !== 'boolean') problems.push('selected: must be a boolean');
  if (typeof menu.name !== 'string' || menu.name.length === 0 || menu.name.length > RICH_MENU_LIMITS.nameChars) problems.push(`name: 1 to ${RICH_MENU_LIMITS.nameChars} characters`);
  if (typeof menu.chatBarText !== 'string' || menu.chatBarText.length === 0 || menu.chatBarText.length > RICH_MENU_LIMITS.chatBarTextChars) problems.push(`chatBarText: 1 to ${RICH_MENU_LIMITS.chatBarTextChars} characters`);
  const areas = Array.isArray(menu.areas) ? menu.areas : [];
  if (areas.length > RICH_MENU_LIMITS.maxAreas) problems.push(`areas: at most ${RICH_MENU_LIMITS.maxAreas}`);
  areas.forEach((area, i) => {
    const bounds = isNode(area) && isNode(area.bounds) ? area.bounds : {};
    const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((k) => Number(bounds[k]));
    if (![x, y, w, h].every(Number.isInteger) || x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > width || y + h > height) problems.push(`areas[${i}].bounds: outside the menu`);
    problems.push(...actionProblems(isNode(area) ? area.action : undefined, `areas[${i}].action`));
  });
  return problems;
}

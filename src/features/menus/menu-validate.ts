import { decodePostback } from '../../line/postback';
import { problemAt, RICH_MENU_RULES, type Bounds, type MenuArea, type MenuSpec, type MenuSpecFile } from './menu-spec';

/** What the validator asks the bot: does it answer this postback action, these fields, this text? (BotRouter fits.) */
export interface MenuRouter {
  hasPostback(action: string): boolean;
  /** The action's handler would accept these fields (its zod schema parses them). */
  acceptsPostback(action: string, fields: Record<string, string>): boolean;
  matchesText(text: string): boolean;
}

function overlaps(a: Bounds, b: Bounds): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

const where = (area: MenuArea, index: number) => `area "${area.id}" (#${index + 1})`;

/** Image size rules from LINE: width 800-2500, height >= 250, width/height >= 1.45. */
export function sizeProblems(file: string, size: { width: number; height: number }): string[] {
  const out: string[] = [];
  const { width, height } = size;
  if (width < RICH_MENU_RULES.minWidth || width > RICH_MENU_RULES.maxWidth) out.push(problemAt(file, undefined, 'size.width', `width ${width} must be between 800 and 2500 px`));
  if (height < RICH_MENU_RULES.minHeight) out.push(problemAt(file, undefined, 'size.height', `height ${height} must be at least 250 px`));
  if (height > 0 && width / height < RICH_MENU_RULES.minAspect) out.push(problemAt(file, undefined, 'size.aspect', `width/height is ${(width / height).toFixed(2)}, must be at least 1.45`));
  return out;
}

/**
 * The postback data of an area must decode with the bot's codec to an action the bot registered,
 * with fields that action's handler accepts: otherwise the bot answers "button expired".
 */
function postbackProblem(data: string, router: MenuRouter): string | undefined {
  const decoded = decodePostback(data);
  if (decoded.kind === 'invalid') return `data "${data}" is not postback data the bot can read (expected v=1&a=<action>)`;
  if (decoded.kind === 'stale') return `data "${data}" has an old version (the bot would answer "button expired")`;
  if (!router.hasPostback(decoded.action)) return `postback action "${decoded.action}" is not registered by any feature`;
  if (!router.acceptsPostback(decoded.action, decoded.fields)) return `data "${data}" has fields the "${decoded.action}" handler refuses (the bot would answer "button expired")`;
  return undefined;
}

function actionProblems(file: string, area: MenuArea, index: number, router: MenuRouter, aliases: Set<string>): string[] {
  const out: string[] = [];
  const at = where(area, index);
  const action = area.action;
  switch (action.type) {
    case 'message':
      if (!router.matchesText(action.text)) out.push(problemAt(file, at, 'action.text', `"${action.text}" is not a text command the bot recognises`));
      break;
    case 'postback':
    case 'datetimepicker': {
      const problem = postbackProblem(action.data, router);
      if (problem) out.push(problemAt(file, at, 'action.data', problem));
      break;
    }
    case 'richmenuswitch': {
      if (!aliases.has(action.richMenuAliasId)) out.push(problemAt(file, at, 'action.richMenuAliasId', `no menu spec has alias "${action.richMenuAliasId}"`));
      const problem = postbackProblem(action.data, router);
      if (problem) out.push(problemAt(file, at, 'action.data', problem));
      break;
    }
    case 'uri':
      break;
  }
  return out;
}

/** Geometry, action and bot-understanding rules of one parsed spec. */
export function specProblems(file: string, spec: MenuSpec, router: MenuRouter, aliases: Set<string>): string[] {
  const out = sizeProblems(file, spec.size);
  if (spec.areas.length > RICH_MENU_RULES.maxAreas) out.push(problemAt(file, undefined, 'areas', `${spec.areas.length} areas, at most 20 are allowed`));
  const ids = new Set<string>();
  spec.areas.forEach((area, i) => {
    const at = where(area, i);
    if (ids.has(area.id)) out.push(problemAt(file, at, 'id', `area id "${area.id}" is used twice`));
    ids.add(area.id);
    const b = area.bounds;
    if (b.x + b.width > spec.size.width || b.y + b.height > spec.size.height) {
      out.push(problemAt(file, at, 'bounds', `area (${b.x},${b.y} ${b.width}x${b.height}) goes outside the ${spec.size.width}x${spec.size.height} image`));
    }
    spec.areas.slice(0, i).forEach((other, j) => {
      if (overlaps(other.bounds, b)) out.push(problemAt(file, at, 'bounds', `overlaps ${where(other, j)}`));
    });
    out.push(...actionProblems(file, area, i, router, aliases));
  });
  return out;
}

/**
 * Every rule a set of menu specs must pass before anything is sent to LINE: the parse problems,
 * unique aliases, one default at most, then each spec's own rules. Returns all problems at once.
 */
export function validateMenuSpecs(files: MenuSpecFile[], router: MenuRouter): string[] {
  const out: string[] = files.flatMap((f) => f.problems);
  const valid = files.filter((f): f is MenuSpecFile & { spec: MenuSpec } => f.spec !== undefined);
  const aliases = new Set<string>();
  for (const f of valid) {
    if (aliases.has(f.spec.alias)) out.push(problemAt(f.file, undefined, 'alias', `alias "${f.spec.alias}" is used by another spec`));
    aliases.add(f.spec.alias);
  }
  const defaults = valid.filter((f) => f.spec.default);
  if (defaults.length > 1) out.push(problemAt(defaults[1].file, undefined, 'default', `only one menu can be the default (also ${defaults[0].spec.alias})`));
  for (const f of valid) out.push(...specProblems(f.file, f.spec, router, aliases));
  return out;
}

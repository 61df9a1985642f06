import fs from 'node:fs';
import path from 'node:path';
import YAML, { LineCounter } from 'yaml';
import { z } from 'zod';
import { lineLength } from '../../line/limits';
import { ICON_NAMES } from './menu-icons';

/** Where the menu specs live (documented by specs/README.md). */
export const DEFAULT_SPECS_DIR = path.join(__dirname, 'specs');

/** LINE's rules for rich menus (LINE-PLATFORM.md), checked before anything is sent. */
export const RICH_MENU_RULES = {
  minWidth: 800,
  maxWidth: 2500,
  minHeight: 250,
  minAspect: 1.45,
  maxImageBytes: 1024 * 1024,
  maxAreas: 20,
  chatBarTextMax: 14,
  labelMax: 20,
  nameMax: 300,
  aliasPattern: /^[a-z0-9_-]{1,32}$/,
} as const;

const aliasId = z.string().regex(RICH_MENU_RULES.aliasPattern, 'alias id must match ^[a-z0-9_-]{1,32}$');
const maxUnits = (max: number, what: string) => z.string().min(1, `${what} must not be empty`).refine((s) => lineLength(s) <= max, `${what} must be at most ${max} characters (UTF-16 units)`);
const colour = z.string().regex(/^#[0-9A-Fa-f]{6}$/, 'colour must look like #0B6E4F');

const postbackData = z.string().min(1).max(300, 'postback data must be at most 300 characters');

/** The action types a rich menu area may carry (camera, location pickers exist only as quick replies). */
export const areaActionSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('message'), text: z.string().min(1).max(300, 'message text must be at most 300 characters') }).strict(),
    z.object({ type: z.literal('postback'), data: postbackData, displayText: z.string().min(1).max(300).optional() }).strict(),
    z.object({ type: z.literal('uri'), uri: z.url({ protocol: /^(https?|tel|line)$/ }).max(1000) }).strict(),
    z.object({ type: z.literal('richmenuswitch'), richMenuAliasId: aliasId, data: postbackData }).strict(),
    z
      .object({ type: z.literal('datetimepicker'), data: postbackData, mode: z.enum(['date', 'time', 'datetime']), initial: z.string().optional(), min: z.string().optional(), max: z.string().optional() })
      .strict(),
  ],
  { error: 'action type must be one of message, postback, uri, richmenuswitch, datetimepicker' },
);
export type AreaAction = z.infer<typeof areaActionSchema>;

const boundsSchema = z
  .object({ x: z.number().int().min(0), y: z.number().int().min(0), width: z.number().int().min(1), height: z.number().int().min(1) })
  .strict();
export type Bounds = z.infer<typeof boundsSchema>;

export const areaSchema = z
  .object({
    /** A short name used in error messages and logs. */
    id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'area id must be lower-case letters, digits or dashes'),
    /** Drawn on the image and sent as the action's label (screen readers read it). */
    label: maxUnits(RICH_MENU_RULES.labelMax, 'label'),
    /** A second, smaller line under the label (image only). */
    caption: z.string().max(40).optional(),
    icon: z.enum(ICON_NAMES, { error: `icon must be one of ${ICON_NAMES.join(', ')}` }).optional(),
    /** `tab` draws a tab in the tab bar, `tab-active` the current one; default a button. */
    style: z.enum(['button', 'tab', 'tab-active']).default('button'),
    color: colour.optional(),
    bounds: boundsSchema,
    action: areaActionSchema,
  })
  .strict();
export type MenuArea = z.infer<typeof areaSchema>;

export const menuSpecSchema = z
  .object({
    alias: aliasId,
    /** LINE's name of the menu (admins see it in lists); the deploy adds a content hash. */
    name: z.string().min(1).max(200),
    chatBarText: maxUnits(RICH_MENU_RULES.chatBarTextMax, 'chatBarText'),
    /** Open the menu when the chat opens. */
    selected: z.boolean().default(true),
    /** This menu becomes the default for everybody (one menu at most). */
    default: z.boolean().default(false),
    /** `officers`: linked to every active officer after each change. */
    linkTo: z.enum(['officers']).optional(),
    size: z.object({ width: z.number().int(), height: z.number().int() }).strict(),
    /** A designer's image (PNG or JPEG, next to the spec) instead of the rendered one. */
    image: z.string().regex(/^[\w.-]+\.(png|jpe?g)$/i, 'image must be a .png or .jpg file name next to the spec').optional(),
    theme: z.object({ background: colour.default('#F5F7F6'), button: colour.default('#0B6E4F'), text: colour.default('#FFFFFF') }).strict().prefault({}),
    areas: z.array(areaSchema).min(1, 'a menu needs at least one area'),
  })
  .strict();
export type MenuSpec = z.infer<typeof menuSpecSchema>;

/** Thrown with every problem found, each naming the file, the area and the rule. */
export class MenuValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`menu specs are not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'MenuValidationError';
  }
}

/** A spec file as read from disk: its path (for error messages), its raw text and, when valid, the spec. */
export interface MenuSpecFile {
  file: string;
  dir: string;
  raw: string;
  spec?: MenuSpec;
  problems: string[];
}

/** "citizen-main.yaml: area \"complaint\" (#1): bounds: ..." */
export function problemAt(file: string, where: string | undefined, rule: string, message: string): string {
  return `${path.basename(file)}: ${where ? `${where}: ` : ''}${rule}: ${message}`;
}

function areaName(spec: unknown, index: number): string {
  const areas = (spec as { areas?: { id?: unknown }[] } | undefined)?.areas;
  const id = areas?.[index]?.id;
  return typeof id === 'string' ? `area "${id}" (#${index + 1})` : `area #${index + 1}`;
}

/** Turns zod issues into messages naming the area and the field. */
export function describeIssues(file: string, input: unknown, issues: z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const p = issue.path;
    if (p[0] === 'areas' && typeof p[1] === 'number') {
      const field = p.slice(2).join('.') || 'area';
      return problemAt(file, areaName(input, p[1]), field, issue.message);
    }
    return problemAt(file, undefined, p.join('.') || 'spec', issue.message);
  });
}

/** Reads and parses every *.yaml / *.yml / *.json spec in the folder (README and images are skipped). */
export function readMenuSpecs(dir: string = DEFAULT_SPECS_DIR): MenuSpecFile[] {
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new MenuValidationError([`${dir}: no such folder of menu specs`]);
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/i.test(f))
    .sort();
  return files.map((name) => {
    const file = path.join(dir, name);
    const raw = fs.readFileSync(file, 'utf8');
    const lineCounter = new LineCounter();
    const doc = YAML.parseDocument(raw, { prettyErrors: false, lineCounter });
    if (doc.errors.length > 0) {
      return { file, dir, raw, problems: doc.errors.map((e) => problemAt(file, undefined, 'syntax', `line ${lineCounter.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`)) };
    }
    const input: unknown = doc.toJS();
    const parsed = menuSpecSchema.safeParse(input);
    if (!parsed.success) return { file, dir, raw, problems: describeIssues(file, input, parsed.error.issues) };
    return { file, dir, raw, spec: parsed.data, problems: [] };
  });
}

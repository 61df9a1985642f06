import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { loadDesiredMenus, MenuValidationError } from '../../../src/features/menus/menu-desired';
import { DEFAULT_SPECS_DIR, readMenuSpecs } from '../../../src/features/menus/menu-spec';
import { validateMenuSpecs } from '../../../src/features/menus/menu-validate';
import { stubRouter } from './stub-router';

const router = stubRouter();
let dir: string;

type Spec = Record<string, unknown> & { areas: Record<string, unknown>[] };
const base = (): Spec => YAML.parse(fs.readFileSync(path.join(DEFAULT_SPECS_DIR, 'citizen-main.yaml'), 'utf8')) as Spec;

/** Writes citizen-more as shipped and citizen-main changed by `edit`, and returns the problems. */
function problemsWith(edit: (spec: Spec) => void): string[] {
  const spec = base();
  edit(spec);
  fs.writeFileSync(path.join(dir, 'citizen-main.yaml'), YAML.stringify(spec));
  return validateMenuSpecs(readMenuSpecs(dir), router);
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'specs-'));
  fs.copyFileSync(path.join(DEFAULT_SPECS_DIR, 'citizen-more.yaml'), path.join(dir, 'citizen-more.yaml'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('menu spec validation', () => {
  it('when the shipped specs are checked, then they have no problem', () => {
    expect(validateMenuSpecs(readMenuSpecs(DEFAULT_SPECS_DIR), router)).toEqual([]);
  });

  it.each([
    ['width below 800', (s: Spec) => (s.size = { width: 700, height: 250 }), 'citizen-main.yaml: size.width: width 700 must be between 800 and 2500 px'],
    ['width above 2500', (s: Spec) => (s.size = { width: 2600, height: 1686 }), 'citizen-main.yaml: size.width: width 2600 must be between 800 and 2500 px'],
    ['height below 250', (s: Spec) => (s.size = { width: 800, height: 200 }), 'citizen-main.yaml: size.height: height 200 must be at least 250 px'],
    ['aspect below 1.45', (s: Spec) => (s.size = { width: 2500, height: 1800 }), 'citizen-main.yaml: size.aspect: width/height is 1.39, must be at least 1.45'],
    ['chat bar text over 14 units', (s: Spec) => (s.chatBarText = 'เมนูบริการประชาชน'), 'citizen-main.yaml: chatBarText: chatBarText must be at most 14 characters (UTF-16 units)'],
    ['bad alias', (s: Spec) => (s.alias = 'Citizen Main'), 'citizen-main.yaml: alias: alias id must match ^[a-z0-9_-]{1,32}$'],
    ['label over 20 units', (s: Spec) => (s.areas[2].label = 'แจ้งเรื่องร้องเรียนทุกประเภท'), 'citizen-main.yaml: area "complaint" (#3): label: label must be at most 20 characters (UTF-16 units)'],
    ['unknown action type', (s: Spec) => (s.areas[2].action = { type: 'camera' }), 'citizen-main.yaml: area "complaint" (#3): action.type: action type must be one of message, postback, uri, richmenuswitch, datetimepicker'],
    ['area outside the image', (s: Spec) => (s.areas[7].bounds = { x: 1667, y: 943, width: 900, height: 743 }), 'citizen-main.yaml: area "contact" (#8): bounds: area (1667,943 900x743) goes outside the 2500x1686 image'],
    ['overlapping areas', (s: Spec) => (s.areas[3].bounds = { x: 800, y: 200, width: 834, height: 743 }), 'citizen-main.yaml: area "track" (#4): bounds: overlaps area "complaint" (#3)'],
    ['unknown text command', (s: Spec) => (s.areas[2].action = { type: 'message', text: 'สวัสดี' }), 'citizen-main.yaml: area "complaint" (#3): action.text: "สวัสดี" is not a text command the bot recognises'],
    ['postback data the codec cannot read', (s: Spec) => (s.areas[2].action = { type: 'postback', data: 'action=complaint' }), 'citizen-main.yaml: area "complaint" (#3): action.data: data "action=complaint" is not postback data the bot can read (expected v=1&a=<action>)'],
    ['postback of an old version', (s: Spec) => (s.areas[2].action = { type: 'postback', data: 'v=0&a=complaints.start' }), 'citizen-main.yaml: area "complaint" (#3): action.data: data "v=0&a=complaints.start" has an old version (the bot would answer "button expired")'],
    ['unregistered postback action', (s: Spec) => (s.areas[2].action = { type: 'postback', data: 'v=1&a=complaints.fly' }), 'citizen-main.yaml: area "complaint" (#3): action.data: postback action "complaints.fly" is not registered by any feature'],
    ['postback fields its handler refuses', (s: Spec) => (s.areas[2].action = { type: 'postback', data: 'v=1&a=content.manual&s=NOT VALID' }), 'citizen-main.yaml: area "complaint" (#3): action.data: data "v=1&a=content.manual&s=NOT VALID" has fields the "content.manual" handler refuses (the bot would answer "button expired")'],
    ['a tab switch whose data the codec cannot read', (s: Spec) => (s.areas[1].action = { type: 'richmenuswitch', richMenuAliasId: 'citizen-more', data: 'to=citizen-more' }), 'citizen-main.yaml: area "tab-more" (#2): action.data: data "to=citizen-more" is not postback data the bot can read'],
    ['a tab switch whose fields the tab handler refuses', (s: Spec) => (s.areas[1].action = { type: 'richmenuswitch', richMenuAliasId: 'citizen-more', data: `v=1&a=menus.tab&to=${'x'.repeat(33)}` }), `citizen-main.yaml: area "tab-more" (#2): action.data: data "v=1&a=menus.tab&to=${'x'.repeat(33)}" has fields the "menus.tab" handler refuses`],
    ['a date picker with an unregistered action', (s: Spec) => (s.areas[2].action = { type: 'datetimepicker', data: 'v=1&a=complaints.fly', mode: 'date' }), 'citizen-main.yaml: area "complaint" (#3): action.data: postback action "complaints.fly" is not registered by any feature'],
    ['a date picker with fields its handler refuses', (s: Spec) => (s.areas[2].action = { type: 'datetimepicker', data: 'v=1&a=content.manual', mode: 'date' }), 'citizen-main.yaml: area "complaint" (#3): action.data: data "v=1&a=content.manual" has fields the "content.manual" handler refuses'],
    ['switch to an unknown alias', (s: Spec) => (s.areas[1].action = { type: 'richmenuswitch', richMenuAliasId: 'citizen-extra', data: 'v=1&a=menus.tab' }), 'citizen-main.yaml: area "tab-more" (#2): action.richMenuAliasId: no menu spec has alias "citizen-extra"'],
    ['unknown icon', (s: Spec) => (s.areas[2].icon = 'rocket'), 'citizen-main.yaml: area "complaint" (#3): icon: icon must be one of'],
    ['unknown field', (s: Spec) => (s.colour = 'red'), 'citizen-main.yaml: spec: Unrecognized key: "colour"'],
  ])('when a spec has %s, then the problem names the file, the area and the rule', (_name, edit, expected) => {
    const problems = problemsWith(edit);
    expect(problems.some((p) => p.startsWith(expected))).toBe(true);
    if (!problems.some((p) => p.startsWith(expected))) throw new Error(problems.join('\n'));
  });

  it('when a spec has 21 areas, then it is refused', () => {
    const problems = problemsWith((s) => {
      s.areas = Array.from({ length: 21 }, (_, i) => ({ id: `a${i}`, label: 'ภาษา', bounds: { x: i * 100, y: 300, width: 100, height: 100 }, action: { type: 'message', text: 'ภาษา' } }));
    });
    expect(problems).toContain('citizen-main.yaml: areas: 21 areas, at most 20 are allowed');
  });

  it('when two specs share an alias, then the second is refused', () => {
    const problems = problemsWith((s) => {
      s.alias = 'citizen-more';
    });
    expect(problems).toContain('citizen-more.yaml: alias: alias "citizen-more" is used by another spec');
  });

  it('when two specs are both the default, then the second is refused naming the first', () => {
    const more = path.join(dir, 'citizen-more.yaml');
    fs.writeFileSync(more, fs.readFileSync(more, 'utf8').replace('selected: true', 'selected: true\ndefault: true'));
    expect(problemsWith(() => undefined)).toEqual(['citizen-more.yaml: default: only one menu can be the default (also citizen-main)']);
  });

  it('when the specs folder does not exist, then loading says so in one line, as a validation problem', async () => {
    const missing = path.join(dir, 'no-such-folder');
    const error = await loadDesiredMenus(router, missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MenuValidationError);
    expect((error as MenuValidationError).problems).toEqual([`${missing}: no such folder of menu specs`]);
  });

  it('when a designer image has the wrong size, then loading refuses it before anything is sent', async () => {
    const sharp = (await import('sharp')).default;
    await sharp({ create: { width: 1200, height: 810, channels: 3, background: '#0B6E4F' } }).png().toFile(path.join(dir, 'main.png'));
    problemsWith(() => undefined);
    const file = path.join(dir, 'citizen-main.yaml');
    fs.writeFileSync(file, `${fs.readFileSync(file, 'utf8')}image: main.png\n`);
    const error = await loadDesiredMenus(router, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MenuValidationError);
    expect((error as MenuValidationError).problems).toEqual(['citizen-main.yaml: image.size: image is 1200x810, the spec says 2500x1686']);
  });

  it('when a designer image is over 1 MB, then loading refuses it naming its size', async () => {
    const sharp = (await import('sharp')).default;
    const noisy = await sharp({ create: { width: 2500, height: 1686, channels: 3, background: '#000000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer();
    fs.writeFileSync(path.join(dir, 'main.png'), noisy);
    problemsWith(() => undefined);
    const file = path.join(dir, 'citizen-main.yaml');
    fs.writeFileSync(file, `${fs.readFileSync(file, 'utf8')}image: main.png\n`);
    const error = await loadDesiredMenus(router, dir).catch((e: unknown) => e);
    expect((error as MenuValidationError).problems).toEqual([`citizen-main.yaml: image.bytes: image is ${noisy.length} bytes, at most 1 MB (1048576 bytes) is allowed`]);
  });
});

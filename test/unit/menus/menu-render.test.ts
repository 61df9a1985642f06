import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { loadConfig } from '../../../src/config';
import { features } from '../../../src/features';
import { renderMenusTo } from '../../../src/features/menus/menu-desired';
import { buildMenuSvg, layoutButton, menuTextSizes } from '../../../src/features/menus/menu-render';
import { LINE_ASCENT, LINE_DESCENT, textWidth } from '../../../src/features/menus/menu-text';
import { readMenuSpecs, type MenuSpec } from '../../../src/features/menus/menu-spec';
import { validateMenuSpecs } from '../../../src/features/menus/menu-validate';
import { createRuntime } from '../../../src/runtime';
import { stubRouter } from './stub-router';

describe('menu images', () => {
  it('when the specs are rendered, then each PNG has the exact size, is under 1 MB and the files are written for review', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'menus-out-'));
    try {
      const written = await renderMenusTo(stubRouter(), out);
      expect(written.map((w) => path.basename(w.path))).toEqual(['citizen-main.png', 'citizen-more.png', 'officer-main.png']);
      for (const w of written) {
        const meta = await sharp(fs.readFileSync(w.path)).metadata();
        expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format: 'png', width: 2500, height: 1686 });
        expect(w.bytes).toBeLessThanOrEqual(1024 * 1024);
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('when a menu is drawn, then every area label is in the SVG in the Thai font', () => {
    const spec = readMenuSpecs()[0].spec as MenuSpec;
    const svg = buildMenuSvg(spec);
    // SARA AM is drawn decomposed (see shapeThai in menu-render.ts).
    for (const area of spec.areas) expect(svg).toContain(`>${area.label.replace(/\u0E33/g, '\u0E4D\u0E32')}</text>`);
    expect(svg).toContain('font-family="TH Sarabun New"');
  });

  it('when the shipped menus are laid out, then every label and caption, measured in the font, stays clear of its button edges and of each other', () => {
    for (const { file, spec } of readMenuSpecs()) {
      const sizes = menuTextSizes(spec as MenuSpec);
      for (const area of (spec as MenuSpec).areas.filter((a) => a.style === 'button')) {
        const where = `${path.basename(file)} ${area.id}`;
        const { inner, label, caption } = layoutButton(area, sizes);
        const margin = inner.w * 0.05;
        expect({ where, labelFits: textWidth(area.label, 'bold', label.size) <= inner.w - 2 * margin }).toEqual({ where, labelFits: true });
        expect({ where, labelTop: label.baseline - LINE_ASCENT * label.size >= inner.y }).toEqual({ where, labelTop: true });
        if (!area.caption || !caption) continue;
        expect({ where, captionFits: textWidth(area.caption, 'normal', caption.size) <= inner.w - 2 * margin }).toEqual({ where, captionFits: true });
        expect({ where, gap: caption.baseline - LINE_ASCENT * caption.size - (label.baseline + LINE_DESCENT * label.size) > 0 }).toEqual({ where, gap: true });
        expect({ where, inside: caption.baseline + LINE_DESCENT * caption.size <= inner.y + inner.h }).toEqual({ where, inside: true });
      }
      expect(sizes.caption).toBeGreaterThanOrEqual(sizes.label * 0.5);
    }
  });

  it('when a label is long, then the whole menu uses the smaller size that fits it, not a label over the edges', () => {
    const spec = readMenuSpecs()[1].spec as MenuSpec;
    const longer = { ...spec, areas: spec.areas.map((a) => (a.id === 'manuals' ? { ...a, label: 'คู่มือประชาชนทุกงานบริการ' } : a)) };
    const [before, after] = [menuTextSizes(spec), menuTextSizes(longer)];
    expect(after.label).toBeLessThan(before.label);
    const manuals = longer.areas.find((a) => a.id === 'manuals') as MenuSpec['areas'][number];
    expect(textWidth(manuals.label, 'bold', after.label)).toBeLessThanOrEqual(layoutButton(manuals, after).inner.w * 0.9);
  });
});

describe('menus against the real bot', () => {
  it('when the shipped specs are checked against every feature, then the bot understands every button', () => {
    const { router } = createRuntime(loadConfig({ NODE_ENV: 'test' }), features);
    expect(validateMenuSpecs(readMenuSpecs(), router)).toEqual([]);
  });

  it("when a button's postback fields break its handler's schema, then the real router makes validation refuse it", () => {
    const { router } = createRuntime(loadConfig({ NODE_ENV: 'test' }), features);
    const files = readMenuSpecs();
    const main = files[0].spec as MenuSpec;
    const withData = (data: string) => [{ ...files[0], spec: { ...main, areas: main.areas.map((a) => (a.id === 'complaint' ? { ...a, action: { type: 'postback' as const, data } } : a)) } }, ...files.slice(1)];
    expect(validateMenuSpecs(withData('v=1&a=content.manual&s=civil-registration'), router)).toEqual([]);
    expect(validateMenuSpecs(withData('v=1&a=content.manual&s=NOT VALID'), router)).toEqual([
      'citizen-main.yaml: area "complaint" (#3): action.data: data "v=1&a=content.manual&s=NOT VALID" has fields the "content.manual" handler refuses (the bot would answer "button expired")',
    ]);
  });
});

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RichMenuRequest } from '../../line/types';
import { imageProblems, loadSuppliedImage, renderMenuImage, type MenuImage } from './menu-render';
import { DEFAULT_SPECS_DIR, MenuValidationError, readMenuSpecs, type MenuSpec } from './menu-spec';

export { MenuValidationError } from './menu-spec';
import { validateMenuSpecs, type MenuRouter } from './menu-validate';

/** A menu as it should be at LINE: the spec, the LINE object, the image and their content hash. */
export interface DesiredMenu {
  alias: string;
  file: string;
  spec: MenuSpec;
  request: RichMenuRequest;
  image: MenuImage;
  /** sha256 of the LINE object (without its name) and of the image bytes. */
  hash: string;
}

/** JSON with keys sorted at every level, so equal content always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The object LINE receives for a spec (the name is completed with the hash by the caller). */
export function toRichMenuRequest(spec: MenuSpec): RichMenuRequest {
  return {
    size: { width: spec.size.width, height: spec.size.height },
    selected: spec.selected,
    name: spec.name,
    chatBarText: spec.chatBarText,
    areas: spec.areas.map((area) => ({
      bounds: { ...area.bounds },
      action: { ...area.action, label: area.label } as NonNullable<RichMenuRequest['areas']>[number]['action'],
    })),
  };
}

/**
 * Reads, validates (every rule, the bot's own router included) and renders the menus of a
 * specs folder. Throws MenuValidationError listing all problems; nothing is sent anywhere.
 */
export async function loadDesiredMenus(router: MenuRouter, specsDir: string = DEFAULT_SPECS_DIR): Promise<DesiredMenu[]> {
  const files = readMenuSpecs(specsDir);
  if (files.length === 0) throw new MenuValidationError([`no menu spec (*.yaml) in ${specsDir}`]);
  const problems = validateMenuSpecs(files, router);
  const menus: DesiredMenu[] = [];
  for (const f of files) {
    if (!f.spec) continue;
    const spec = f.spec;
    let image: MenuImage | undefined;
    if (spec.image) {
      const supplied = await loadSuppliedImage(f.file, f.dir, { ...spec, image: spec.image });
      problems.push(...supplied.problems);
      image = supplied.image;
    } else {
      image = await renderMenuImage(spec);
      problems.push(...imageProblems(f.file, spec, image));
    }
    if (!image) continue;
    const request = toRichMenuRequest(spec);
    const hash = sha256(`${canonical(request)}\n${sha256(image.data)}`);
    request.name = `${spec.name} ${hash.slice(0, 12)}`;
    menus.push({ alias: spec.alias, file: f.file, spec, request, image, hash });
  }
  if (problems.length > 0) throw new MenuValidationError(problems);
  return menus;
}

/** Writes each menu's image to the folder for review; returns the paths written. */
export async function renderMenusTo(router: MenuRouter, outDir: string, specsDir: string = DEFAULT_SPECS_DIR): Promise<{ alias: string; path: string; bytes: number; width: number; height: number }[]> {
  const menus = await loadDesiredMenus(router, specsDir);
  fs.mkdirSync(outDir, { recursive: true });
  return menus.map((m) => {
    const out = path.join(outDir, `${m.alias}.${m.image.contentType === 'image/png' ? 'png' : 'jpg'}`);
    fs.writeFileSync(out, m.image.data);
    return { alias: m.alias, path: out, bytes: m.image.data.length, width: m.image.width, height: m.image.height };
  });
}

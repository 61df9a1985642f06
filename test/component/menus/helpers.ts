import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useTestBot } from '../../support/bot';
import { DEFAULT_SPECS_DIR } from '../../../src/features/menus/menu-spec';
import { OfficerModel } from '../../../src/features/officers/officer.model';
import { stubRouter } from '../../unit/menus/stub-router';

/** LINE's state as apply reads it first: its menus, then its aliases. */
export const READ_LINE = ['GET /v2/bot/richmenu/list', 'GET /v2/bot/richmenu/alias/list'];

/**
 * A test bot with no features (the menus are validated by a stub router), a copy of the shipped
 * specs per test, and helpers to edit them and read the LINE calls made.
 */
export function useMenusBot() {
  const bot = useTestBot({ features: [], clockAt: '2026-11-21T03:00:00Z' });
  const router = stubRouter();
  let specsDir = '';
  beforeEach(() => {
    specsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'menus-'));
    fs.cpSync(DEFAULT_SPECS_DIR, specsDir, { recursive: true });
  });
  afterEach(() => fs.rmSync(specsDir, { recursive: true, force: true }));

  return {
    bot,
    options: () => ({ router, actor: 'somchai', specsDir }),
    specsDir: () => specsDir,
    /** Every LINE call since the last clearCalls(), as "METHOD path". */
    calls: () => bot.line.calls.map((c) => `${c.method} ${c.path}`),
    editSpec(file: string, from: RegExp | string, to: string): void {
      const p = path.join(specsDir, file);
      const text = fs.readFileSync(p, 'utf8');
      if (!(typeof from === 'string' ? text.includes(from) : from.test(text))) throw new Error(`"${String(from)}" not in ${file}`);
      fs.writeFileSync(p, text.replace(from, to));
    },
    async addOfficers(n: number, prefix = 'U_officer_'): Promise<string[]> {
      const ids = Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);
      await OfficerModel.insertMany(ids.map((lineUserId) => ({ lineUserId, name: 'เจ้าหน้าที่', departmentCode: 'clerk', roles: ['officer'], registeredAt: new Date() })));
      return ids;
    },
  };
}

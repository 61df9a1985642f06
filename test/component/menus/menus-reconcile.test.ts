import fs from 'node:fs';
import path from 'node:path';
import { LineClient, lineClient } from '../../../src/line/line-client';
import { MenuDeploymentModel, MenuVersionModel } from '../../../src/features/menus/menu-deploy.model';
import { applyMenus } from '../../../src/features/menus/menus-deploy.service';
import { readLive } from '../../../src/features/menus/menus-live';
import { planMenus } from '../../../src/features/menus/menus-plan';
import { READ_LINE, useMenusBot } from './helpers';

const { bot, options, calls, specsDir, addOfficers } = useMenusBot();
const withLine = () => ({ ...options(), line: lineClient() as LineClient });

describe('menus deploy against what LINE really has', () => {
  it('when the fake LINE forgets everything (a local server restart) but MongoDB keeps its record, then plan sees it and apply deploys and links again', async () => {
    const officers = await addOfficers(2);
    const first = await applyMenus(options());
    bot.line.reset();

    const plan = await planMenus(withLine());
    expect(calls()).toEqual(READ_LINE);
    expect(plan.menus.map((m) => [m.alias, m.action, 'why' in m ? m.why : undefined])).toEqual([
      ['citizen-main', 'create', 'the live menu is missing at LINE'],
      ['citizen-more', 'create', 'the live menu is missing at LINE'],
      ['officer-main', 'create', 'the live menu is missing at LINE'],
    ]);
    expect(plan.gone.map((g) => g.richMenuId)).toEqual(first.created.map((c) => c.richMenuId));
    expect(plan).toMatchObject({ setDefault: 'citizen-main', officers: { link: officers, unlink: [] }, lineChecked: true, changes: true });

    const again = await applyMenus(options());
    const [main, , officer] = again.created.map((c) => c.richMenuId);
    expect(bot.line.aliases.get('citizen-main')).toBe(main);
    expect(bot.line.defaultRichMenuId).toBe(main);
    expect(officers.map((id) => bot.line.userMenus.get(id))).toEqual([officer, officer]);
    expect(await MenuVersionModel.countDocuments({ deletedAt: { $exists: true } })).toBe(3);
    expect(bot.line.callsOf('richmenu.delete')).toEqual([]);

    bot.clearCalls();
    expect((await applyMenus(options())).changes).toBe(false);
    expect(calls()).toEqual(READ_LINE);
  });

  it('when a menu was deleted in the OA Manager, then apply creates that one again, and only that one', async () => {
    await applyMenus(options());
    const more = bot.line.aliases.get('citizen-more') as string;
    bot.line.richMenus.delete(more);
    bot.line.aliases.delete('citizen-more');
    bot.clearCalls();
    const result = await applyMenus(options());
    const created = result.created[0].richMenuId;
    expect(result.menus.map((m) => m.action)).toEqual(['unchanged', 'create', 'unchanged']);
    expect(calls()).toEqual([...READ_LINE, 'POST /v2/bot/richmenu/validate', 'POST /v2/bot/richmenu', `POST /v2/bot/richmenu/${created}/content`, 'POST /v2/bot/richmenu/alias']);
    expect(bot.line.aliases.get('citizen-more')).toBe(created);
    expect(await MenuVersionModel.findOne({ richMenuId: more }).lean()).toHaveProperty('deletedAt');
  });

  it('when an alias at LINE was pointed elsewhere by hand, then apply points it back without creating anything', async () => {
    await applyMenus(options());
    const [main, more] = [bot.line.aliases.get('citizen-main'), bot.line.aliases.get('citizen-more')];
    bot.line.aliases.set('citizen-more', main as string);
    bot.clearCalls();
    const plan = await planMenus(withLine());
    expect(plan.menus[1]).toEqual({ alias: 'citizen-more', action: 'repoint', hash: expect.any(String), liveHash: expect.any(String), richMenuId: more, why: 'the alias at LINE points elsewhere' });
    bot.clearCalls();
    await applyMenus(options());
    expect(calls()).toEqual([...READ_LINE, 'POST /v2/bot/richmenu/alias/citizen-more']);
    expect(bot.line.aliases.get('citizen-more')).toBe(more);
  });

  it('when a spec file is removed, then plan shows its removal and apply deletes only its alias, keeps its versions and unlinks the officers it served', async () => {
    const officers = await addOfficers(2);
    await applyMenus(options());
    const officerMenu = bot.line.aliases.get('officer-main') as string;
    fs.rmSync(path.join(specsDir(), 'officer-main.yaml'));
    bot.clearCalls();
    const plan = await planMenus(withLine());
    expect(plan.menus.map((m) => [m.alias, m.action])).toEqual([
      ['citizen-main', 'unchanged'],
      ['citizen-more', 'unchanged'],
      ['officer-main', 'remove'],
    ]);
    expect(plan.officers).toEqual({ link: [], unlink: officers });
    bot.clearCalls();
    await applyMenus(options());
    expect(calls()).toEqual([...READ_LINE, 'DELETE /v2/bot/richmenu/alias/officer-main', ...officers.map((id) => `DELETE /v2/bot/user/${id}/richmenu`)]);
    expect(bot.line.richMenus.has(officerMenu)).toBe(true);
    expect(await MenuVersionModel.findOne({ richMenuId: officerMenu }).lean()).not.toHaveProperty('deletedAt');
    expect((await readLive()).aliases.map((a) => a.alias)).toEqual(['citizen-main', 'citizen-more']);
    expect(await MenuDeploymentModel.findOne().sort({ _id: -1 }).lean()).toMatchObject({ removed: [{ alias: 'officer-main', richMenuId: officerMenu }], officersUnlinked: 2 });
    bot.clearCalls();
    expect((await applyMenus(options())).changes).toBe(false);
  });
});

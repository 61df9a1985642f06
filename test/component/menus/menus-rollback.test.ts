import { MenuDeploymentModel } from '../../../src/features/menus/menu-deploy.model';
import { applyMenus } from '../../../src/features/menus/menus-deploy.service';
import { planMenus } from '../../../src/features/menus/menus-plan';
import { rollbackMenus } from '../../../src/features/menus/menus-rollback.service';
import { READ_LINE, useMenusBot } from './helpers';

const { bot, options, calls, editSpec, addOfficers } = useMenusBot();
const live = (alias: string) => bot.line.aliases.get(alias) as string;

/** Applies the citizen-main spec with this chat bar text; returns the menu now live. */
async function deployMain(chatBarText: string): Promise<string> {
  editSpec('citizen-main.yaml', /chatBarText: .*/, `chatBarText: ${chatBarText}`);
  await applyMenus(options());
  return live('citizen-main');
}

describe('menus rollback', () => {
  it('when rolled back, then the alias and the default point at the previous version; apply then reuses the newer one without creating', async () => {
    await applyMenus(options());
    const v1 = live('citizen-main');
    const v2 = await deployMain('แตะเพื่อเลือก');
    bot.clearCalls();

    const result = await rollbackMenus({ actor: 'somchai' });
    expect(result.repointed).toEqual([{ alias: 'citizen-main', from: v2, to: v1, seq: 1 }]);
    expect(calls()).toEqual([...READ_LINE, 'POST /v2/bot/richmenu/alias/citizen-main', `POST /v2/bot/user/all/richmenu/${v1}`]);
    expect([live('citizen-main'), bot.line.defaultRichMenuId]).toEqual([v1, v1]);
    expect(await MenuDeploymentModel.findOne({ kind: 'rollback' }).lean()).toMatchObject({ by: 'somchai', status: 'ok', creations: 0 });

    bot.clearCalls();
    const plan = await planMenus(options());
    expect(plan.menus[0]).toMatchObject({ alias: 'citizen-main', action: 'repoint', richMenuId: v2 });
    await applyMenus(options());
    expect(calls()).toEqual([...READ_LINE, 'POST /v2/bot/richmenu/alias/citizen-main', `POST /v2/bot/user/all/richmenu/${v2}`]);
  });

  it('when a bad v2 was rolled back and v3 deployed, then the next rollback returns to v1 (live before v3), never to the bad v2', async () => {
    await applyMenus(options());
    const v1 = live('citizen-main');
    const v2 = await deployMain('เมนูผิด');
    await rollbackMenus({ actor: 'somchai' });
    const v3 = await deployMain('เมนูใหม่');
    expect(new Set([v1, v2, v3]).size).toBe(3);

    const result = await rollbackMenus({ actor: 'somchai' });
    expect(result.repointed).toEqual([{ alias: 'citizen-main', from: v3, to: v1, seq: 1 }]);
    expect(live('citizen-main')).toBe(v1);
    // Nothing was live before v1: one more step back is refused.
    await expect(rollbackMenus({ actor: 'somchai', alias: 'citizen-main' })).rejects.toThrow('citizen-main: no earlier version is kept');
  });

  it('when the officers’ menu is rolled back, then LINE gets exactly the alias repointed and every active officer relinked', async () => {
    const officers = await addOfficers(3);
    await applyMenus(options());
    const v1 = live('officer-main');
    editSpec('officer-main.yaml', 'chatBarText: งานเจ้าหน้าที่', 'chatBarText: งานของท่าน');
    await applyMenus(options());
    const v2 = live('officer-main');
    expect(officers.map((id) => bot.line.userMenus.get(id))).toEqual([v2, v2, v2]);
    bot.clearCalls();

    const result = await rollbackMenus({ actor: 'somchai' });
    expect(result).toEqual({ repointed: [{ alias: 'officer-main', from: v2, to: v1, seq: 1 }], officersLinked: 3 });
    expect(calls()).toEqual([...READ_LINE, 'POST /v2/bot/richmenu/alias/officer-main', 'POST /v2/bot/richmenu/bulk/link']);
    expect(bot.line.calls.map((c) => c.body)[3]).toEqual({ richMenuId: v1, userIds: officers });
    expect(officers.map((id) => bot.line.userMenus.get(id))).toEqual([v1, v1, v1]);
  });

  it('when nothing was deployed, then rollback refuses with a clear message', async () => {
    await expect(rollbackMenus({ actor: 'somchai' })).rejects.toThrow('nothing to roll back');
    await applyMenus(options());
    await expect(rollbackMenus({ actor: 'somchai', alias: 'citizen-more' })).rejects.toThrow('citizen-more: no earlier version is kept');
  });
});

import { MenuDeploymentModel, MenuVersionModel } from '../../../src/features/menus/menu-deploy.model';
import { applyMenus } from '../../../src/features/menus/menus-deploy.service';
import { MenuDeployError } from '../../../src/features/menus/menus-live';
import { planMenus } from '../../../src/features/menus/menus-plan';
import { listMenus } from '../../../src/features/menus/menus-rollback.service';
import { OfficerModel } from '../../../src/features/officers/officer.model';
import { clock } from '../../../src/shared/clock';
import { READ_LINE, useMenusBot } from './helpers';

const { bot, options, calls, editSpec, addOfficers } = useMenusBot();

describe('menus deploy', () => {
  it('when nothing is deployed, then plan lists three creations, the default and the officers, and calls LINE not at all', async () => {
    await addOfficers(2);
    const plan = await planMenus(options());
    expect(plan.menus.map((m) => [m.alias, m.action])).toEqual([
      ['citizen-main', 'create'],
      ['citizen-more', 'create'],
      ['officer-main', 'create'],
    ]);
    expect(plan.setDefault).toBe('citizen-main');
    expect(plan.officers).toEqual({ alias: 'officer-main', link: ['U_officer_0000', 'U_officer_0001'], unlink: [] });
    expect(plan).toMatchObject({ creationsNeeded: 3, deletionsNeeded: 0, lineChecked: false });
    expect(calls()).toEqual([]);
  });

  it('when applied, then LINE gets exactly its state read, validate, create, image, aliases, default and officer links; a second apply only reads', async () => {
    const officers = await addOfficers(2);
    const result = await applyMenus(options());
    const [main, more, officer] = result.created.map((c) => c.richMenuId);
    expect(calls()).toEqual([
      ...READ_LINE,
      'POST /v2/bot/richmenu/validate',
      'POST /v2/bot/richmenu/validate',
      'POST /v2/bot/richmenu/validate',
      'POST /v2/bot/richmenu',
      `POST /v2/bot/richmenu/${main}/content`,
      'POST /v2/bot/richmenu',
      `POST /v2/bot/richmenu/${more}/content`,
      'POST /v2/bot/richmenu',
      `POST /v2/bot/richmenu/${officer}/content`,
      'POST /v2/bot/richmenu/alias',
      'POST /v2/bot/richmenu/alias',
      'POST /v2/bot/richmenu/alias',
      `POST /v2/bot/user/all/richmenu/${main}`,
      'POST /v2/bot/richmenu/bulk/link',
    ]);
    expect(bot.line.aliases).toEqual(new Map([['citizen-main', main], ['citizen-more', more], ['officer-main', officer]]));
    expect(bot.line.defaultRichMenuId).toBe(main);
    expect(bot.line.userMenus.get(officers[0])).toBe(officer);
    const created = bot.line.richMenus.get(main)?.menu as { chatBarText: string; areas: { action: { type: string; text?: string } }[] };
    expect(created.chatBarText).toBe('เมนูบริการ');
    expect(created.areas[2].action).toMatchObject({ type: 'message', text: 'แจ้งเรื่อง', label: 'แจ้งเรื่องร้องเรียน' });
    expect(bot.line.richMenus.get(main)?.image?.contentType).toBe('image/png');
    const deployment = await MenuDeploymentModel.findOne().lean();
    expect(deployment).toMatchObject({ by: 'somchai', kind: 'apply', status: 'ok', creations: 3, deletions: 0, officersLinked: 2, at: new Date('2026-11-21T03:00:00Z') });

    bot.clearCalls();
    const again = await applyMenus(options());
    expect(again.changes).toBe(false);
    expect(calls()).toEqual(READ_LINE);
    expect(await MenuDeploymentModel.countDocuments()).toBe(1);
    expect((await planMenus({ ...options(), line: undefined })).menus.every((m) => m.action === 'unchanged')).toBe(true);
  });

  it('when one spec changes, then only that menu is created, its alias repointed and the default moved', async () => {
    await applyMenus(options());
    const before = bot.line.aliases.get('citizen-main');
    editSpec('citizen-main.yaml', 'caption: ถนน ไฟฟ้า ขยะ น้ำ', 'caption: ถนน ไฟฟ้า ขยะ');
    bot.clearCalls();
    const plan = await planMenus(options());
    expect(plan.menus.map((m) => m.action)).toEqual(['create', 'unchanged', 'unchanged']);
    const result = await applyMenus(options());
    const main = result.created[0].richMenuId;
    expect(calls()).toEqual([...READ_LINE, 'POST /v2/bot/richmenu/validate', 'POST /v2/bot/richmenu', `POST /v2/bot/richmenu/${main}/content`, 'POST /v2/bot/richmenu/alias/citizen-main', `POST /v2/bot/user/all/richmenu/${main}`]);
    expect(bot.line.aliases.get('citizen-main')).toBe(main);
    expect(bot.line.richMenus.has(before as string)).toBe(true);
  });

  it('when officers join or leave, then apply links the new ones and unlinks the revoked ones only', async () => {
    const [first, second] = await addOfficers(2);
    await applyMenus(options());
    const officerMenu = bot.line.aliases.get('officer-main');
    await OfficerModel.updateOne({ lineUserId: second }, { $set: { active: false } });
    const [third] = await addOfficers(1, 'U_new_');
    bot.clearCalls();
    await applyMenus(options());
    expect(calls()).toEqual([...READ_LINE, 'POST /v2/bot/richmenu/bulk/link', `DELETE /v2/bot/user/${second}/richmenu`]);
    expect(bot.line.calls[2].body).toEqual({ richMenuId: officerMenu, userIds: [third] });
    expect(bot.line.userMenus.get(first)).toBe(officerMenu);
    expect(bot.line.userMenus.has(second)).toBe(false);
  });

  it('when there are 1,001 officers, then they are linked in batches of 500', async () => {
    await addOfficers(1001);
    await applyMenus(options());
    const links = bot.line.callsOf('richmenu.bulkLink').map((c) => (c.body as { userIds: string[] }).userIds.length);
    expect(links).toEqual([500, 500, 1]);
  });

  it('when a fourth version is applied, then the oldest is deleted, three are kept and the deletion is counted', async () => {
    await applyMenus(options());
    const first = bot.line.aliases.get('citizen-main') as string;
    for (const text of ['เมนู 2', 'เมนู 3', 'เมนู 4']) {
      editSpec('citizen-main.yaml', /chatBarText: .*/, `chatBarText: ${text}`);
      await applyMenus(options());
    }
    expect(bot.line.callsOf('richmenu.delete').map((c) => c.path)).toEqual([`/v2/bot/richmenu/${first}`]);
    expect(bot.line.richMenus.has(first)).toBe(false);
    expect(await MenuVersionModel.countDocuments({ alias: 'citizen-main', deletedAt: { $exists: false } })).toBe(3);
    expect(await MenuDeploymentModel.findOne().sort({ _id: -1 }).lean()).toMatchObject({ creations: 1, deletions: 1, deleted: [{ alias: 'citizen-main', richMenuId: first }] });
    const listing = await listMenus();
    expect(listing.live.find((l) => l.alias === 'citizen-main')).toMatchObject({ seq: 4, createdBy: 'somchai', atLine: bot.line.aliases.get('citizen-main') });
  });

  it('when the hour already saw 99 creations, then apply refuses before changing anything at LINE', async () => {
    await MenuDeploymentModel.create({ at: new Date('2026-11-21T02:30:00Z'), by: 'other', kind: 'apply', status: 'ok', creations: 99 });
    await MenuDeploymentModel.create({ at: new Date('2026-11-21T01:30:00Z'), by: 'other', kind: 'apply', status: 'ok', creations: 50 });
    await expect(applyMenus(options())).rejects.toThrow(MenuDeployError);
    await expect(applyMenus(options())).rejects.toThrow('99 were made in the last hour and this apply needs 3');
    expect(calls()).toEqual([...READ_LINE, ...READ_LINE]);
    clock.advance(31 * 60 * 1000);
    await applyMenus(options());
    expect(bot.line.callsOf('richmenu.create')).toHaveLength(3);
  });

  it('when the hour already saw 100 deletions and apply would delete an old version, then it refuses before changing anything', async () => {
    await applyMenus(options());
    for (const text of ['เมนู 2', 'เมนู 3']) {
      editSpec('citizen-main.yaml', /chatBarText: .*/, `chatBarText: ${text}`);
      await applyMenus(options());
    }
    await MenuDeploymentModel.create({ at: new Date('2026-11-21T02:30:00Z'), by: 'other', kind: 'apply', status: 'ok', creations: 0, deleted: Array.from({ length: 100 }, (_, i) => ({ alias: 'x', richMenuId: `r${i}` })) });
    editSpec('citizen-main.yaml', /chatBarText: .*/, 'chatBarText: เมนู 4');
    bot.clearCalls();
    const plan = await planMenus(options());
    expect(plan).toMatchObject({ creationsNeeded: 1, deletionsNeeded: 1, lastHour: { creations: 5, deletions: 100 } });
    await expect(applyMenus(options())).rejects.toThrow('LINE allows 100 rich menu deletions per hour: 100 were made in the last hour and this apply needs 1');
    expect(calls()).toEqual(READ_LINE);
  });

  it('when LINE fails to take an image, then the menu is deleted again, the failure recorded, and a rerun completes', async () => {
    bot.line.failNext('richmenu.image', 500, 'server error');
    await expect(applyMenus(options())).rejects.toThrow('setRichMenuImage');
    expect(bot.line.richMenus.size).toBe(0);
    expect(await MenuDeploymentModel.findOne().lean()).toMatchObject({ status: 'failed', creations: 1, deletions: 1 });
    await applyMenus(options());
    expect(bot.line.aliases.size).toBe(3);
    expect(await MenuDeploymentModel.countDocuments({ status: 'ok' })).toBe(1);
  });
});

import { deployMenus, describeE2E, shot, SimPhone, useSimulatorPage } from './harness';

describeE2E('E2E: first contact in the simulator (follow, help, language)', () => {
  const simulator = useSimulatorPage();

  it('when a citizen adds the OA, asks for help and switches to English, then each answer appears in that chat only', async () => {
    const { page } = simulator;
    const citizen = new SimPhone(page, 'citizen1');
    const other = new SimPhone(page, 'citizen2');

    await citizen.follow();
    const welcome = await citizen.expectBot('ยินดีต้อนรับ');
    // The welcome is a Flex bubble with its buttons drawn as buttons.
    expect(await welcome.locator('.flex-bubble').count()).toBe(1);
    expect(await welcome.locator('.flex-button').count()).toBeGreaterThan(0);
    await shot(page, '01-follow-welcome');

    await citizen.say('ช่วยเหลือ');
    await citizen.expectBot('ท่านต้องการใช้บริการใด');
    expect(await citizen.root.locator('.chat .msg.user').filter({ hasText: 'ช่วยเหลือ' }).count()).toBe(1);

    await citizen.say('ภาษา');
    await citizen.expectBot('กรุณาเลือกภาษาที่ต้องการ');
    await citizen.quick('English');
    await citizen.expectBot('Language changed to English.');
    // The quick reply is gone once used, and the postback's displayText shows as the user's message.
    expect(await citizen.root.locator('.quick-replies button').count()).toBe(0);
    expect(await citizen.root.locator('.chat .msg.user').filter({ hasText: 'English' }).count()).toBe(1);
    await shot(page, '02-help-language');

    expect(await other.botTexts()).toEqual([]);
  }, 60_000);

  it('when no rich menu is deployed, then the main commands are offered as buttons that send the command', async () => {
    const { page } = simulator;
    const citizen = new SimPhone(page, 'citizen2');
    const commands = citizen.root.locator('.richmenu .commands button');
    expect(await commands.count()).toBeGreaterThan(3);
    await citizen.markNow();
    await commands.filter({ hasText: 'ช่วยเหลือ' }).click();
    await citizen.expectBot('ท่านต้องการใช้บริการใด');
  }, 30_000);

  it('when the rich menus are deployed with `npm run menus -- apply`, then the page shows them, tab switches work and areas send their commands', async () => {
    const { app, page } = simulator;
    expect(await deployMenus(app)).toContain('citizen-main');
    const citizen = new SimPhone(page, 'citizen2');
    const area = (title: string) => citizen.root.locator(`.richmenu .area[title="${title}"]`);
    await area('แจ้งเรื่องร้องเรียน').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await citizen.root.locator('.menu-toggle').innerText()).toContain('เมนูบริการ');

    // A tab switch is a richmenuswitch: the menu changes at once and only for this user.
    const neighbour = new SimPhone(page, 'citizen1');
    await neighbour.root.locator('.richmenu .area[title="แจ้งเรื่องร้องเรียน"]').waitFor({ state: 'attached', timeout: 10_000 });
    const mainMenuId = await neighbour.root.locator('.richmenu').getAttribute('data-rich-menu-id');
    await area('เพิ่มเติม').click();
    await area('ภาษา / Language').waitFor({ state: 'visible', timeout: 10_000 });
    // What the page draws for citizen1 next: the menu LINE has for them, asked directly.
    const neighbourMenu = (await (await fetch(`${app.base}/simulator/api/users/citizen1/messages?after=0`)).json()) as { menu?: { richMenuId: string } };
    expect(neighbourMenu.menu?.richMenuId).toBe(mainMenuId);
    await shot(page, '03-richmenu-tab');
    await citizen.markNow();
    await area('ภาษา / Language').click();
    await citizen.expectBot('กรุณาเลือกภาษาที่ต้องการ');

    await area('บริการหลัก').click();
    await area('แจ้งเรื่องร้องเรียน').waitFor({ state: 'visible', timeout: 10_000 });
    await citizen.markNow();
    await area('แจ้งเรื่องร้องเรียน').click();
    await citizen.expectBot('กรุณาเลือกประเภทเรื่อง');
    await citizen.quick('ยกเลิก');
    await citizen.expectBot('ยกเลิก');
  }, 60_000);

  // Last in this file: it stops the app, so that every line it wrote has been read.
  it('when the app stops after these chats, then none of its log lines held a message text or a LINE user id', async () => {
    const { app } = simulator;
    await app.stop();
    const log = app.lines.join('\n');
    expect(log).toContain('"msg":"shutting down"');
    expect(log).toContain('"msg":"webhook delivery stored"');
    expect(log).not.toContain('ช่วยเหลือ');
    expect(log).not.toMatch(/U[0-9a-f]{32}/);
  });
});

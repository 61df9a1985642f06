import { deployMenus, describeE2E, makePhoto, readCollection, shot, SimPhone, useSimulatorPage } from './harness';

/** Answers a survey the way a satisfied citizen would, until its thanks arrive. */
async function answerSurvey(citizen: SimPhone): Promise<void> {
  for (let question = 0; question < 12; question += 1) {
    const best = citizen.root.locator('.quick-replies button').filter({ hasText: /^(5 มากที่สุด|ไม่มี|ข้าม)$/ });
    await best.first().waitFor({ state: 'visible', timeout: 15_000 });
    const labels = await best.allInnerTexts();
    await citizen.quick(labels.find((l) => l === '5 มากที่สุด') ?? labels.find((l) => l === 'ไม่มี') ?? 'ข้าม');
    const next = await citizen.expectBot(/ข้อ \d+ จาก \d+|ขอบคุณ/);
    if (/ขอบคุณ/.test(await next.innerText())) return;
  }
  throw new Error('the survey did not end');
}

describeE2E('E2E: a complaint from a photo and a pin to a confirmed, rated result', () => {
  // With the rich menus deployed, the screenshots show the chats as citizens and officers see them.
  const simulator = useSimulatorPage(deployMenus);

  it('when a citizen files a street-light complaint, then the officer accepts it, resolves it with an after-photo, and the citizen confirms and rates', async () => {
    const { app, page } = simulator;
    const citizen = new SimPhone(page, 'citizen1');
    const officer = new SimPhone(page, 'officer');
    const before = await makePhoto('street-light-before', '#303848');
    const after = await makePhoto('street-light-after', '#f4d35e');

    // The officer registers through the real invitation path.
    await officer.registerOfficer('public-works');
    await officer.expectBot('ลงทะเบียนเรียบร้อยแล้ว');
    // Registration links the officers' rich menu to this user.
    await officer.root.locator('.richmenu .area[title="งานของฉัน"]').waitFor({ state: 'visible', timeout: 10_000 });

    // The citizen files: category, description, photo (camera roll), pin, phone, confirm.
    await citizen.follow();
    await citizen.expectBot('ยินดีต้อนรับ');
    await citizen.say('แจ้งเรื่อง');
    await citizen.expectBot('กรุณาเลือกประเภทเรื่อง');
    await citizen.quick('ไฟฟ้าส่องสว่าง');
    await citizen.expectBot('รายละเอียดของปัญหา');
    await citizen.say('ไฟฟ้าส่องสว่างดับทั้งซอยมาสามคืนแล้ว มืดมาก อันตรายครับ');
    await citizen.expectBot('รูปภาพประกอบ');
    await citizen.sendPhotosVia('เลือกรูป', before);
    await citizen.expectBot('ได้รับรูปภาพแล้ว 1 รูป');
    await citizen.quick('ถัดไป');
    await citizen.expectBot('กรุณาส่งตำแหน่ง');
    await citizen.sendLocation('ซอยสุขใจ 3', 'ส่งตำแหน่ง');
    await citizen.expectBot('หมายเลขโทรศัพท์');
    await citizen.say('081-234-5678');
    const summary = await citizen.expectBot('ตรวจสอบก่อนส่งเรื่อง');
    expect(await summary.innerText()).toContain('ซอยสุขใจ 3');
    await shot(page, '10-complaint-summary');
    await citizen.tap('ยืนยันการแจ้งเรื่อง');
    const receipt = await citizen.expectBot(/C\d{4}-\d{5}/);
    const caseNumber = /C\d{4}-\d{5}/.exec(await receipt.innerText())![0];
    await shot(page, '11-complaint-receipt');

    // The officer of the department gets the push and accepts.
    const pushed = await officer.expectBot(caseNumber);
    expect(await pushed.innerText()).toContain('เรื่องร้องเรียนใหม่');
    expect(await pushed.locator('.via').innerText()).toBe('push');
    await shot(page, '12-officer-new-case');
    await officer.tap(/^รับเรื่อง$/);
    await officer.expectBot(`ท่านรับเรื่อง ${caseNumber} แล้ว`);
    await citizen.expectBot('เจ้าหน้าที่รับเรื่องของท่านแล้ว');

    // Resolve with a note and an after-photo (camera quick reply).
    await officer.tap('ปิดงาน (แนบรูปผลงาน)');
    await officer.expectBot('สรุปผลการดำเนินการ');
    await officer.say('เปลี่ยนหลอดไฟใหม่ครบทั้งซอยแล้ว');
    await officer.expectBot('รูปหลังดำเนินการ');
    await officer.sendPhotosVia('ถ่ายรูป', after);
    await officer.expectBot('รับรูปแล้ว 1 รูป');
    await officer.quick(/^เสร็จ$/);
    await officer.expectBot(`ปิดงานเรื่อง ${caseNumber} แล้ว`);

    // The citizen sees the result, confirms it and rates the service.
    const resolved = await citizen.expectBot('ดำเนินการเรื่องของท่านแล้วเสร็จ');
    expect(await resolved.innerText()).toContain('เปลี่ยนหลอดไฟใหม่ครบทั้งซอยแล้ว');
    await shot(page, '13-citizen-resolved');
    await citizen.tap('ยืนยันว่าเรียบร้อยแล้ว');
    await citizen.expectBot('ยุติแล้ว');
    await citizen.expectBot('ประเมินความพึงพอใจ');
    await citizen.tap('เริ่มประเมิน');
    await citizen.expectBot(/ข้อ 1 จาก \d+/);
    await answerSurvey(citizen);
    await shot(page, '14-citizen-rated');

    // The database agrees: the case is closed with both photos, and one survey response exists.
    const [complaint] = await readCollection(app, 'complaints', { number: caseNumber });
    expect(complaint).toMatchObject({ status: 'closed' });
    expect((await readCollection(app, 'survey_responses', {})).length).toBe(1);
  }, 120_000);
});

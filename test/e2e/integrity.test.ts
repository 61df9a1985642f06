import { describeE2E, readCollection, shot, SimPhone, useSimulatorPage } from './harness';

describeE2E('E2E: an anonymous corruption report, followed by reference and PIN', () => {
  const simulator = useSimulatorPage();

  it('when a citizen reports anonymously, then the integrity officer is told, the reference and PIN work from any account, and a wrong PIN shows nothing', async () => {
    const { app, page } = simulator;
    const reporter = new SimPhone(page, 'citizen1');
    const other = new SimPhone(page, 'citizen2');
    const integrity = new SimPhone(page, 'officer');

    await integrity.registerOfficer('legal', 'integrity');
    await integrity.expectBot('ลงทะเบียนเรียบร้อยแล้ว');

    await reporter.say('แจ้งทุจริต');
    await reporter.expectBot('ช่องทางลับ');
    await reporter.tap('เริ่มแจ้งเบาะแส');
    await reporter.expectBot('ไม่ระบุชื่อ');
    await reporter.quick(/^ไม่ระบุชื่อ$/);
    await reporter.expectBot('ลักษณะใด');
    await reporter.quick('เก็บเงินเกินอัตรา');
    await reporter.expectBot('หน่วยงานหรือชื่อเจ้าหน้าที่ที่ถูกแจ้ง');
    await reporter.say('เจ้าหน้าที่ช่องรับชำระภาษีป้าย');
    await reporter.expectBot('เกิดขึ้นเมื่อใด');
    await reporter.say('20 พ.ย. ช่วงเช้า ที่ช่องชำระภาษี');
    await reporter.expectBot('รายละเอียดของเหตุการณ์');
    await reporter.say('เจ้าหน้าที่เรียกเก็บค่าภาษีป้ายเกินอัตรา 500 บาท โดยไม่ออกใบเสร็จรับเงินให้');
    await reporter.expectBot('มีหลักฐานหรือไม่');
    await reporter.quick('ไม่มีหลักฐาน');
    await reporter.expectBot('รับแจ้งความคืบหน้าทาง LINE');
    await reporter.quick('ไม่ต้องแจ้ง');
    const summary = await reporter.expectBot('ตรวจสอบข้อมูลก่อนส่ง');
    expect(await summary.innerText()).toContain('ไม่ระบุชื่อ');
    await shot(page, '30-integrity-summary');
    await reporter.tap('ยืนยันส่งเบาะแส');
    const receipt = await reporter.expectBot(/R-[A-Z0-9]{10}/);
    const text = await receipt.innerText();
    const reference = /R-[A-Z0-9]{10}/.exec(text)![0];
    const pin = /\b\d{6}\b/.exec(text.slice(text.indexOf('PIN')))![0];
    await shot(page, '31-integrity-receipt');

    // Only the integrity officer hears of it, by reference only.
    const notice = await integrity.expectBot(reference);
    expect(await notice.innerText()).not.toContain('500 บาท');

    // Another account follows it by reference and PIN; a wrong PIN reveals nothing.
    await other.say(`${reference} 000000`);
    const refused = await other.expectBot('ไม่ถูกต้อง');
    expect(await refused.innerText()).not.toContain('เก็บเงินเกิน');
    await other.say(`${reference} ${pin}`);
    const status = await other.expectBot('สถานะเบาะแส');
    expect(await status.innerText()).toContain('รับเรื่องแล้ว');

    // The reporter can follow it too, step by step.
    await reporter.say('ติดตามเบาะแส');
    await reporter.expectBot('เลขอ้างอิง');
    await reporter.say(reference);
    await reporter.expectBot('PIN');
    await reporter.say(pin);
    await reporter.expectBot('สถานะเบาะแส');
    await shot(page, '32-integrity-followed');

    // Anonymous: the stored report names no LINE account, and its text is not stored in the clear.
    const [report] = await readCollection(app, 'integrity_reports', { reference });
    const stored = JSON.stringify(report);
    expect(stored).not.toMatch(/U[0-9a-f]{32}/);
    expect(stored).not.toContain('500 บาท');
  }, 90_000);
});

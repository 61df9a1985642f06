import { DEMO_QUEUE_SERVICES } from '../../src/features/queue/demo-data';
import { openingState } from '../../src/features/queue/opening-hours';
import { describeE2E, readCollection, setAppClock, shot, SimPhone, useSimulatorPage } from './harness';

/** The next weekday 10.00 (Bangkok) on which the demo civil-registration counter is open. */
function nextOpenMorning(): Date {
  const service = DEMO_QUEUE_SERVICES.find((s) => s.code === 'civil-registration')!;
  const day = new Date();
  for (let i = 1; i < 30; i += 1) {
    const candidate = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + i, 3, 0, 0));
    if (openingState(service, candidate).open) return candidate;
  }
  throw new Error('no open morning in the next 30 days');
}

describeE2E('E2E: a queue ticket from LINE, called and served at the counter', () => {
  // Counters open on weekday office hours only: move the app's clock to an open morning.
  const simulator = useSimulatorPage((app) => setAppClock(app, nextOpenMorning()));

  it('when a citizen takes a ticket, then the counter officer calls it, the citizen is told where to go, and serving it invites a rating', async () => {
    const { app, page } = simulator;
    const citizen = new SimPhone(page, 'citizen2');
    const officer = new SimPhone(page, 'officer');

    await officer.registerOfficer('registration');
    await officer.expectBot('ลงทะเบียนเรียบร้อยแล้ว');
    await officer.say('ตั้งช่องบริการ');
    await officer.expectBot('เลือกบริการที่ท่านให้บริการ');
    await officer.quick('งานทะเบียนราษฎร');
    await officer.expectBot('เลือกหมายเลขช่องบริการ');
    await officer.quick('ช่องบริการ 1');
    await officer.expectBot('ตั้งช่องบริการแล้ว');

    await citizen.say('รับบัตรคิว');
    await citizen.expectBot('งานทะเบียนราษฎรและบัตรประชาชน');
    await citizen.tapIn('งานทะเบียนราษฎรและบัตรประชาชน', /^รับบัตรคิว$/);
    const ticket = await citizen.expectBot(/A\d{3}/);
    const label = /A\d{3}/.exec(await ticket.innerText())![0];
    expect(await ticket.innerText()).toContain('รอเรียกคิว');
    await shot(page, '20-queue-ticket');

    await officer.quick('เรียกคิวถัดไป');
    const called = await officer.expectBot(new RegExp(`เรียกคิว[\\s\\S]*${label}`));
    expect(await called.innerText()).toContain('ช่องบริการ 1');
    const told = await citizen.expectBot(`ถึงคิวของท่านแล้ว บัตรคิว ${label}`);
    expect(await told.locator('.via').innerText()).toBe('push');
    await shot(page, '21-queue-called');

    await officer.tap('ให้บริการเสร็จแล้ว');
    await officer.expectBot(`บัตรคิว ${label} ให้บริการเสร็จแล้ว`);
    await citizen.expectBot('ประเมินความพึงพอใจ');
    await shot(page, '22-queue-served');

    const [stored] = await readCollection(app, 'queue_tickets', { label });
    expect(stored).toMatchObject({ status: 'served', counterNo: 1 });
  }, 90_000);
});

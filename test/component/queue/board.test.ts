import { callNext, takeQueueTicket } from '../../../src/features/queue';
import { QueueServiceModel } from '../../../src/features/queue/service.model';
import { clock } from '../../../src/shared/clock';
import { createOfficer, useQueueBot } from './helpers';

const bot = useQueueBot();

beforeEach(async () => {
  await createOfficer('U_o1', 'registration', { serviceCode: 'civil-registration', counterNo: 2 });
  for (let i = 1; i <= 9; i += 1) {
    await takeQueueTicket({ citizenId: `U_citizen_${i}`, serviceCode: 'civil-registration' });
    clock.advance(1000);
  }
  await callNext({ officerLineUserId: 'U_o1' });
});

describe('the public "now serving" board', () => {
  it('when the screen loads GET /queue/<service>/board, then it shows the label per counter and the next labels, in Thai, with no personal data', async () => {
    const res = await fetch(`${bot.url}/queue/civil-registration/board`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<html lang="th">');
    expect(html).toContain('<meta http-equiv="refresh" content="10">');
    expect(html).toContain('<h1>งานทะเบียนราษฎรและบัตรประชาชน</h1>');
    expect(html).toContain('กำลังให้บริการ');
    expect(html).toMatch(/ช่องบริการ 1<\/div><div class="idle">ว่าง<\/div>/);
    expect(html).toMatch(/ช่องบริการ 2<\/div><div class="label">A001<\/div>/);
    expect(html).toContain('<ol><li>A002</li><li>A003</li><li>A004</li><li>A005</li><li>A006</li><li>A007</li></ol>');
    expect(html).not.toContain('A008');
    expect(html).toContain('รออยู่ 8 คิว');
    expect(html).toContain('ปรับปรุงเมื่อ 23 พ.ย. 2569 10.00 น.');
    expect(html).not.toMatch(/U_citizen|U_o1|เจ้าหน้าที่ U/);
  });

  it('when the screen asks for board.json, then it gets labels only', async () => {
    const res = await fetch(`${bot.url}/queue/civil-registration/board.json`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({
      service: { code: 'civil-registration', name: 'งานทะเบียนราษฎรและบัตรประชาชน' },
      counters: [
        { counterNo: 1, label: null },
        { counterNo: 2, label: 'A001' },
      ],
      next: ['A002', 'A003', 'A004', 'A005', 'A006', 'A007'],
      waiting: 8,
      updatedAt: '2026-11-23T03:00:09.000Z',
    });
    expect(JSON.stringify(body)).not.toContain('U_');
  });

  it('when a service name holds markup, then the page escapes it', async () => {
    await QueueServiceModel.updateOne({ code: 'civil-registration' }, { $set: { 'name.th': '<script>alert("x")</script> & ทะเบียน' } });
    const html = await (await fetch(`${bot.url}/queue/civil-registration/board`)).text();
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ทะเบียน');
  });

  it('when the service is unknown, inactive or the path is odd, then 404 with a fixed page that never repeats the path', async () => {
    await QueueServiceModel.updateOne({ code: 'welfare-allowance' }, { $set: { active: false } });
    const page = '<!doctype html><html lang="th"><head><meta charset="utf-8"><title>404</title></head><body><p>ไม่พบบริการนี้</p></body></html>';
    for (const path of ['/queue/nope-x/board', '/queue/welfare-allowance/board', '/queue/%3Cscript%3Ealert(1)%3C%2Fscript%3E/board', '/queue/a%22onload%3D1/board']) {
      const res = await fetch(`${bot.url}${path}`);
      expect(res.status).toBe(404);
      expect(await res.text()).toBe(page);
    }
    for (const path of ['/queue/nope-x/board.json', '/queue/%3Cb%3E/board.json']) {
      const res = await fetch(`${bot.url}${path}`);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ message: 'ไม่พบบริการนี้' });
    }
  });
});

import { clock } from '../../../src/shared/clock';
import { createOfficer, MINUTE, postback, queueTools, say, useQueueBot } from './helpers';

const bot = useQueueBot();
const { lastText, citizensTake } = queueTools(bot);

describe('the wait counts only counters that are serving', () => {
  it('when officers are set to the service but call nobody, then the estimate still counts one counter; counters that call in the last hour count', async () => {
    await citizensTake('civil-registration', 'U_1', 'U_2', 'U_3', 'U_4', 'U_5', 'U_6');
    await bot.send(say('U_6', 'คิวของฉัน'));
    expect(lastText('U_6')).toBe('บัตรคิว A006 คิวก่อนหน้า 5 คน (ประมาณ 35-65 นาที)');

    // Two officers whose saved counter points here (set yesterday), idle today.
    await createOfficer('U_officer_1', 'registration', { serviceCode: 'civil-registration', counterNo: 1 });
    await createOfficer('U_officer_2', 'registration', { serviceCode: 'civil-registration', counterNo: 2 });
    await bot.send(say('U_6', 'คิวของฉัน'));
    expect(lastText('U_6')).toBe('บัตรคิว A006 คิวก่อนหน้า 5 คน (ประมาณ 35-65 นาที)');

    // Both call: three ahead shared by two counters.
    await bot.send(postback('U_officer_1', 'queue.callNext'), postback('U_officer_2', 'queue.callNext'));
    await bot.send(say('U_6', 'คิวของฉัน'));
    expect(lastText('U_6')).toBe('บัตรคิว A006 คิวก่อนหน้า 3 คน (ประมาณ 10-20 นาที)');

    // An hour without a call from either: one counter again.
    clock.advance(61 * MINUTE);
    await bot.send(say('U_6', 'คิวของฉัน'));
    expect(lastText('U_6')).toBe('บัตรคิว A006 คิวก่อนหน้า 3 คน (ประมาณ 20-40 นาที)');
  });
});

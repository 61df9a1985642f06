import { translator } from '../../../src/i18n';
import { findLimitProblems } from '../../../src/line/limits';
import { buildContactCard, telUri } from '../../../flex-messages/content/contact-card';
import { buildHowTo, buildNoGiftPolicy, buildPrivacyNotice, buildPublicInfo } from '../../../flex-messages/content/notices';
import { buildServiceManuals } from '../../../flex-messages/content/service-manuals';

const t = translator('th');
const manual = (i: number) => ({ name: `งานบริการ ${i}`, steps: ['รับบัตรคิว', 'ยื่นเอกสาร'], time: '10 นาที', documents: ['บัตรประชาชน'], fees: 'ไม่มี' });

describe('content flex messages', () => {
  it('when a phone number has dashes or an extension, then the tel: link has digits only', () => {
    expect(telUri('053-000-100')).toBe('tel:053000100');
    expect(telUri('053 000 100 ต่อ 12')).toBe('tel:053000100');
    expect(telUri('+66 53 000 100')).toBe('tel:+6653000100');
  });

  it('when the contact card has a long phone label, then the button label is cut to 40 characters and LINE limits hold', () => {
    const card = buildContactCard(
      { name: 'เทศบาล', address: 'ที่อยู่', hours: 'จ.-ศ.', phones: [{ label: 'งานป้องกันและบรรเทาสาธารณภัย (24 ชั่วโมง)', number: '199' }], mapUrl: 'https://maps.example/x' },
      t,
    );
    expect(findLimitProblems([card])).toEqual([]);
    expect(JSON.stringify(card)).toContain('"uri":"tel:199"');
  });

  it('when the notices are built, then each stays within LINE limits and carries its text', () => {
    const sections = [{ title: 'ข้อมูลที่เก็บ', body: 'รหัสผู้ใช้ LINE' }];
    const messages = [
      buildPrivacyNotice({ controller: 'เทศบาล', sections }, t),
      buildHowTo({ intro: 'ใช้งานง่าย', steps: sections }, t),
      buildNoGiftPolicy({ year: 2569, title: 'No Gift Policy', body: 'งดรับของขวัญ', url: 'https://x.go.th/ng' }, t),
      buildPublicInfo({ intro: 'ข้อมูล', links: [{ label: 'งบประมาณ', url: 'https://x.go.th/budget' }] }, t),
    ];
    expect(findLimitProblems(messages)).toEqual([]);
    expect(messages.map((m) => m.altText)).toEqual(['การคุ้มครองข้อมูลส่วนบุคคล', 'วิธีใช้งาน LINE ของเทศบาล', 'นโยบายงดรับของขวัญ (No Gift Policy) ปี 2569', 'ข้อมูลสาธารณะของเทศบาล']);
  });

  it('when there are 30 services, then the manuals come as three carousels of at most 12', () => {
    const messages = buildServiceManuals(Array.from({ length: 30 }, (_, i) => manual(i)), t);
    expect(messages.map((m) => (m.contents as { contents: unknown[] }).contents.length)).toEqual([12, 12, 6]);
    expect(findLimitProblems(messages)).toEqual([]);
  });
});

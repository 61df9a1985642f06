import { events } from '../../support/webhook';
import { ComplaintModel } from '../../../src/features/complaints/complaint.model';
import { SessionModel } from '../../../src/conversation/session.model';
import { exchange, say, TH, useComplaintsBot } from './helpers';

/**
 * LINE for PC shows no quick replies: every choice offered as a quick reply must also work when
 * its label is typed, and every question says what to type.
 */
const bot = useComplaintsBot();
const U = 'U_pc_th';
const EN = 'U_pc_en';

const type = async (userId: string, text: string) => (await exchange(bot, userId, events.text(text, { userId }))).map(say);

describe('answering the filing questions by typing (LINE for PC)', () => {
  it('when a Thai citizen types every choice, then the complaint is filed exactly as with the buttons', async () => {
    expect(await type(U, 'แจ้งเรื่อง')).toEqual([TH.category]);
    expect(await type(U, 'ประเภทอื่น')).toEqual([TH.categoryPage2]);
    expect(await type(U, 'หน้าก่อน')).toEqual([TH.category]);
    expect(await type(U, 'ไฟฟ้าส่องสว่างค่ะ')).toEqual([TH.description]);
    expect(await type(U, 'ไฟถนนซอย 3 ดับทั้งซอย มืดมาก')).toEqual([TH.photos]);
    expect(await type(U, 'ไม่มีรูปครับ')).toEqual([TH.location]);
    await bot.send(events.location(18.79, 98.98, { userId: U }));
    expect(await type(U, 'ไม่ระบุ')).toEqual([TH.summary]);
    expect(await type(U, 'แก้ไข')).toEqual([TH.editWhat]);
    expect(await type(U, 'เบอร์โทรศัพท์')).toEqual([TH.phone]);
    expect(await type(U, '081 234 5678')).toEqual([TH.summary]);
    expect(await type(U, 'แก้ไข')).toEqual([TH.editWhat]);
    expect(await type(U, 'กลับไปหน้าสรุป')).toEqual([TH.summary]);
    expect(await type(U, 'ยืนยันการแจ้งเรื่อง')).toEqual(['เทศบาลได้รับเรื่องของท่านแล้ว เลขที่ C2569-00001 กำหนดแจ้งผลภายใน 28 พ.ย. 2569']);
    expect(await ComplaintModel.findOne({ citizenId: U }).lean()).toMatchObject({ categoryCode: 'street-light', phone: '0812345678', photos: [], location: { latitude: 18.79, longitude: 98.98 } });
  });

  it('when "ถัดไป" is typed at the photos question and "ข้าม" for an optional location, then both steps pass', async () => {
    await type(U, 'แจ้งเรื่อง');
    await type(U, 'น้ำประปา');
    await type(U, 'น้ำประปาไม่ไหลมาสองวันแล้ว');
    expect(await type(U, 'ถัดไป')).toEqual([TH.locationOptional]);
    expect(await type(U, 'ข้าม')).toEqual([TH.phone]);
    expect((await SessionModel.findOne({ userId: U }).lean())?.stepId).toBe('phone');
  });

  it('when a Thai speaker types the English names and words, then they work too', async () => {
    await type(U, 'แจ้งเรื่อง');
    await type(U, 'Street lights');
    await type(U, 'ไฟถนนซอย 3 ดับทั้งซอย มืดมาก');
    expect(await type(U, 'no photo')).toEqual([TH.location]);
  });

  it('when an English speaker types every choice, then the questions say what to type and the complaint is filed', async () => {
    bot.line.profiles.set(EN, { displayName: 'Ann', language: 'en' });
    expect(await type(EN, 'complaint')).toEqual([
      'Please choose what your complaint is about, or type its name: Fire, Medical emergency, Crime in progress, Street lights, Roads and footpaths, Drains and flooding, Water supply, Garbage, Noise, smell, smoke, Stray animals. Type "More" for other categories.\nFor an emergency such as a fire, a medical emergency or a crime in progress, please call the hotline at once.',
    ]);
    expect(await type(EN, 'more')).toEqual(['More categories (page 2/2). Please choose one, or type its name: Trees and branches, Public order/vending, Officer conduct, Other. Type "Back" for the previous page.']);
    expect(await type(EN, 'other')).toEqual(['Other\nPlease describe the problem: what happened, where and since when (at least 10 characters).']);
    await type(EN, 'The bus stop roof near the school is broken');
    expect(await type(EN, 'No photo')).toEqual(['Please send the location: tap "Send location" and drop a pin on the map, or tap or type "Skip".']);
    expect(await type(EN, 'skip')).toEqual(['If you would like an officer to call you, type your phone number; if not, tap or type "Skip".\nIt is used only about this complaint and seen only by the officers handling it.']);
    expect(await type(EN, 'Skip')).toEqual(['Your complaint: Other. Please check it and submit.']);
    expect(await type(EN, 'edit')).toEqual(['What would you like to change? Tap or type: Category, Description, Replace photos, Location, Phone number, Back to summary.']);
    expect(await type(EN, 'back to summary')).toEqual(['Your complaint: Other. Please check it and submit.']);
    expect(await type(EN, 'submit complaint')).toEqual(['We received your complaint, no. C2569-00001. We will report back by 6 Dec 2026.']);
  });
});

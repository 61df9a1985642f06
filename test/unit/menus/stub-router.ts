import type { MenuRouter } from '../../../src/features/menus/menu-validate';

/** Postback actions the shipped menus use (registered by the complaints, queue, officers and menus features). */
export const MENU_POSTBACKS = ['menus.tab', 'officers.myCases', 'officers.overdue', 'queue.callNext', 'officers.walkIn'];
/** Text commands the shipped menus send. */
export const MENU_TEXTS = ['แจ้งเรื่อง', 'ติดตามเรื่อง', 'รับบัตรคิว', 'ประเมินความพึงพอใจ', 'แจ้งทุจริต', 'ติดต่อเทศบาล', 'ภาษา', 'ความเป็นส่วนตัว', 'วิธีใช้งาน', 'งดรับของขวัญ', 'ข้อมูลสาธารณะ', 'คู่มือประชาชน', 'ช่วยเหลือ'];

/** A router that answers exactly these actions and texts (used while other features are written). */
export function stubRouter(postbacks: string[] = MENU_POSTBACKS, texts: string[] = MENU_TEXTS): MenuRouter {
  return { hasPostback: (a) => postbacks.includes(a), matchesText: (t) => texts.includes(t.trim()) };
}

import { z, type ZodType } from 'zod';
import type { MenuRouter } from '../../../src/features/menus/menu-validate';

/**
 * Postback actions the shipped menus use, with the field schemas their handlers register (menus,
 * officers, queue), plus content.manual for a postback with a field.
 */
export const MENU_POSTBACKS: Record<string, ZodType> = {
  'menus.tab': z.object({ to: z.string().max(32).optional(), from: z.string().max(20).optional() }),
  'officers.myCases': z.object({}),
  'officers.overdue': z.object({}),
  'queue.callNext': z.object({}),
  'officers.walkIn': z.object({}),
  'content.manual': z.object({ s: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/) }),
};
/** Text commands the shipped menus send. */
export const MENU_TEXTS = ['แจ้งเรื่อง', 'ติดตามเรื่อง', 'รับบัตรคิว', 'ประเมินความพึงพอใจ', 'แจ้งทุจริต', 'ติดต่อเทศบาล', 'ภาษา', 'ความเป็นส่วนตัว', 'วิธีใช้งาน', 'งดรับของขวัญ', 'ข้อมูลสาธารณะ', 'คู่มือประชาชน', 'ช่วยเหลือ'];

/** A router that answers exactly these actions (with these field schemas) and texts, as BotRouter would. */
export function stubRouter(postbacks: Record<string, ZodType> = MENU_POSTBACKS, texts: string[] = MENU_TEXTS): MenuRouter {
  return {
    hasPostback: (a) => a in postbacks,
    acceptsPostback: (a, fields) => a in postbacks && postbacks[a].safeParse(fields).success,
    matchesText: (t) => texts.includes(t.trim()),
  };
}

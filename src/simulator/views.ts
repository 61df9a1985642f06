import { translator } from '../i18n';
import type { FakeLineState } from '../line/fake/fake-line-state';
import type { SimRole } from './simulator';

/**
 * Places in and around the fictional municipality, for the location picker (no map tiles offline):
 * near its office in Mueang Chiang Rai (19.9105, 99.8406, the contact card's map pin), so a pin
 * looks right on a map and distances between reports are realistic.
 */
export const DEMO_POINTS = [
  { title: 'หน้าสำนักงานเทศบาล', address: 'ถนนเทศบาล 1 ตำบลบ้านสุขใจ', latitude: 19.9105, longitude: 99.8406 },
  { title: 'ตลาดสดเทศบาล', address: 'ถนนตลาดใหม่ ตำบลบ้านสุขใจ', latitude: 19.9131, longitude: 99.8437 },
  { title: 'ซอยสุขใจ 3 (ไฟฟ้าดับ)', address: 'ซอยสุขใจ 3 หมู่ 2 ตำบลบ้านสุขใจ', latitude: 19.9082, longitude: 99.8371 },
  { title: 'สวนสาธารณะหนองน้ำ', address: 'ถนนรอบหนอง หมู่ 5 ตำบลบ้านสุขใจ', latitude: 19.9157, longitude: 99.8352 },
  { title: 'โรงเรียนเทศบาล 1', address: 'ถนนศึกษา หมู่ 1 ตำบลบ้านสุขใจ', latitude: 19.9068, longitude: 99.8459 },
] as const;

/** Main commands shown as buttons when no rich menu is deployed (the words come from i18n). */
const CITIZEN_COMMANDS = ['complaint', 'track', 'queue', 'myTicket', 'survey', 'integrity', 'contact', 'language', 'help'];

export function fallbackCommands(_role: SimRole): string[] {
  const t = translator('th');
  return CITIZEN_COMMANDS.map((key) => t(`commands.${key}`)).filter((word) => !word.startsWith('commands.'));
}

export interface MenuView {
  richMenuId: string;
  chatBarText: string;
  selected: boolean;
  size: { width: number; height: number };
  areas: { bounds: { x: number; y: number; width: number; height: number }; action: Record<string, unknown> }[];
  imageUrl?: string;
}

/** The rich menu this user sees now (per-user link, else the default), as the page draws it. */
export function menuView(state: FakeLineState, lineUserId: string): MenuView | null {
  const menu = state.menuOf(lineUserId);
  if (!menu) return null;
  const m = menu.menu as Partial<Omit<MenuView, 'richMenuId' | 'imageUrl'>>;
  return {
    richMenuId: menu.richMenuId,
    chatBarText: m.chatBarText ?? 'Menu',
    selected: m.selected ?? false,
    size: m.size ?? { width: 2500, height: 843 },
    areas: m.areas ?? [],
    ...(menu.image ? { imageUrl: `/simulator/api/richmenus/${menu.richMenuId}/image` } : {}),
  };
}

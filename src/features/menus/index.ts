import type { Feature } from '../feature';
import { registerMenuHandlers } from './menus.handlers';

export { officerMenuRichMenuId, OFFICER_MENU_ALIAS } from './menus.handlers';

/**
 * The menus feature: rich menus as code (specs/ folder, `npm run menus`), the tab postback the
 * menus send and the officers' way back to their menu.
 */
export const menusFeature: Feature = {
  name: 'menus',
  register({ router }) {
    registerMenuHandlers(router);
  },
};

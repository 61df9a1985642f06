import type { Feature } from '../feature';

/** The menus feature: handlers, flows, jobs and demo data are registered here. */
export const menusFeature: Feature = {
  name: 'menus',
};

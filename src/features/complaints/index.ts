import type { Feature } from '../feature';

/** The complaints feature: handlers, flows, jobs and demo data are registered here. */
export const complaintsFeature: Feature = {
  name: 'complaints',
};

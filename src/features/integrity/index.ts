import type { Feature } from '../feature';

/** The integrity feature: handlers, flows, jobs and demo data are registered here. */
export const integrityFeature: Feature = {
  name: 'integrity',
};

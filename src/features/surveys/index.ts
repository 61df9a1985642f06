import type { Feature } from '../feature';

/** The surveys feature: handlers, flows, jobs and demo data are registered here. */
export const surveysFeature: Feature = {
  name: 'surveys',
};

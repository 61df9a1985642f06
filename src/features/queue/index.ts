import type { Feature } from '../feature';

/** The queue feature: handlers, flows, jobs and demo data are registered here. */
export const queueFeature: Feature = {
  name: 'queue',
};

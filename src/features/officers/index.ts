import type { Feature } from '../feature';

/** The officers feature: handlers, flows, jobs and demo data are registered here. */
export const officersFeature: Feature = {
  name: 'officers',
};

import type { Feature } from './feature';
import { helpFeature } from './help/help.handlers';
import { usersFeature } from './users/users.handlers';

/**
 * Every feature of the OA, in registration order. The help feature's fallback answers whatever
 * no other feature did, so its place in the list does not matter.
 */
export const features: Feature[] = [usersFeature, helpFeature];

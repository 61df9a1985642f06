import type { Feature } from './feature';
import { complaintsFeature } from './complaints';
import { contentFeature } from './content';
import { helpFeature } from './help/help.handlers';
import { integrityFeature } from './integrity';
import { menusFeature } from './menus';
import { officersFeature } from './officers';
import { queueFeature } from './queue';
import { surveysFeature } from './surveys';
import { usersFeature } from './users/users.handlers';

/**
 * Every feature of the OA, in registration order. The help feature's fallback answers whatever
 * no other feature did, so its place in the list does not matter.
 */
export const features: Feature[] = [usersFeature, complaintsFeature, officersFeature, integrityFeature, queueFeature, surveysFeature, menusFeature, contentFeature, helpFeature];

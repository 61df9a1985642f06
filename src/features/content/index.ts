import type { Feature } from '../feature';
import { registerContentHandlers } from './content.handlers';

export { contentConfigSection } from './content.config';
export { getContent, listServiceManuals, saveContent } from './content.service';

/**
 * What the information entries of the menu answer: contact card, privacy notice, how to use,
 * No Gift Policy, public information and the citizen's manuals of the counter services. The
 * content is data (content.defaults.yaml, overridden per municipality through `npm run config`).
 */
export const contentFeature: Feature = {
  name: 'content',
  register({ router }) {
    registerContentHandlers(router);
  },
};

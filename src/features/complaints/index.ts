import type { Feature } from '../feature';
import { photosRoutes } from '../photos/photos.routes';
import { closeResolvedJob } from './close-resolved.job';
import { registerComplaints } from './complaints.handlers';
import { loadDemoData } from './demo-data';

/** The complaints feature: filing and following general complaints, their photos and demo data. */
export const complaintsFeature: Feature = {
  name: 'complaints',
  register: registerComplaints,
  jobs: [closeResolvedJob],
  async loadDemoData() {
    await loadDemoData();
  },
  routes: (config) => photosRoutes(config),
};

export { categoriesConfigSection } from './categories.config';
export { departmentsConfigSection } from '../departments/departments.config';

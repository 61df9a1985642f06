import type { ConfigSection } from './config-section';
import { settingsConfigSection } from './settings-section';
import { departmentsConfigSection } from '../features/departments/departments.config';
import { categoriesConfigSection } from '../features/complaints/categories.config';
import { queueServicesConfigSection } from '../features/queue/queue-services.config';
import { surveysConfigSection } from '../features/surveys/surveys.config';
import { contentConfigSection } from '../features/content/content.config';

/**
 * Every section of the admin configuration file, in the order they are planned and applied
 * (a category names a department, so departments come first). A feature adds its section here.
 */
export const configSections: ConfigSection<unknown>[] = [
  settingsConfigSection,
  departmentsConfigSection,
  categoriesConfigSection,
  queueServicesConfigSection,
  surveysConfigSection,
  contentConfigSection,
] as ConfigSection<unknown>[];

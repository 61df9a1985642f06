import type { Feature } from '../feature';
import { clock } from '../../shared/clock';
import { loadDemoSurvey } from './survey-store';
import { upgradeSurveysJob } from './survey-upgrade';
import { registerSurveys } from './surveys.handlers';
import { surveysRoutes } from './surveys.routes';

export { surveysConfigSection } from './surveys.config';
export { surveyReport, reportCsv } from './survey-report';

/**
 * The surveys feature: satisfaction surveys after a case or a ticket (domain events), from the
 * menu and from a counter's QR code; one response per case, ticket, or citizen, department and service per day;
 * the report for executives (HTTP and `npm run survey -- report`).
 */
export const surveysFeature: Feature = {
  name: 'surveys',
  register: registerSurveys,
  jobs: [upgradeSurveysJob],
  loadDemoData: () => loadDemoSurvey(clock.now()),
  routes: surveysRoutes,
};

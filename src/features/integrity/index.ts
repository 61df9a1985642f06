import type { Feature } from '../feature';
import { integrityDeadlinesJob } from './integrity-deadlines.job';
import { registerIntegrity } from './integrity.handlers';
import { integrityRoutes } from './integrity.routes';

/**
 * The confidential channel for reports of corruption and misconduct by officials: kept apart
 * from complaints, seen only by officers with the integrity role, followed with reference + PIN.
 */
export const integrityFeature: Feature = {
  name: 'integrity',
  register: registerIntegrity,
  jobs: [integrityDeadlinesJob],
  routes: integrityRoutes,
};

export { submitReport, trackReport, viewReport, changeReportStatus, listOpenReports, integrityCounts, integrityCountsFor, reportsLeftToday, newReferenceAndPin, reencryptIntegrityReports } from './integrity.service';
export { IntegrityReportModel, IntegrityAccessLogModel, IntegrityQuotaModel, INTEGRITY_KINDS } from './integrity.model';
export { INTEGRITY_STATUSES } from './integrity-status';
export { assertIntegrityRoleAllowed, isLegalAffairsDepartment } from './integrity-role';

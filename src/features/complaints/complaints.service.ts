/**
 * The complaints domain service: every operation on a case, from filing to closing, with plain
 * inputs and no LINE. Other features import it from here; it is written by responsibility in the
 * files below.
 */
export type { Channel, ComplaintDoc } from './complaint.model';
export type { PhotoRef } from '../photos/photos.service';
export { getCase, isUnheld, type Actor } from './case-change';
export { formatCaseNumber, normalizeCaseNumber } from './case-numbers';
export { DESCRIPTION_MAX, DESCRIPTION_MIN, fileComplaint, type FileComplaintInput } from './filing';
export { acceptCase, addProgress, askCitizen, forwardCase, referCase, resolveCase } from './officer-actions';
export { releaseHolder, takeOver } from './holder-changes';
export { answerQuestion, cancelByCitizen, closeExpiredResolved, confirmResolved, reopenCase } from './citizen-actions';
export { assertReopenable, reopenWindow } from './reopen-window';
export { findCaseForCitizen, getCaseForCitizen, listCasesForCitizen } from './citizen-cases';
export { findNearbyOpenCase, followCase, type DuplicateDraft } from './following';

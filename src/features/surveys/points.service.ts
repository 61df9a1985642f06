import { bangkokDayKey } from '../../shared/dates';
import { conflict, notFound } from '../../shared/errors';
import { userHashes } from './survey-hashes';
import { resolvePoint, type ServicePoint } from './survey-points';
import { SurveyResponseModel, type SurveyResponse } from './survey-response.model';
import { pointSubjectKey, type DailyScope } from './survey-subjects';
import { startOf, surveyFor, type SurveyStart, type SurveySubject } from './surveys.service';

/**
 * Ratings from the menu and from a counter's QR code: at most once per citizen per department
 * and service per Bangkok day. Plain inputs and results; nothing here knows LINE.
 */

/**
 * Another rating by this citizen today that the new one would repeat: in the same department,
 * for the same service or for the department as a whole (a department-wide rating also repeats
 * every service of it). Rows of older key forms are found too, by their fields. Events of one
 * user are handled one at a time, so the check cannot race the citizen's own other rating.
 */
async function ratedToday(scope: DailyScope, day: string, hashes: string[]): Promise<boolean> {
  const filter: Record<string, unknown> = { 'period.day': day, channel: { $in: ['menu', 'qr'] }, departmentCode: scope.departmentCode, userHash: { $in: hashes } };
  if (scope.serviceCode) filter.serviceCode = { $in: [scope.serviceCode, null] };
  return (await SurveyResponseModel.exists(filter)) !== null;
}

/**
 * Starts (or resumes) a rating of a service point from the menu or a counter's QR code. The day
 * and the response's time are one instant, `now`.
 */
export async function startAtPoint(pointCode: string, channel: 'menu' | 'qr', userId: string, now: Date): Promise<SurveyStart & { point: ServicePoint }> {
  const point = await resolvePoint(pointCode);
  if (!point) throw notFound('surveys.errors.pointNotFound', { code: pointCode });
  const day = bangkokDayKey(now);
  const hashes = userHashes(userId);
  const keys = hashes.map((hash) => pointSubjectKey(day, point, hash));
  const existing = await SurveyResponseModel.findOne({ subjectKey: { $in: keys } }).lean<SurveyResponse>();
  if (existing?.status === 'completed') throw conflict('surveys.errors.alreadyRatedToday');
  if (!existing && (await ratedToday(point, day, hashes))) throw conflict('surveys.errors.alreadyRatedToday');
  const subject: SurveySubject = {
    key: existing?.subjectKey ?? keys[0],
    channel: existing?.channel ?? channel,
    departmentCode: point.departmentCode,
    serviceCode: point.serviceCode,
    pointCode: existing?.pointCode ?? point.code,
    officerId: existing?.officerId ?? point.officerId,
    startedAt: (existing?.at ?? now).toISOString(),
  };
  return { ...startOf(subject, await surveyFor(existing, channel), existing), point };
}

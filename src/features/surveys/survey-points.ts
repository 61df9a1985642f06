import type { Lang, Translate } from '../../i18n/languages';
import { CategoryModel } from '../complaints/category.model';
import { DepartmentModel, localized } from '../departments/department.model';
import { OfficerModel } from '../officers/officer.model';
import { QueueServiceModel } from '../queue/service.model';
import type { DailyScope } from './survey-subjects';

type LocalizedName = { th: string; en?: string | null; my?: string | null };

/**
 * Service points: where a rating "lands" for counter, QR and menu surveys. No collection of their
 * own: a point is a department (`registration`), a queue service (`civil-registration`, or its
 * ticket letter `A`), or one counter of a queue service (`civil-registration-1`, `A-1`).
 */
export interface ServicePoint extends DailyScope {
  /** Canonical code, stored on the response: the department code, `<service>` or `<service>-<counter>`. */
  code: string;
  serviceCode?: string;
  counterNo?: number;
  /** The officer at that counter now, when exactly one is: who served the citizen. */
  officerId?: string;
  departmentName?: LocalizedName;
  serviceName?: LocalizedName;
}

/** What a point code may look like (checked before any query is made with it). */
export const POINT_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
const COUNTER_PATTERN = /^([A-Za-z0-9][A-Za-z0-9_-]*?)-(\d{1,3})$/;

interface ServiceLike {
  code: string;
  prefix?: string;
  departmentCode: string;
  name: LocalizedName;
  counters?: number[];
}

/** An active queue service by code (`civil-registration`) or ticket letter (`A`). */
async function findService(ref: string): Promise<ServiceLike | null> {
  const query = /^[A-Za-z]$/.test(ref) ? { prefix: ref.toUpperCase() } : { code: ref.toLowerCase() };
  return QueueServiceModel.findOne({ ...query, active: true }, { code: 1, prefix: 1, departmentCode: 1, name: 1, counters: 1 }).lean<ServiceLike>();
}

async function officerAtCounter(serviceCode: string, counterNo: number): Promise<string | undefined> {
  const officers = await OfficerModel.find({ active: true, 'counter.serviceCode': serviceCode, 'counter.counterNo': counterNo }, { _id: 1 }).limit(2).lean();
  return officers.length === 1 ? String(officers[0]._id) : undefined;
}

async function servicePoint(service: ServiceLike, counterNo?: number): Promise<ServicePoint> {
  const department = await DepartmentModel.findOne({ code: service.departmentCode }, { name: 1 }).lean();
  return {
    code: counterNo === undefined ? service.code : `${service.code}-${counterNo}`,
    departmentCode: service.departmentCode,
    serviceCode: service.code,
    counterNo,
    officerId: counterNo === undefined ? undefined : await officerAtCounter(service.code, counterNo),
    departmentName: department?.name,
    serviceName: service.name,
  };
}

/** Finds the service point a code names, or undefined when it names none (or a counter the service does not have). */
export async function resolvePoint(raw: string): Promise<ServicePoint | undefined> {
  const code = raw.trim();
  if (!POINT_CODE_PATTERN.test(code)) return undefined;
  const department = await DepartmentModel.findOne({ code: code.toLowerCase(), active: true }, { code: 1, name: 1 }).lean();
  if (department) return { code: department.code, departmentCode: department.code, departmentName: department.name };
  const whole = await findService(code);
  if (whole) return servicePoint(whole);
  const counter = COUNTER_PATTERN.exec(code);
  if (!counter) return undefined;
  const service = await findService(counter[1]);
  const counterNo = Number(counter[2]);
  if (!service || !(service.counters ?? [1]).includes(counterNo)) return undefined;
  return servicePoint(service, counterNo);
}

/** The point's name for the citizen and the QR caption: "ทะเบียนราษฎร ช่องบริการ 1", the service, or the department. */
export function pointLabel(point: ServicePoint, t: Translate, lang: Lang): string {
  const service = point.serviceName ? localized(point.serviceName, lang) : point.serviceCode;
  if (point.counterNo !== undefined) return t('surveys.point.counter', { service, counter: point.counterNo });
  return service ?? (point.departmentName ? localized(point.departmentName, lang) : point.code);
}

export interface MenuChoice {
  code: string;
  name: LocalizedName;
}

/**
 * Departments offered in the survey menu: active ones that serve the public, that is, that take
 * complaint categories or run a counter service (legal affairs and internal audit do neither), in
 * the municipality's order, at most `limit`.
 */
export async function menuDepartments(limit: number): Promise<MenuChoice[]> {
  const [categories, services] = await Promise.all([
    CategoryModel.find({ active: true }, { departmentCode: 1 }).lean(),
    QueueServiceModel.find({ active: true }, { departmentCode: 1 }).lean(),
  ]);
  const serving = [...new Set([...categories, ...services].map((x) => x.departmentCode))];
  const list = await DepartmentModel.find({ active: true, code: { $in: serving } }, { code: 1, name: 1 }).sort({ sortOrder: 1, code: 1 }).limit(limit).lean();
  return list.map((d) => ({ code: d.code, name: d.name }));
}

/** The department's active counter services, in the municipality's order, at most `limit`. */
export async function departmentServices(departmentCode: string, limit: number): Promise<MenuChoice[]> {
  const list = await QueueServiceModel.find({ departmentCode, active: true }, { code: 1, name: 1 }).sort({ sortOrder: 1, code: 1 }).limit(limit).lean();
  return list.map((s) => ({ code: s.code, name: s.name }));
}

/** True when the department takes complaints (has an active category). */
export async function hasCategories(departmentCode: string): Promise<boolean> {
  return (await CategoryModel.exists({ departmentCode, active: true })) !== null;
}

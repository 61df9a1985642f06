import { flowAnswer } from '../../conversation/engine';
import { DONE, type ParseResult } from '../../conversation/flow';
import type { Lang } from '../../i18n/languages';
import type { Message, QuickReplyItem } from '../../line/types';
import { shortLabel } from '../../shared/text';
import { localized } from '../departments/department.model';
import type { PhotoRef } from '../photos/photos.service';
import type { Requirement } from './category.model';

/** What the steps of the filing dialog share: its answers, the order of its steps and how a step answers. */

export const FILE_FLOW_ID = 'complaints.file';

/** The category as the flow keeps it: what the next steps need, as plain JSON. */
export interface ChosenCategory {
  code: string;
  name: { th: string; en?: string | null; my?: string | null };
  photo: Requirement;
  location: Requirement;
  hotline?: string | null;
}

export interface FileAnswers {
  /** The step being asked now (kept here so `absorb` knows whether a map pin answers it). */
  step: string;
  categoryPage?: number;
  category?: ChosenCategory;
  description?: string;
  photos: (PhotoRef & { messageId: string })[];
  /** Photos set aside by "send new photos": deleted when the draft ends, never filed. */
  replacedPhotos?: Pick<PhotoRef, 'fileId'>[];
  location?: { latitude: number; longitude: number; address?: string };
  /** A Thai phone number, or null when the citizen skipped it. */
  phone?: string | null;
  /** True after "edit": each answered step returns to the summary. */
  editing?: boolean;
  /** Follow this open case ("me too") instead of filing. */
  meTooCaseId?: string;
  /** Set by the last step's answer: the flow is finished. */
  done?: boolean;
}

const ORDER = ['category', 'description', 'photos', 'location', 'phone', 'confirm'] as const;
/** LINE's quick-reply label limit. */
export const LABEL_MAX = 20;

/** The category needs a photo and none was sent yet. */
export const needsPhotos = (a: FileAnswers) => a.category?.photo === 'required' && a.photos.length === 0;
/** The category needs a map pin and none was sent yet. */
export const needsLocation = (a: FileAnswers) => a.category?.location === 'required' && !a.location;

/** The step after `from`, skipping what the category does not ask or what was given already. */
export function nextStep(from: string, a: FileAnswers): string {
  if (a.category?.hotline) return DONE;
  if (a.editing) {
    if (needsPhotos(a)) return 'photos';
    if (needsLocation(a)) return 'location';
    return 'confirm';
  }
  for (let i = ORDER.indexOf(from as (typeof ORDER)[number]) + 1; i < ORDER.length; i += 1) {
    const id = ORDER[i];
    if (id === 'photos' && a.category?.photo === 'none' && a.photos.length === 0) continue;
    if (id === 'location' && (a.category?.location === 'none' || a.location)) continue;
    return id;
  }
  return 'confirm';
}

/** Moves to a step; DONE keeps the current step id (a refused filing stays on the summary). */
export const stay = (answers: FileAnswers, step: string): ParseResult<FileAnswers> => ({ ok: true, answers: step === DONE ? { ...answers, done: true } : { ...answers, step, done: false } });
/** Moves on from `from` to the next step the answers call for. */
export const ok = (from: string, answers: FileAnswers): ParseResult<FileAnswers> => stay(answers, nextStep(from, answers));
/** Refuses the answer; the step asks again with this reason. */
export const refuse = (reasonKey: string, params?: Record<string, unknown>): ParseResult<FileAnswers> => ({ ok: false, reasonKey, params });

/** A quick reply answering a step of the filing dialog. */
export function quick(label: string, step: string, value: string, displayText: string = label): QuickReplyItem {
  return { type: 'action', action: { type: 'postback', label: shortLabel(label), data: flowAnswer(FILE_FLOW_ID, step, value), displayText } };
}

/** A question with its quick replies. */
export function textWith(body: string, items: QuickReplyItem[]): Message {
  return { type: 'text', text: body, quickReply: { items } };
}

/** The chosen category's name in the citizen's language. */
export function categoryNameOf(a: FileAnswers, lang: Lang): string {
  return a.category ? localized(a.category.name, lang) : '';
}

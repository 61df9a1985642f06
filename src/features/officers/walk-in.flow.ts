import { flowAnswerValue } from '../../conversation/engine';
import { defineFlow, DONE } from '../../conversation/flow';
import type { QuickReplyItem } from '../../line/types';
import { excerpt } from '../../shared/text';
import { activeCategories, findActiveCategory, type Requirement } from '../complaints/category.model';
import { DESCRIPTION_MAX, DESCRIPTION_MIN, fileComplaint } from '../complaints/complaints.service';
import { normalizeThaiPhone } from '../complaints/phone';
import { localized } from '../departments/department.model';
import { discardPhotos, type PhotoRef } from '../photos/photos.service';
import { actorOf, requireOfficer } from './case-access';
import { absorbPhotos, answerItem, ask, photosStep } from './flow-steps';

export const WALK_IN_FLOW_ID = 'officers.walkIn';
const F = WALK_IN_FLOW_ID;

/** A complaint an officer takes down for a citizen at the counter or on the phone. */
export interface WalkInAnswers {
  channel?: 'walk_in' | 'phone';
  categoryCode?: string;
  photoReq?: Requirement;
  locationReq?: Requirement;
  description?: string;
  location?: { latitude: number; longitude: number; address?: string };
  photos?: PhotoRef[];
  phone?: string;
  number?: string;
}

const SKIP = 'skip';
const afterDescription = (a: WalkInAnswers) => (a.locationReq && a.locationReq !== 'none' ? 'location' : afterLocation(a));
const afterLocation = (a: WalkInAnswers) => (a.photoReq && a.photoReq !== 'none' ? 'photos' : 'phone');

export const walkInFlow = defineFlow<WalkInAnswers>({
  id: F,
  version: 1,
  titleKey: 'officers.flows.walkIn',
  ttlMinutes: 30,
  firstStep: () => 'channel',
  steps: {
    channel: {
      prompt: (ctx) => [ask(ctx, ctx.t('officers.walkIn.askChannel'), (['walk_in', 'phone'] as const).map((c) => answerItem(F, 'channel', ctx.t(`officers.channels.${c}`), c)))],
      parse: (input, a) => {
        const value = flowAnswerValue(input, 'channel');
        return value === 'walk_in' || value === 'phone' ? { ok: true, answers: { ...a, channel: value } } : { ok: false, reasonKey: 'officers.errors.chooseButton' };
      },
    },
    category: {
      async prompt(ctx) {
        const categories = (await activeCategories()).filter((c) => !c.hotline).slice(0, 12);
        return [ask(ctx, ctx.t('officers.walkIn.askCategory'), categories.map((c) => answerItem(F, 'category', `${c.icon ?? ''}${localized(c.name, ctx.lang)}`, c.code)))];
      },
      async parse(input, a) {
        const code = flowAnswerValue(input, 'category');
        const category = code ? await findActiveCategory(code) : null;
        if (!category || category.hotline) return { ok: false, reasonKey: 'officers.errors.chooseButton' };
        return { ok: true, answers: { ...a, categoryCode: category.code, photoReq: category.photo, locationReq: category.location } };
      },
    },
    description: {
      prompt: (ctx) => [ask(ctx, ctx.t('officers.walkIn.askDescription'))],
      parse: (input, a) => {
        if (input.kind !== 'text') return { ok: false, reasonKey: 'officers.errors.needText' };
        const text = input.raw.trim();
        if (text.length < DESCRIPTION_MIN || text.length > DESCRIPTION_MAX) return { ok: false, reasonKey: 'officers.errors.descriptionLength', params: { min: DESCRIPTION_MIN, max: DESCRIPTION_MAX } };
        return { ok: true, answers: { ...a, description: text } };
      },
      next: afterDescription,
    },
    location: {
      prompt: (ctx, a) => {
        const items: QuickReplyItem[] = [{ type: 'action', action: { type: 'location', label: ctx.t('officers.walkIn.sendLocation') } }];
        if (a.locationReq === 'optional') items.push(answerItem(F, 'location', ctx.t('officers.flow.skip'), SKIP));
        return [ask(ctx, ctx.t(a.locationReq === 'required' ? 'officers.walkIn.askLocationRequired' : 'officers.walkIn.askLocation'), items)];
      },
      parse: (input, a) => {
        if (input.kind === 'location') return { ok: true, answers: { ...a, location: { latitude: input.latitude, longitude: input.longitude, address: input.address } } };
        if (a.locationReq === 'optional' && flowAnswerValue(input, 'location') === SKIP) return { ok: true, answers: a };
        return { ok: false, reasonKey: 'officers.errors.needLocation' };
      },
      next: afterLocation,
    },
    photos: { ...photosStep<WalkInAnswers>(F, 'officers.walkIn.askPhotos', (a) => a.photoReq === 'required'), next: () => 'phone' },
    phone: {
      prompt: (ctx) => [ask(ctx, ctx.t('officers.walkIn.askPhone'), [answerItem(F, 'phone', ctx.t('officers.flow.skip'), SKIP)])],
      parse: (input, a) => {
        if (flowAnswerValue(input, 'phone') === SKIP) return { ok: true, answers: { ...a, phone: undefined } };
        const phone = input.kind === 'text' ? normalizeThaiPhone(input.text) : undefined;
        return phone ? { ok: true, answers: { ...a, phone } } : { ok: false, reasonKey: 'officers.errors.badPhone' };
      },
    },
    confirm: {
      async prompt(ctx, a) {
        const category = a.categoryCode ? await findActiveCategory(a.categoryCode) : null;
        const summary = ctx.t('officers.walkIn.confirm', {
          channel: ctx.t(`officers.channels.${a.channel ?? 'walk_in'}`),
          category: localized(category?.name, ctx.lang) || a.categoryCode,
          description: excerpt(a.description ?? '', 300),
          phone: a.phone ?? ctx.t('officers.walkIn.noPhone'),
          photos: a.photos?.length ?? 0,
        });
        return [ask(ctx, summary, [answerItem(F, 'confirm', ctx.t('common.confirm'), 'yes')])];
      },
      parse: (input, a) => (flowAnswerValue(input, 'confirm') === 'yes' ? { ok: true, answers: a } : { ok: false, reasonKey: 'officers.errors.chooseButton' }),
      next: () => DONE,
    },
  },
  absorb: absorbPhotos(F),
  async onDone(ctx, a) {
    const officer = await requireOfficer(ctx);
    const doc = await fileComplaint(
      {
        channel: a.channel ?? 'walk_in',
        categoryCode: a.categoryCode ?? '',
        description: a.description ?? '',
        photos: a.photos ?? [],
        location: a.location,
        phone: a.phone,
        filedBy: actorOf(officer),
        sourceEventId: ctx.webhookEventId,
      },
      ctx.now,
    );
    ctx.reply({ type: 'text', text: ctx.t('officers.walkIn.done', { number: doc.number }) });
  },
  onAbandon: (a) => discardPhotos(a.photos),
});

import { z } from 'zod';
import type { BotContext } from '../../line/context';
import type { BotRouter } from '../../line/router';
import { getSettings } from '../municipality/settings';
import { buildContactCard } from '../../../flex-messages/content/contact-card';
import { buildHowTo, buildNoGiftPolicy, buildPrivacyNotice, buildPublicInfo } from '../../../flex-messages/content/notices';
import { buildServiceManualBubble, buildServiceManuals, type ServiceManualView } from '../../../flex-messages/content/service-manuals';
import { pick, type ServiceManual } from './content.schema';
import { getContent, listServiceManuals } from './content.service';

/** Command words of each entry (Thai first; the rich menu sends the first one). */
export const CONTENT_COMMANDS = {
  contact: ['ติดต่อเทศบาล', 'ติดต่อ', 'contact', 'contact us'],
  privacy: ['ความเป็นส่วนตัว', 'นโยบายความเป็นส่วนตัว', 'privacy', 'privacy notice'],
  howTo: ['วิธีใช้งาน', 'วิธีใช้', 'how to use', 'how to'],
  noGift: ['งดรับของขวัญ', 'นโยบายงดรับของขวัญ', 'no gift policy', 'no gift'],
  publicInfo: ['ข้อมูลสาธารณะ', 'เปิดเผยข้อมูล', 'public information', 'public info'],
  manuals: ['คู่มือประชาชน', 'คู่มือ', 'service manual', 'service manuals'],
} as const;

async function contact(ctx: BotContext): Promise<void> {
  const c = await getContent('contact');
  const view = {
    name: pick(c.name, ctx.lang),
    address: pick(c.address, ctx.lang),
    hours: pick(c.hours, ctx.lang),
    phones: c.phones.map((p) => ({ label: pick(p.label, ctx.lang), number: p.number })),
    mapUrl: c.mapUrl,
    email: c.email,
    website: c.website,
  };
  ctx.reply(buildContactCard(view, ctx.t));
}

async function privacy(ctx: BotContext): Promise<void> {
  const [p, settings] = await Promise.all([getContent('privacy'), getSettings()]);
  // {retentionDays} in the text is the configured retention period, so notice and practice agree.
  const fill = (s: string) => s.replace(/\{retentionDays\}/g, String(settings.retentionDays));
  ctx.reply(buildPrivacyNotice({ controller: pick(p.controller, ctx.lang), sections: p.sections.map((s) => ({ title: pick(s.title, ctx.lang), body: fill(pick(s.body, ctx.lang)) })) }, ctx.t));
}

async function howTo(ctx: BotContext): Promise<void> {
  const h = await getContent('howTo');
  ctx.reply(buildHowTo({ intro: pick(h.intro, ctx.lang), steps: h.steps.map((s) => ({ title: pick(s.title, ctx.lang), body: pick(s.body, ctx.lang) })) }, ctx.t));
}

async function noGift(ctx: BotContext): Promise<void> {
  const n = await getContent('noGift');
  ctx.reply(buildNoGiftPolicy({ year: n.year, title: pick(n.title, ctx.lang), body: pick(n.body, ctx.lang), url: n.url }, ctx.t));
}

async function publicInfo(ctx: BotContext): Promise<void> {
  const p = await getContent('publicInfo');
  ctx.reply(buildPublicInfo({ intro: pick(p.intro, ctx.lang), links: p.links.map((l) => ({ label: pick(l.label, ctx.lang), url: l.url })) }, ctx.t));
}

function manualView(m: ServiceManual, ctx: BotContext): ServiceManualView {
  return { name: pick(m.name, ctx.lang), steps: m.steps.map((s) => pick(s, ctx.lang)), time: pick(m.time, ctx.lang), documents: m.documents.map((d) => pick(d, ctx.lang)), fees: pick(m.fees, ctx.lang) };
}

async function manuals(ctx: BotContext): Promise<void> {
  const list = await listServiceManuals();
  if (list.length === 0) {
    ctx.reply({ type: 'text', text: ctx.t('content.manuals.none') });
    return;
  }
  ctx.reply(...buildServiceManuals(list.map((m) => manualView(m, ctx)), ctx.t));
}

/** One service's manual (postback `content.manual` s=<service code>, e.g. from the queue feature). */
async function manualOf(ctx: BotContext, { s }: { s: string }): Promise<void> {
  const manual = (await listServiceManuals()).find((m) => m.code === s);
  if (!manual) {
    ctx.reply({ type: 'text', text: ctx.t('content.manuals.notFound') });
    return;
  }
  const bubble = buildServiceManualBubble(manualView(manual, ctx), ctx.t);
  ctx.reply({ type: 'flex', altText: ctx.t('content.manuals.altTextOne', { name: pick(manual.name, ctx.lang) }), contents: bubble });
}

export function registerContentHandlers(router: BotRouter): void {
  router.command(CONTENT_COMMANDS.contact, contact);
  router.command(CONTENT_COMMANDS.privacy, privacy);
  router.command(CONTENT_COMMANDS.howTo, howTo);
  router.command(CONTENT_COMMANDS.noGift, noGift);
  router.command(CONTENT_COMMANDS.publicInfo, publicInfo);
  router.command(CONTENT_COMMANDS.manuals, manuals);
  router.postback('content.manual', z.object({ s: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/) }), manualOf);
}

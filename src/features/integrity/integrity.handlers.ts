import { z } from 'zod';
import { buildIntegrityReportCard, buildIntegrityReportList, buildIntegrityStats } from '../../../flex-messages/integrity/officer';
import type { BotContext } from '../../line/context';
import { encodePostback } from '../../line/postback';
import type { BotRouter } from '../../line/router';
import type { ConversationEngine } from '../../conversation/engine';
import { formatDate, formatDateTime } from '../../shared/dates';
import { getSettings } from '../municipality/settings';
import { evidenceUrl } from './evidence-links';
import { INTEGRITY_STATUSES, nextStatuses, statusGroup } from './integrity-status';
import { INTEGRITY_KINDS } from './integrity.model';
import { VIEW_ACTION } from './integrity.notify';
import { integrityCountsFor, listOpenReports, reportsLeftToday, reportStatusFor, viewReport } from './integrity.service';
import { officerStatusFlow, STATUS_FLOW } from './officer-status.flow';
import { REPORT_FLOW, reportFlow } from './report.flow';
import { answerTracking, TRACK_FLOW, trackFlow } from './track.flow';

export const START_WORDS = ['แจ้งทุจริต', 'แจ้งเบาะแส', 'report corruption'];
export const TRACK_WORDS = ['ติดตามเบาะแส', 'track report'];
export const STATS_WORDS = ['สถิติเบาะแส', 'integrity stats'];
export const LIST_WORDS = ['รายการเบาะแส', 'integrity reports'];

const noFields = z.object({}).passthrough();
const idFields = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/i) });

/**
 * The confidential channel answers only in the one-to-one chat with the OA: in a group or room,
 * every member would read the dialog, the report card or the tracking result. The refusal names
 * no feature, so it does not tell the group what someone tried to open.
 */
function privateChatOnly<A extends unknown[]>(handler: (ctx: BotContext, ...args: A) => Promise<void> | void) {
  return async (ctx: BotContext, ...args: A): Promise<void> => {
    if (ctx.chatType !== 'user') {
      ctx.reply({ type: 'text', text: ctx.t('conversation.privateChatOnly') });
      return;
    }
    await handler(ctx, ...args);
  };
}

/** Starts the confidential report dialog, unless today's limit is used up. */
async function startReport(ctx: BotContext): Promise<void> {
  if (!ctx.userId) return;
  if ((await reportsLeftToday(ctx.userId, ctx.now)) <= 0) {
    const { integrity } = await getSettings();
    ctx.reply({ type: 'text', text: ctx.t('integrity.errors.dailyLimit', { limit: integrity.dailyReportLimit, damrongdham: integrity.hotlines.damrongdham }) });
    return;
  }
  const { integrity } = await getSettings();
  await ctx.conversation.start(REPORT_FLOW, { anonymousAllowed: integrity.allowAnonymous });
}

/** The full report card for an integrity officer (the view is logged by the service). */
async function showReport(ctx: BotContext, reportId: string): Promise<void> {
  const { officer, report } = await viewReport(ctx.userId, reportId, ctx.now);
  const officerId = String(officer._id);
  ctx.reply(
    buildIntegrityReportCard(
      {
        reference: report.reference,
        statusLabel: ctx.t(`integrity.status.${report.status}`),
        kindLabel: ctx.t(`integrity.kind.${report.kind}`),
        receivedAt: formatDateTime(report.receivedAt, ctx.lang),
        dueDate: formatDate(report.dueAt, ctx.lang),
        overdue: report.dueAt.getTime() < ctx.now.getTime() && statusGroup(report.status) === 'open',
        anonymous: report.anonymous,
        identity: report.identity ? { name: report.identity.name, phone: report.identity.phone } : undefined,
        notify: report.notify,
        subject: report.details.subject,
        whenWhere: report.details.whenWhere,
        description: report.details.description,
        evidence: report.evidence.map((e, i) => ({ label: ctx.t(e.kind === 'photo' ? 'integrity.card.photo' : 'integrity.card.file', { n: i + 1 }), url: evidenceUrl(e.fileId, officerId, ctx.now) })),
        history: report.history.map((h) => ({ at: formatDateTime(h.at, ctx.lang), statusLabel: ctx.t(`integrity.status.${h.to}`), officerName: h.officerName, note: h.note, publicText: h.publicText })),
        publicOutcome: report.publicOutcome,
        statusData: nextStatuses(report.status).length > 0 ? encodePostback('integrity.status', { id: report.id }) : undefined,
      },
      ctx.t,
    ),
  );
}

async function showList(ctx: BotContext): Promise<void> {
  const { total, reports } = await listOpenReports(ctx.userId, ctx.now);
  if (reports.length === 0) {
    ctx.reply({ type: 'text', text: ctx.t('integrity.list.empty') });
    return;
  }
  ctx.reply(
    buildIntegrityReportList(
      reports.map((r) => ({
        reference: r.reference,
        statusLabel: ctx.t(`integrity.status.${r.status}`),
        kindLabel: ctx.t(`integrity.kind.${r.kind}`),
        receivedAt: formatDate(r.receivedAt, ctx.lang),
        dueDate: formatDate(r.dueAt, ctx.lang),
        overdue: r.dueAt.getTime() < ctx.now.getTime() && statusGroup(r.status) === 'open',
        viewData: encodePostback(VIEW_ACTION, { id: r.id }),
      })),
      total,
      ctx.t,
    ),
  );
}

async function showStats(ctx: BotContext): Promise<void> {
  const counts = await integrityCountsFor(ctx.userId, ctx.now);
  ctx.reply(
    buildIntegrityStats(
      {
        asOf: formatDateTime(ctx.now, ctx.lang),
        total: counts.total,
        byStatus: INTEGRITY_STATUSES.map((s) => ({ label: ctx.t(`integrity.status.${s}`), count: counts.byStatus[s] })),
        byKind: INTEGRITY_KINDS.map((k) => ({ label: ctx.t(`integrity.kind.${k}`), count: counts.byKind[k] })),
      },
      ctx.t,
    ),
  );
}

/** Registers the confidential channel's commands, buttons and flows. */
export function registerIntegrity({ router, engine }: { router: BotRouter; engine: ConversationEngine }): void {
  engine.register(reportFlow);
  engine.register(trackFlow);
  engine.register(officerStatusFlow);

  const startTracking = (ctx: BotContext) => ctx.conversation.start(TRACK_FLOW);
  router.command(START_WORDS, privateChatOnly(startReport));
  router.postback('integrity.start', noFields, privateChatOnly(startReport));
  router.command(TRACK_WORDS, privateChatOnly(startTracking));
  router.postback('integrity.track', noFields, privateChatOnly(startTracking));
  // "<reference> <PIN>" typed in one message, or the reference alone (then the PIN is asked).
  router.pattern(
    /^R-?[A-Z0-9]{10}\s+\d{6}$/i,
    privateChatOnly(async (ctx, match: RegExpExecArray) => {
      const [reference, pin] = match[0].trim().split(/\s+/);
      await answerTracking(ctx, reference, pin);
    }),
  );
  router.pattern(
    /^R-[A-Z0-9]{10}$/i,
    privateChatOnly((ctx, match: RegExpExecArray) => ctx.conversation.start(TRACK_FLOW, { reference: match[0].toUpperCase() })),
  );

  router.postback(VIEW_ACTION, idFields, privateChatOnly((ctx, { id }: { id: string }) => showReport(ctx, id)));
  router.postback(
    'integrity.status',
    idFields,
    privateChatOnly(async (ctx, { id }: { id: string }) => {
      const { reference, status } = await reportStatusFor(ctx.userId, id, ctx.now);
      if (nextStatuses(status).length === 0) {
        ctx.reply({ type: 'text', text: ctx.t('integrity.officer.closed', { reference }) });
        return;
      }
      await ctx.conversation.start(STATUS_FLOW, { reportId: id, reference, from: status });
    }),
  );
  router.command(LIST_WORDS, privateChatOnly(showList));
  router.postback('integrity.list', noFields, privateChatOnly(showList));
  router.command(STATS_WORDS, showStats);
  router.postback('integrity.stats', noFields, showStats);
}

import { isValidObjectId } from 'mongoose';
import { translator } from '../../i18n';
import { encodePostback } from '../../line/postback';
import type { QuickReplyItem } from '../../line/types';
import { enqueuePush } from '../../notifications/outbox.service';
import { shortLabel } from '../../shared/text';
import { localized } from '../departments/department.model';
import { getSettings } from '../municipality/settings';
import { OfficerModel } from '../officers/officer.model';
import { languageOf } from '../users/users.service';
import type { QueueService } from './service.model';
import type { QueueStep, QueueTicket } from './ticket.model';

/**
 * The pushes the queue sends to counter officers about tickets they called: each in the
 * officer's language, once (dedupe key), with the button for what the officer does next.
 */

async function calledBy(ticket: QueueTicket, step: QueueStep): Promise<{ lineUserId: string } | null> {
  const officerId = step.officerId ?? ticket.officerId;
  if (!officerId || !isValidObjectId(officerId)) return null;
  return OfficerModel.findOne({ _id: officerId, active: true }, { lineUserId: 1 }).lean<{ lineUserId: string }>();
}

const button = (label: string, data: string, displayText: string): QuickReplyItem => ({ type: 'action', action: { type: 'postback', label: shortLabel(label), data, displayText } });

/** The citizen cancelled a ticket the officer had called: the counter is free for the next. */
export async function tellOfficerCancelled(ticket: QueueTicket, service: Pick<QueueService, 'name'>, step: QueueStep): Promise<void> {
  const officer = await calledBy(ticket, step);
  if (!officer) return;
  const lang = await languageOf(officer.lineUserId);
  const t = translator(lang);
  await enqueuePush({
    to: officer.lineUserId,
    messages: [
      {
        type: 'text',
        text: t('queue.counter.cancelledByCitizen', { label: ticket.label, counter: step.counterNo, service: localized(service.name, lang) }),
        quickReply: { items: [button(t('queue.buttons.callNext'), encodePostback('queue.callNext'), t('queue.buttons.callNext'))] },
      },
    ],
    topic: 'queue.cancelledAtCounter',
    dedupeKey: `queue.cancelledAtCounter:${ticket._id.toString()}`,
  });
}

/** A walk-in ticket lapsed as a no-show: its holder has no LINE, so the officer who called it is told and may put it back once. */
export async function tellOfficerWalkInLapsed(ticket: QueueTicket, service: Pick<QueueService, 'name'>, step: QueueStep): Promise<void> {
  const officer = await calledBy(ticket, step);
  if (!officer) return;
  const lang = await languageOf(officer.lineUserId);
  const t = translator(lang);
  const { noShowMinutes } = (await getSettings()).queue;
  const params = { label: ticket.label, service: localized(service.name, lang), minutes: noShowMinutes };
  const items = [button(t('queue.buttons.callNext'), encodePostback('queue.callNext'), t('queue.buttons.callNext'))];
  if (step.canRejoin) items.unshift(button(t('queue.buttons.rejoinWalkIn'), encodePostback('queue.rejoinWalkIn', { t: ticket._id.toString() }), t('queue.buttons.rejoinWalkInDisplay', { label: ticket.label })));
  await enqueuePush({
    to: officer.lineUserId,
    messages: [{ type: 'text', text: t(step.canRejoin ? 'queue.walkIn.lapsed' : 'queue.walkIn.lapsedFinal', params), quickReply: { items } }],
    topic: 'queue.walkInLapsed',
    dedupeKey: `queue.walkInLapsed:${ticket._id.toString()}:${step.id}`,
  });
}

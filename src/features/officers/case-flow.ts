import type { CaseAction } from '../../../flex-messages/officers/views';
import type { BotContext } from '../../line/context';
import type { ComplaintDoc } from '../complaints/complaint.model';
import type { PhotoRef } from '../photos/photos.service';
import { assertAccess, loadCase, requireOfficer, type ActiveOfficer } from './case-access';

/** What every case flow remembers: the case, its number (for prompts) and the officer's input. */
export interface CaseFlowAnswers {
  caseId: string;
  number: string;
  note?: string;
  photos?: PhotoRef[];
  /** forward: the department chosen. */
  to?: string;
  /** forward: the page of departments shown (quick replies hold 13 items). */
  page?: number;
  /** delayReason: the expected completion date, YYYY-MM-DD in Bangkok. */
  expected?: string;
}

/** The case buttons that open a short dialog (accept acts at once). */
export const FLOW_ACTIONS = ['update', 'ask', 'forward', 'resolve', 'refer', 'delayReason'] as const satisfies readonly CaseAction[];
export type FlowAction = (typeof FLOW_ACTIONS)[number];

/** Each dialog's flow id: `officers.<action>`. */
export const FLOW_IDS = Object.fromEntries(FLOW_ACTIONS.map((action) => [action, `officers.${action}`])) as { readonly [A in FlowAction]: `officers.${A}` };

/** Re-checks, when the flow finishes, what was checked when the button was pressed. */
export async function authorise(ctx: BotContext, caseId: string, action: CaseAction): Promise<{ officer: ActiveOfficer; doc: ComplaintDoc }> {
  const officer = await requireOfficer(ctx);
  const doc = await loadCase(caseId);
  assertAccess(ctx, officer, doc, action);
  return { officer, doc };
}

/** The officer's confirmation at the end of a flow. */
export function replyDone(ctx: BotContext, key: string, params: Record<string, unknown>): void {
  ctx.reply({ type: 'text', text: ctx.t(key, params) });
}

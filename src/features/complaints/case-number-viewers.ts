import type { BotContext } from '../../line/context';
import type { BotRouter } from '../../line/router';

/**
 * A typed case number is the complaints feature's pattern; another feature may answer it first
 * (the officers feature shows an officer its own card). Registered per router, so complaints
 * imports no other feature and each runtime keeps its own.
 */

/** Answers a typed case number and returns true, or returns false to let the citizen's view answer. */
export type CaseNumberViewer = (ctx: BotContext, caseNumber: string) => Promise<boolean>;

const viewersByRouter = new WeakMap<BotRouter, Set<CaseNumberViewer>>();

/** Asks `viewer` first whenever a case number is typed to this router's bot. */
export function addCaseNumberViewer(router: BotRouter, viewer: CaseNumberViewer): void {
  viewersByRouter.set(router, (viewersByRouter.get(router) ?? new Set()).add(viewer));
}

/** True when a registered viewer answered the typed number. */
export async function answeredByViewer(router: BotRouter, ctx: BotContext, caseNumber: string): Promise<boolean> {
  for (const viewer of viewersByRouter.get(router) ?? []) {
    if (await viewer(ctx, caseNumber)) return true;
  }
  return false;
}

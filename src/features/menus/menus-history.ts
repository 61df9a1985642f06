import { MenuDeploymentModel } from './menu-deploy.model';

/**
 * The menus an alias has been live on, oldest first, read from the deployments: an apply that
 * points the alias at a menu adds it, a rollback steps back to the one before, and a removed spec
 * starts the alias's history again. Rollback goes to the entry under the top, so after rolling
 * back a bad v2 and deploying v3, the next rollback returns to v1, never to the bad v2.
 */
export async function liveHistory(alias: string): Promise<string[]> {
  const deployments = await MenuDeploymentModel.find({ $or: [{ 'repointed.alias': alias }, { 'removed.alias': alias }] }, { kind: 1, repointed: 1, removed: 1 })
    .sort({ at: 1, _id: 1 })
    .lean();
  let stack: string[] = [];
  for (const d of deployments) {
    if ((d.removed ?? []).some((r) => r.alias === alias)) stack = [];
    for (const r of d.repointed ?? []) {
      if (r.alias !== alias || !r.to) continue;
      if (d.kind === 'rollback') {
        while (stack.length > 0 && stack[stack.length - 1] !== r.to) stack.pop();
        if (stack.length === 0) stack.push(r.to);
      } else if (stack[stack.length - 1] !== r.to) stack.push(r.to);
    }
  }
  return stack;
}

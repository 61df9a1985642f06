/**
 * Rich menus as code (specs in src/features/menus/specs/, documented by its README.md):
 *   npm run menus -- validate            check every spec against LINE's rules and the bot's commands
 *   npm run menus -- render [--out dir]  write the images for review (default data/menus/)
 *   npm run menus -- plan                what apply would change (MongoDB's record checked against LINE's, read only)
 *   npm run menus -- apply               deploy the changes to LINE and record the deployment
 *   npm run menus -- rollback [--alias a] point the last deployment's aliases back at what was live before
 *   npm run menus -- list                what is live, the versions kept, the last deployments
 * Options: --specs <dir> (another specs folder). Who deploys: ADMIN_USER or the OS user.
 * The CLI only parses arguments and prints; the work is in src/features/menus/*.service.ts.
 */
import path from 'node:path';
import { ConfigError, type AppConfig } from '../src/config';
import { adminActor, adminConfig, AdminError, configureAdminLine, configureAdminLineIfReachable, connectAdminDatabase } from '../src/admin/admin-connection';
import { features } from '../src/features';
import { MenuValidationError, loadDesiredMenus, renderMenusTo } from '../src/features/menus/menu-desired';
import { DEFAULT_SPECS_DIR } from '../src/features/menus/menu-spec';
import { applyMenus } from '../src/features/menus/menus-deploy.service';
import { CREATIONS_PER_HOUR, DELETIONS_PER_HOUR, MenuDeployError } from '../src/features/menus/menus-live';
import { planMenus, type MenuChange, type MenuPlan } from '../src/features/menus/menus-plan';
import { listMenus, rollbackMenus } from '../src/features/menus/menus-rollback.service';
import { LineApiError } from '../src/line/line-client';
import { createRuntime } from '../src/runtime';
import { setLogLevel } from '../src/shared/logger';

const USAGE = `usage: npm run menus -- <validate|render|plan|apply|rollback|list> [--specs <dir>] [--out <dir>] [--alias <alias>]`;
const print = (line = '') => process.stdout.write(`${line}\n`);
const short = (id: string | undefined) => (id ? id.slice(0, 12) : '-');

function parseArgs(argv: string[]): { command?: string; flags: Record<string, string> } {
  const flags: Record<string, string> = {};
  let command: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg.startsWith('--')) {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new AdminError(`${arg} needs a value`);
      flags[arg.slice(2)] = value;
      i += 1;
    } else if (!command) command = arg;
    else throw new AdminError(`unexpected argument "${arg}"`);
  }
  return { command, flags };
}

function describeChange(m: MenuChange): string {
  const why = 'why' in m && m.why ? ` (${m.why})` : '';
  if (m.action === 'unchanged') return 'unchanged';
  if (m.action === 'remove') return 'remove the alias (its spec file is gone; versions kept)';
  if (m.action === 'create') return `create (new version)${why}`;
  return `repoint to kept version ${short(m.richMenuId)}${why}`;
}

function printPlan(plan: MenuPlan): void {
  for (const m of plan.menus) {
    const changedHash = m.action !== 'unchanged' && m.action !== 'remove' && m.liveHash && m.liveHash !== m.hash;
    const hashes = m.action === 'remove' ? short(m.liveHash) : `${changedHash ? `${short(m.liveHash)} -> ` : ''}${short(m.hash)}`;
    print(`  ${m.alias.padEnd(16)} ${describeChange(m).padEnd(40)} ${hashes}`);
  }
  if (plan.setDefault) print(`  default menu      -> ${plan.setDefault}`);
  if (plan.officers.link.length > 0) print(`  officers          link ${plan.officers.link.length} to ${plan.officers.alias}`);
  if (plan.officers.unlink.length > 0) print(`  officers          unlink ${plan.officers.unlink.length} (${plan.officers.alias ? 'no longer active' : 'no spec links officers'})`);
  for (const d of plan.deletions) print(`  delete old        ${d.alias} ${d.richMenuId}`);
  for (const g of plan.gone) print(`  forget lost       ${g.alias} ${g.richMenuId} (LINE no longer has it)`);
  const { creations, deletions } = plan.lastHour;
  print(`  LINE allows ${CREATIONS_PER_HOUR} creations and ${DELETIONS_PER_HOUR} deletions per hour: this needs ${plan.creationsNeeded} and ${plan.deletionsNeeded}; the last hour saw ${creations} and ${deletions}`);
  if (!plan.lineChecked) print('  (LINE was not asked: no server is running its fake LINE API, so this compares with MongoDB only)');
  if (!plan.changes) print('Nothing to change: LINE has these menus already.');
}

async function run(argv: string[]): Promise<number> {
  const { command, flags } = parseArgs(argv);
  if (!command || command === 'help') {
    print(USAGE);
    return command ? 0 : 2;
  }
  if (!['validate', 'render', 'plan', 'apply', 'rollback', 'list'].includes(command)) throw new AdminError(`unknown command "${command}"\n${USAGE}`);
  const config: AppConfig = adminConfig();
  setLogLevel(process.env.LOG_LEVEL ?? 'warn');
  const specsDir = flags.specs ? path.resolve(flags.specs) : DEFAULT_SPECS_DIR;
  // The real bot's router: a menu may only carry buttons the bot answers.
  const { router } = createRuntime(config, features);

  if (command === 'validate') {
    const menus = await loadDesiredMenus(router, specsDir);
    for (const m of menus) print(`ok  ${m.alias.padEnd(16)} ${m.spec.areas.length} areas, ${m.image.width}x${m.image.height}, ${m.image.data.length} bytes  ${path.relative(process.cwd(), m.file)}`);
    return 0;
  }
  if (command === 'render') {
    const outDir = path.resolve(flags.out ?? path.join(config.dataDir, 'menus'));
    for (const r of await renderMenusTo(router, outDir, specsDir)) print(`${r.alias.padEnd(16)} ${r.width}x${r.height} ${r.bytes} bytes  ${r.path}`);
    return 0;
  }

  const db = await connectAdminDatabase(config);
  try {
    const actor = adminActor();
    if (command === 'plan') {
      print(`Plan for ${specsDir}:`);
      printPlan(await planMenus({ router, actor, specsDir, line: configureAdminLineIfReachable(config) }));
      return 0;
    }
    const line = configureAdminLine(config);
    if (command === 'apply') {
      const result = await applyMenus({ router, actor, specsDir, line });
      printPlan(result);
      for (const c of result.created) print(`created ${c.alias} ${c.richMenuId}`);
      if (result.changes) print(`Applied by ${actor}.`);
      return 0;
    }
    if (command === 'rollback') {
      const result = await rollbackMenus({ actor, alias: flags.alias, line });
      for (const r of result.repointed) print(`${r.alias.padEnd(16)} ${r.from} -> ${r.to} (version ${r.seq})`);
      if (result.defaultRichMenuId) print(`default menu -> ${result.defaultRichMenuId}`);
      if (result.officersLinked > 0) print(`officers relinked: ${result.officersLinked}`);
      return 0;
    }
    const listing = await listMenus({ line });
    print('Live:');
    for (const l of listing.live) {
      const drift = l.atLine !== l.richMenuId ? `  (LINE's alias points to ${l.atLine ?? 'nothing'}!)` : '';
      print(`  ${l.alias.padEnd(16)} ${l.richMenuId} v${l.seq ?? '?'} ${short(l.hash)} by ${l.createdBy ?? '?'} ${l.createdAt?.toISOString() ?? ''}${drift}`);
    }
    if (listing.live.length === 0) print('  nothing deployed yet');
    print(`Default menu: ${listing.defaultRichMenuId ?? '-'}; officers linked: ${listing.officersLinked}`);
    print('Versions kept:');
    for (const v of listing.versions) print(`  ${v.alias.padEnd(16)} v${v.seq} ${v.richMenuId} ${short(v.hash)}${v.live ? '  live' : ''}`);
    print('Last deployments:');
    for (const d of listing.deployments) print(`  ${d.at.toISOString()} ${d.kind.padEnd(8)} ${d.status.padEnd(6)} by ${d.by}: ${d.repointed.join(', ') || 'no alias changed'}, ${d.creations} created${d.error ? ` (${d.error})` : ''}`);
    return 0;
  } finally {
    await db.close();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof MenuValidationError) process.stderr.write(`${err.message}\n`);
    else if (err instanceof ConfigError || err instanceof AdminError || err instanceof MenuDeployError) process.stderr.write(`error: ${err.message}\n`);
    else if (err instanceof LineApiError) process.stderr.write(`error: LINE answered ${err.status}: ${err.body || err.message}\n`);
    // Anything else is unexpected: its message, and the stack only when asked for with LOG_LEVEL=debug.
    else process.stderr.write(`error: ${err instanceof Error ? (process.env.LOG_LEVEL === 'debug' ? (err.stack ?? err.message) : err.message) : String(err)}\n`);
    process.exit(1);
  },
);

/**
 * Rich menus as code (specs in src/features/menus/specs/, documented by its README.md):
 *   npm run menus -- validate            check every spec against LINE's rules and the bot's commands
 *   npm run menus -- render [--out dir]  write the images for review (default data/menus/)
 *   npm run menus -- plan                what apply would change (MongoDB's record, no LINE call)
 *   npm run menus -- apply               deploy the changes to LINE and record the deployment
 *   npm run menus -- rollback [--alias a] point the last deployment's aliases at their previous version
 *   npm run menus -- list                what is live, the versions kept, the last deployments
 * Options: --specs <dir> (another specs folder). Who deploys: ADMIN_USER or the OS user.
 * The CLI only parses arguments and prints; the work is in src/features/menus/*.service.ts.
 */
import path from 'node:path';
import { ConfigError, loadConfig, type AppConfig } from '../src/config';
import { AdminError, adminActor, configureAdminLine, connectAdminDatabase } from '../src/admin/admin-connection';
import { features } from '../src/features';
import { MenuValidationError, loadDesiredMenus, renderMenusTo } from '../src/features/menus/menu-desired';
import { DEFAULT_SPECS_DIR } from '../src/features/menus/menu-spec';
import { applyMenus, CREATIONS_PER_HOUR, MenuDeployError, planMenus, type MenuPlan } from '../src/features/menus/menus-deploy.service';
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

function printPlan(plan: MenuPlan): void {
  for (const m of plan.menus) {
    const what = m.action === 'unchanged' ? 'unchanged' : m.action === 'create' ? 'create (new version)' : `repoint to kept version ${short(m.richMenuId)}`;
    print(`  ${m.alias.padEnd(16)} ${what.padEnd(40)} ${m.action !== 'unchanged' && m.liveHash ? `${short(m.liveHash)} -> ` : ''}${short(m.hash)}`);
  }
  if (plan.setDefault) print(`  default menu      -> ${plan.setDefault}`);
  if (plan.officers.link.length > 0) print(`  officers          link ${plan.officers.link.length} to ${plan.officers.alias}`);
  if (plan.officers.unlink.length > 0) print(`  officers          unlink ${plan.officers.unlink.length} (no longer active)`);
  for (const d of plan.deletions) print(`  delete old        ${d.alias} ${d.richMenuId}`);
  print(`  creations: ${plan.creationsNeeded} needed, ${plan.creationsLastHour} in the last hour (LINE allows ${CREATIONS_PER_HOUR} per hour)`);
  if (!plan.changes) print('Nothing to change: LINE has these menus already.');
}

async function run(argv: string[]): Promise<number> {
  const { command, flags } = parseArgs(argv);
  if (!command || command === 'help') {
    print(USAGE);
    return command ? 0 : 2;
  }
  if (!['validate', 'render', 'plan', 'apply', 'rollback', 'list'].includes(command)) throw new AdminError(`unknown command "${command}"\n${USAGE}`);
  const config: AppConfig = loadConfig();
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
      printPlan(await planMenus({ router, actor, specsDir }));
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
    else process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);

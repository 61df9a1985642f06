/**
 * Officer accounts from the command line:
 *   npm run officers -- invite --department <code> --role <officer|head|integrity|admin> [--name <name>]
 *   npm run officers -- list [--department <code>]
 *   npm run officers -- revoke <lineUserId|officerId>
 *   npm run officers -- departments
 *   npm run officers -- group <department> <groupId>     (or --clear)
 * `invite` prints the single-use code alone on its last line (scripts can take `tail -n 1`).
 */
import { ConfigError } from '../src/config';
import { adminConfig, configureAdminLineIfReachable, connectAdminDatabase } from '../src/admin/admin-connection';
import { translator } from '../src/i18n';
import { AppError } from '../src/shared/errors';
import { setLogLevel } from '../src/shared/logger';
import { formatDateTime } from '../src/shared/dates';
import { setDepartmentGroup } from '../src/features/officers/department-group';
import { inviteOfficer, listDepartments, listOfficers, revokeOfficer } from '../src/features/officers/officers.service';

const USAGE = `usage:
  officers invite --department <code> --role <officer|head|integrity|admin> [--name <name>]
  officers list [--department <code>]
  officers revoke <lineUserId|officerId>
  officers departments
  officers group <department> <groupId>
  officers group <department> --clear`;

/** Flags that take no value. */
const SWITCHES = new Set(['clear', 'help']);

/** Splits argv into positional words and --flag values. */
export function parseArgs(argv: string[]): { positional: string[]; flags: Record<string, string> } {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=', 2);
      if (inline !== undefined) flags[name] = inline;
      else if (SWITCHES.has(name)) flags[name] = 'true';
      else {
        const value = argv[i + 1];
        if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
        flags[name] = value;
        i += 1;
      }
    } else positional.push(arg);
  }
  return { positional, flags };
}

const print = (line: string) => process.stdout.write(`${line}\n`);

async function run(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv);
  const [command, ...rest] = positional;
  if (!command || command === 'help' || flags.help !== undefined) {
    print(USAGE);
    return command ? 0 : 1;
  }
  const config = adminConfig();
  setLogLevel(process.env.LOG_LEVEL ?? 'warn');
  const t = translator('en');
  const db = await connectAdminDatabase(config);
  try {
    switch (command) {
      case 'invite': {
        if (!flags.department || !flags.role) throw new Error('invite needs --department and --role');
        const { code, expiresAt } = await inviteOfficer({ departmentCode: flags.department, role: flags.role, name: flags.name }, new Date());
        print(`Invitation for ${flags.role} of ${flags.department}${flags.name ? ` (${flags.name})` : ''}, valid until ${formatDateTime(expiresAt, 'en')} (Bangkok time).`);
        print('The officer types in the LINE OA: ลงทะเบียนเจ้าหน้าที่ <code>  (or: register <code>)');
        print(code);
        return 0;
      }
      case 'list': {
        const officers = await listOfficers({ departmentCode: flags.department });
        if (officers.length === 0) print('no officers');
        for (const o of officers) print([o.id, o.active ? 'active ' : 'revoked', o.departmentCode.padEnd(14), o.roles.join(',').padEnd(14), o.lineUserId, o.name].join('  '));
        return 0;
      }
      case 'revoke': {
        const target = rest[0];
        if (!target) throw new Error('revoke needs a LINE user id or officer id');
        const { officerId, lineUserId, casesReturned } = await revokeOfficer(target, new Date());
        // The officer menu goes with the role; LINE being unreachable does not undo the revocation.
        // In local mode with no server running there is no fake LINE API holding menu links.
        const line = configureAdminLineIfReachable(config);
        if (line) {
          await line
            .unlinkRichMenu(lineUserId)
            .catch(() => print('note: could not unlink the officer rich menu (LINE unreachable); it goes when the menus are redeployed'));
        }
        print(`revoked officer ${officerId}`);
        if (casesReturned > 0) print(`${casesReturned} open case(s) the officer held went back to their department, which was told`);
        return 0;
      }
      case 'group': {
        const [department, groupId] = rest;
        if (!department || (!groupId && !flags.clear) || (groupId && flags.clear)) throw new Error('group needs a department code and either a group id or --clear');
        await setDepartmentGroup(department, flags.clear ? null : groupId);
        print(flags.clear ? `${department}: no LINE group; notifications go to each officer` : `${department}: notifications go to LINE group ${groupId}`);
        return 0;
      }
      case 'departments': {
        const departments = await listDepartments();
        if (departments.length === 0) print('no departments (load them with the complaints demo data or npm run config)');
        for (const d of departments) print([d.code.padEnd(14), d.active ? '' : '(inactive) ', d.name.th, d.name.en ? ` / ${d.name.en}` : '', d.lineGroupId ? '  [LINE group]' : ''].join(''));
        return 0;
      }
      default:
        print(USAGE);
        return 1;
    }
  } catch (err) {
    if (err instanceof AppError) {
      process.stderr.write(`${t(err.messageKey, err.params)}\n`);
      return 1;
    }
    throw err;
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  run(process.argv.slice(2))
    .then((code) => process.exit(code))
    .catch((err: unknown) => {
      process.stderr.write(`${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    });
}

export { run };

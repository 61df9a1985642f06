/**
 * Satisfaction surveys from the command line:
 *   npm run survey -- qr <point> [--out <file.png>] [--basic-id <@id>] [--no-check]
 *   npm run survey -- report --from YYYY-MM-DD --to YYYY-MM-DD [--by department|service|officer|month|half|all] [--csv] [--lang th|en]
 * `qr` writes a printable PNG whose QR code opens the chat with "ประเมิน จุดบริการ <point>" typed in,
 * so the rating lands on that service point. `report` prints the same figures as
 * GET /admin/surveys/report (a table, or CSV with --csv).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { AppConfig } from '../src/config';
import { adminConfig, AdminError, configureAdminLine, connectAdminDatabase } from '../src/admin/admin-connection';
import { translator } from '../src/i18n';
import { setLogLevel } from '../src/shared/logger';
import { reportCsv, reportQuerySchema, surveyReport, type SurveyReport } from '../src/features/surveys/survey-report';
import { POINT_CODE_PATTERN, pointLabel, resolvePoint } from '../src/features/surveys/survey-points';
import { pointLink, renderPointQrPng } from '../src/features/surveys/survey-qr';

const USAGE = `usage:
  survey qr <point> [--out <file.png>] [--basic-id <@id>] [--no-check]
      <point>: a department code (registration), a queue service (civil-registration or its letter A), or one of its counters (civil-registration-1, A-1)
  survey report --from YYYY-MM-DD --to YYYY-MM-DD [--by department|service|officer|month|half|all] [--csv] [--lang th|en]`;

const print = (line: string) => process.stdout.write(`${line}\n`);

async function withDatabase<T>(config: AppConfig, work: () => Promise<T>): Promise<T> {
  const db = await connectAdminDatabase(config);
  try {
    return await work();
  } finally {
    await db.close();
  }
}

/** The OA's basic ID (@xxxxxxx) for the link: given, or asked from LINE (local mode: the running server's fake LINE API). */
async function basicIdOf(config: AppConfig, given: string | undefined): Promise<string> {
  if (given) {
    if (!/^@[a-z0-9._-]{1,40}$/i.test(given)) throw new AdminError('--basic-id must look like @123abcde');
    return given;
  }
  return (await configureAdminLine(config).getBotInfo()).basicId;
}

async function qr(config: AppConfig, point: string | undefined, flags: { out?: string; 'basic-id'?: string; 'no-check'?: boolean }): Promise<void> {
  if (!point || !POINT_CODE_PATTERN.test(point)) throw new Error('qr needs a point code: letters, digits and dashes, e.g. REG-1 or registration');
  const th = translator('th');
  let code = point;
  let name = point;
  if (!flags['no-check']) {
    const resolved = await withDatabase(config, () => resolvePoint(point));
    if (!resolved) throw new Error(`no service point "${point}": not a department, a queue service nor one of its counters (use --no-check to print it anyway)`);
    code = resolved.code;
    name = pointLabel(resolved, th, 'th');
  }
  const link = pointLink(await basicIdOf(config, flags['basic-id']), code);
  const out = path.resolve(flags.out ?? `survey-qr-${code}.png`);
  fs.writeFileSync(out, await renderPointQrPng(link, { caption: th('surveys.qr.caption'), name, code }));
  print(`point: ${code} (${name})`);
  print(`link: ${link}`);
  print(`written: ${out}`);
}

function printTable(report: SurveyReport): void {
  const pct = (v: number | null) => (v === null ? '-' : `${v.toFixed(1)}%`);
  print(`Satisfaction ${report.from} to ${report.to} by ${report.by} (target ${report.target.percent}% satisfied, measured on: ${report.target.questionIds.join(', ')})`);
  print(report.target.definition);
  for (const g of [...report.groups, report.total]) {
    const verdict = g.overall.meetsTarget === null ? '' : g.overall.meetsTarget ? '  meets target' : '  BELOW TARGET';
    print('');
    print(`${g.label}: ${g.responses} responses (${g.completed} completed), overall ${pct(g.overall.satisfiedPercent)} satisfied, mean ${g.overall.mean ?? '-'}${verdict}`);
    for (const q of g.questions) print(`  ${q.id.padEnd(10)} n=${String(q.answered).padStart(4)}  mean ${q.mean === null ? '   -' : q.mean.toFixed(2)}  satisfied ${pct(q.satisfiedPercent)}  ${q.label}`);
  }
}

async function report(config: AppConfig, flags: { from?: string; to?: string; by?: string; csv?: boolean; lang?: string }): Promise<void> {
  const parsed = reportQuerySchema.safeParse({ from: flags.from, to: flags.to, by: flags.by, lang: flags.lang });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
  const result = await withDatabase(config, () => surveyReport(parsed.data));
  if (flags.csv) process.stdout.write(reportCsv(result));
  else printTable(result);
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      'basic-id': { type: 'string' },
      'no-check': { type: 'boolean' },
      from: { type: 'string' },
      to: { type: 'string' },
      by: { type: 'string' },
      csv: { type: 'boolean' },
      lang: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const [command, arg] = positionals;
  if (!command || values.help) {
    print(USAGE);
    return command ? 0 : 1;
  }
  const config = adminConfig();
  setLogLevel(process.env.LOG_LEVEL ?? 'warn');
  if (command === 'qr') await qr(config, arg, values);
  else if (command === 'report') await report(config, values);
  else {
    print(USAGE);
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);

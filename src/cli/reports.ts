// The report options every command that reaches a verdict shares, and writing its reports: stdout or a file, an
// extra JUnit file, and in GitHub Actions annotations and the job summary.
import { appendFile } from 'node:fs/promises';
import { writeAtomic } from '../lib/files.js';
import { FORMATS, loadFormatter, type Format } from '../report/formats.js';
import { SEVERITIES, type RunResult, type Severity } from '../workflows/result.js';
import { SourceError } from '../lib/errors.js';

export type ReportArgs = { format: Format; output?: string; junit?: string };

export const reportOptions = {
  format: {
    choices: FORMATS,
    default: 'table' as Format,
    describe: 'report format on stdout (or --output)',
    group: 'Reports:',
  },
  output: {
    type: 'string',
    alias: 'o',
    describe: 'write the report to this file instead of stdout',
    group: 'Reports:',
  },
  junit: { type: 'string', describe: 'also write JUnit XML here', group: 'Reports:' },
  'all-findings': {
    type: 'boolean',
    describe: 'JSON: list the findings a root cause explains too (by default each root counts them)',
    group: 'Reports:',
  },
  'fail-on': {
    choices: SEVERITIES,
    default: 'error' as Severity,
    describe: 'lowest severity that fails the run (exit 1)',
    group: 'Reports:',
  },
  quiet: {
    type: 'boolean',
    alias: 'q',
    describe: 'no progress, and no table on stdout (exit code and files only)',
    group: 'Reports:',
  },
  color: {
    type: 'boolean',
    describe: 'colour the table (default: on a TTY; NO_COLOR or TERM=dumb turns it off, FORCE_COLOR on)',
    group: 'Reports:',
  },
} as const;

/**
 * A run whose sources cannot be read has no verdict and writes no report, except the JUnit file a CI job reads: it
 * gets one case in error saying why, so the pipeline shows the cause rather than a missing file.
 */
export async function junitOnUnreadable<T>(
  args: { format: Format; output?: string; junit?: string },
  title: string,
  body: () => Promise<T>,
): Promise<T> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof SourceError) {
      const { formatJunitError } = await import('../report/junit.js');
      const text = formatJunitError(title, `cannot read ${err.message}`);
      const files = [args.junit, args.format === 'junit' ? args.output : undefined].filter((f) => f !== undefined);
      for (const file of files) await writeAtomic(file, text).catch(() => undefined); // the read error is the news
    }
    throw err;
  }
}

export async function emitReports(
  run: RunResult,
  args: { format: Format; output?: string; junit?: string; quiet?: boolean; color?: boolean; allFindings?: boolean },
): Promise<void> {
  const color = args.color ?? colorWanted(!args.output && !!process.stdout.isTTY, process.env);
  const width = terminalWidth(process.stdout, process.env);
  const shown = args.output || !args.quiet || args.format !== 'table'; // -q: a table nobody reads is not made
  if (args.junit) await writeAtomic(args.junit, (await loadFormatter('junit'))(run));
  if (shown) {
    const text = (await loadFormatter(args.format))(run, { color, width, allFindings: args.allFindings });
    if (args.output) await writeAtomic(args.output, text);
    else process.stdout.write(text);
  }
  // In a GitHub Actions job, findings also become annotations (on stderr, which the runner reads as well, so a
  // report on stdout stays parseable) and the Markdown report goes to the job's summary page.
  if (process.env.GITHUB_ACTIONS === 'true') {
    if (args.format !== 'github') process.stderr.write((await loadFormatter('github'))(run));
    const summary = process.env.GITHUB_STEP_SUMMARY;
    const markdown = await loadFormatter('markdown');
    if (summary) await appendFile(summary, `${markdown(run)}\n`).catch(() => undefined);
  }
}

/**
 * The no-color.org and FORCE_COLOR conventions, over what the terminal suggests (a `dumb` one shows no colour, as
 * NO_COLOR); --color/--no-color win over them all.
 */
export function colorWanted(tty: boolean, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR || env.TERM === 'dumb') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return env.FORCE_COLOR !== '0';
  return tty;
}

/** The terminal's width; COLUMNS where stdout is not a terminal (CI logs, pipes); else 120. */
export function terminalWidth(out: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv): number {
  if (out.isTTY && out.columns) return Math.max(60, out.columns);
  const columns = Number(env.COLUMNS);
  return Number.isSafeInteger(columns) && columns >= 60 ? columns : 120;
}

import type { Argv } from 'yargs';
import { appendFile } from 'node:fs/promises';
import { shareSettingsOnlySubjects } from '../../sources/index.js';
import { loadSide } from '../load.js';
import { readJsonFile, writeAtomic } from '../../sources/snapshot/native.js';
import { runChecks, exitCodeOf } from '../../engine/run.js';
import { compareChecks } from '../../checks/index.js';
import { parseIdMap, toIdMapFile } from '../../model/id-map.js';
import { FORMATS, FORMATTERS, type Format } from '../../report/index.js';
import { formatJunitError } from '../../report/junit.js';
import { SEVERITIES, type RunResult, type Severity } from '../../engine/types.js';
import { SourceError, UsageError } from '../../errors.js';
import {
  isIdentityMapping,
  mapRegistry,
  mappedTargetFilter,
  subjectMapper,
  type SubjectMapping,
} from '../../model/mapping.js';
import type { Registry } from '../../model/types.js';
import { connectionOptions, filterOptions, sourceSpec, subjectFilter } from '../options.js';
import { progressReporter } from '../progress.js';
import { TOOL } from '../version.js';

export function compareCommand(y: Argv) {
  return y.command(
    'compare [source] [target]',
    'Compare two registries (URLs or snapshot files); exit 1 on drift',
    (y) =>
      filterOptions(connectionOptions(y, true))
        .positional('source', { type: 'string', describe: 'source registry URL or snapshot file (or --url)' })
        .positional('target', { type: 'string', describe: 'target registry URL or snapshot file (or --target-url)' })
        .options({
          url: { type: 'string', alias: 'u', describe: 'source registry URL (env SR_URL or SCHEMA_REGISTRY_URL)' },
          'target-url': { type: 'string', describe: 'target registry URL (env SR_TARGET_URL)' },
          ids: {
            choices: ['preserved', 'not-preserved'] as const,
            describe:
              'whether the migration kept schema ids (default: preserved; not-preserved with --id-map); not-preserved ' +
              'matches versions by content and builds an id map',
          },
          deleted: {
            choices: ['compare', 'ignore'] as const,
            default: 'compare' as const,
            describe: 'compare soft-deleted subjects/versions too, or only active ones',
          },
          'allow-extra': {
            type: 'boolean',
            default: false,
            describe: 'the target is shared: subjects, versions and contexts only it holds are info, not drift',
          },
          'id-map': {
            type: 'string',
            describe:
              'verify target ids against this map (implies --ids not-preserved; with --ids preserved it lists ' +
              'the exceptions, e.g. ids a deduplicating target merged)',
          },
          rename: {
            type: 'string',
            array: true,
            describe:
              "the migration renamed subjects: 'regex=>replacement' over the name without its context, or an exporter's '${subject}-dr' (repeatable)",
          },
          'target-context': {
            type: 'string',
            describe: "the migration put every subject into this context on the target (e.g. an exporter's .<name>)",
          },
          'write-id-map': {
            type: 'string',
            describe: 'write the source->target id map here (with --ids not-preserved)',
          },
          ...reportOptions,
        })
        .example('$0 compare --url http://old:8081 --target-url http://new:8081', 'two live registries')
        .example(
          '$0 compare before.json --target-url http://new:8081 --junit reports/parity.xml',
          'a snapshot against a live registry, with JUnit for CI',
        ),
    (args) =>
      junitOnUnreadable(args as ReportArgs, 'sr-parity compare', async () => {
        const src = (args.source ?? args.url) as string | undefined;
        const tgt = (args.target ?? args.targetUrl) as string | undefined;
        if (!src || !tgt)
          throw new UsageError(
            'compare needs a source and a target: `compare SOURCE TARGET` or --url and --target-url (URLs or snapshot files)',
          );
        const idsPreserved = args.ids ? args.ids === 'preserved' : !args.idMap;
        if (args.writeIdMap && idsPreserved) throw new UsageError('--write-id-map needs --ids not-preserved');
        const idMap = args.idMap ? parseIdMap(await readJsonFile(args.idMap), args.idMap) : undefined;
        const mapping: SubjectMapping = { rename: args.rename, targetContext: args.targetContext };
        const mapSubject = subjectMapper(mapping);
        const filter = subjectFilter(args);
        // Mapped subjects live in the target context: the target is read there (the filter selects source subjects).
        const targetFilter = isIdentityMapping(mapping) ? filter : mappedTargetFilter(mapping);
        const [sSpec, tSpec] = [sourceSpec(args, src, ''), sourceSpec(args, tgt, 'target-')];
        const [loaded, target] = await Promise.all([
          loadSide('source', { options: '' }, sSpec, filter, progressReporter('source', !args.quiet)),
          loadSide('target', { options: 'target-' }, tSpec, targetFilter, progressReporter('target', !args.quiet)),
        ]);
        if (isIdentityMapping(mapping))
          await shareSettingsOnlySubjects([
            { spec: sSpec, registry: loaded },
            { spec: tSpec, registry: target },
          ]);
        if (!args.quiet)
          for (const note of [...(loaded.info.notes ?? []), ...(target.info.notes ?? [])])
            process.stderr.write(`note: ${note}\n`);
        const source = mapRegistry(loaded, mapping);
        const run = runChecks({
          tool: TOOL,
          command: 'compare',
          source,
          target,
          checks: compareChecks(source, target),
          options: { idsPreserved, deleted: args.deleted, idMap, allowExtra: args.allowExtra },
          failOn: args.failOn as Severity,
        });
        if (!isIdentityMapping(mapping)) nameSourceSubjects(run, loaded, mapSubject);
        if (args.writeIdMap)
          await writeAtomic(
            args.writeIdMap,
            `${JSON.stringify(toIdMapFile(run.idMap ?? [], source.info.location, target.info.location), null, 2)}\n`,
          );
        await emitReports(run, args);
        process.exitCode = exitCodeOf(run);
      }),
  );
}

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
    describe: 'colour the table (default: on a TTY; NO_COLOR turns it off, FORCE_COLOR on)',
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
  const text = FORMATTERS[args.format](run, { color, width, allFindings: args.allFindings });
  if (args.junit) await writeAtomic(args.junit, FORMATTERS.junit(run));
  if (args.output) await writeAtomic(args.output, text);
  else if (!args.quiet || args.format !== 'table') process.stdout.write(text);
  // In a GitHub Actions job, findings also become annotations (on stderr, which the runner reads as well, so a
  // report on stdout stays parseable) and the Markdown report goes to the job's summary page.
  if (process.env.GITHUB_ACTIONS === 'true') {
    if (args.format !== 'github') process.stderr.write(FORMATTERS.github(run));
    const summary = process.env.GITHUB_STEP_SUMMARY;
    if (summary) await appendFile(summary, `${FORMATTERS.markdown(run)}\n`).catch(() => undefined);
  }
}

/** The no-color.org and FORCE_COLOR conventions, over what the terminal suggests; --color/--no-color win over both. */
export function colorWanted(tty: boolean, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return env.FORCE_COLOR !== '0';
  return tty;
}

/** The terminal's width; COLUMNS where stdout is not a terminal (CI logs, pipes); else 120. */
export function terminalWidth(out: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv): number {
  if (out.isTTY && out.columns) return Math.max(60, out.columns);
  const columns = Number(env.COLUMNS);
  return Number.isSafeInteger(columns) && columns >= 60 ? columns : 120;
}

/** With a mapping, a finding names the target subject; say which source subject it came from too. */
function nameSourceSubjects(run: RunResult, source: Registry, map: (s: string) => string): void {
  const origin = new Map([...source.subjects.keys()].map((s) => [map(s), s]));
  for (const o of run.outcomes) {
    for (const f of o.findings) {
      const from = f.subject !== undefined ? origin.get(f.subject) : undefined;
      if (from !== undefined && from !== f.subject) {
        f.sourceSubject = from;
        f.message += ` (source subject ${from})`;
      }
    }
  }
}

import type { Argv } from 'yargs';
import { COMMAND_TEXT } from './names.js';
import { compare, type CompareInput } from '../../workflows/compare.js';
import { exitCodeOf, type Severity } from '../../workflows/result.js';
import { emitReports, junitOnUnreadable, reportOptions, type ReportArgs } from '../reports.js';
import { connectionOptions, filterOptions, requireSides, sideOptions, sourceSpec, subjectFilter } from '../options.js';
import { cliHooks } from '../progress.js';

export function compareCommand(y: Argv) {
  return y.command(
    COMMAND_TEXT.compare.usage,
    COMMAND_TEXT.compare.describe,
    (y) =>
      compareOptions(y)
        .options({
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
        const run = await compare(
          { ...compareInput(args, 'compare'), writeIdMap: args.writeIdMap as string | undefined },
          cliHooks(args.quiet),
        );
        await emitReports(run, args);
        process.exitCode = exitCodeOf(run);
      }),
  );
}

/** What a compare is told on the command line; watch names the per-request timeout `--request-timeout`. */
export function compareOptions<T>(y: Argv<T>, timeout = 'timeout') {
  return sideOptions(filterOptions(connectionOptions(y, true, timeout)), 'registry URL or snapshot file').options({
    ids: {
      choices: ['preserved', 'not-preserved'] as const,
      describe:
        'whether the migration kept schema ids (default: preserved; not-preserved with --id-map); ' +
        'not-preserved matches versions by content and builds an id map',
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
        "the migration renamed subjects: 'regex=>replacement' over the name without its context, or an " +
        "exporter's '${subject}-dr' (repeatable)",
    },
    'target-context': {
      type: 'string',
      describe: "the migration put every subject into this context on the target (e.g. an exporter's .<name>)",
    },
  });
}

type CompareArgs = Record<string, unknown> & {
  ids?: 'preserved' | 'not-preserved';
  idMap?: string;
  deleted?: 'compare' | 'ignore';
  allowExtra?: boolean;
  rename?: string[];
  targetContext?: string;
  failOn?: string;
};

export function compareInput(args: CompareArgs, command: string, timeout = 'timeout'): CompareInput {
  const [source, target] = requireSides(args, command, 'URLs or snapshot files');
  return {
    source: sourceSpec(args, source, '', timeout),
    target: sourceSpec(args, target, 'target-', timeout),
    filter: subjectFilter(args),
    ids: args.ids,
    idMap: args.idMap,
    deleted: args.deleted,
    allowExtra: args.allowExtra,
    mapping: { rename: args.rename, targetContext: args.targetContext },
    failOn: args.failOn as Severity,
    fromCommandLine: true,
  };
}

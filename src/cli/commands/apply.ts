import type { Argv } from 'yargs';
import { COMMAND_TEXT } from './names.js';
import { APPLY_IDS, DEFAULT_STATE, apply, readSavedPlan } from '../../workflows/apply.js';
import { exitCodeOf, type Severity } from '../../workflows/result.js';
import { renderPlan } from '../../report/plan.js';
import { connectionOptions, filterOptions, requireSides, sideOptions, sourceSpec, subjectFilter } from '../options.js';
import { cliHooks } from '../progress.js';
import { emitReports, reportOptions } from '../reports.js';

export function applyCommand(y: Argv) {
  return y.command(
    COMMAND_TEXT.apply.usage,
    COMMAND_TEXT.apply.describe,
    (y) =>
      sideOptions(filterOptions(connectionOptions(y, true)), 'registry URL')
        .options({
          yes: {
            type: 'boolean',
            default: false,
            describe: 'execute the plan (without it nothing is written)',
            group: 'Apply:',
          },
          ids: {
            choices: APPLY_IDS,
            default: 'auto' as const,
            describe:
              'preserved: IMPORT mode, same ids and versions; not-preserved: the target assigns ids (an id map is ' +
              'recorded); auto: preserved where the target has modes (compare and specs say the same; the older ' +
              'preserve and new still work)',
            group: 'Apply:',
          },
          'include-deleted': {
            type: 'boolean',
            default: true,
            describe:
              'copy soft-deleted versions too (registered, then soft-deleted), so the target compares equal; ' +
              '--no-include-deleted leaves them out (the closing verification then reports them)',
            group: 'Apply:',
          },
          'allow-non-empty': {
            type: 'boolean',
            default: false,
            describe: 'write next to subjects the source does not have (never over them)',
            group: 'Apply:',
          },
          'overwrite-settings': {
            type: 'boolean',
            default: false,
            describe:
              "with --allow-non-empty: replace the target's global and context settings that differ with the " +
              "source's (without it each is a conflict that refuses the run)",
            group: 'Apply:',
          },
          rename: {
            type: 'string',
            array: true,
            describe:
              "rename subjects: 'regex=>replacement' over the name without its context, or an exporter's " +
              "'${subject}-dr' (repeatable)",
            group: 'Apply:',
          },
          'target-context': {
            type: 'string',
            describe: 'put every subject into this context on the target (e.g. .migrated)',
            group: 'Apply:',
          },
          plan: {
            type: 'string',
            describe: 'execute this saved plan (from --plan-out) instead of planning again',
            group: 'Apply:',
          },
          'plan-out': { type: 'string', describe: 'write the plan as JSON here', group: 'Apply:' },
          'id-map-out': {
            type: 'string',
            describe: 'write the source->target id map here after a run',
            group: 'Apply:',
          },
          state: {
            type: 'string',
            default: DEFAULT_STATE,
            describe:
              'state file of a run: a re-run with it continues where an interrupted one stopped; removed on success',
            group: 'Apply:',
          },
          verify: {
            type: 'boolean',
            default: true,
            describe: 'compare source and target after applying (exit 1 on drift); --no-verify skips it',
            group: 'Apply:',
          },
          ...reportOptions,
        })
        .example('$0 apply --url http://old:8081 --target-url http://new:8081', 'print what would be copied (dry run)')
        .example(
          '$0 apply --url http://old:8081 --target-url http://new:8081 --yes --id-map-out ids.json',
          'copy, then compare',
        ),
    async (args) => {
      const saved = args.plan ? await readSavedPlan(args.plan) : undefined;
      const [source, target] = requireSides(args, 'apply', 'the target a registry URL', saved?.plan);
      const stop = { requested: false };
      const onSigint = () => {
        if (stop.requested) process.exit(130);
        stop.requested = true;
        process.stderr.write(
          `\nstopping: finishing the requests in flight, then saving ${args.state} (Ctrl-C again to quit at once)\n`,
        );
      };
      const say = (text: string) => {
        if (!args.quiet) process.stderr.write(`${text}\n`);
      };
      process.on('SIGINT', onSigint);
      let result;
      try {
        result = await apply(
          {
            source: sourceSpec(args, source, ''),
            target: sourceSpec(args, target, 'target-'),
            filter: subjectFilter(args),
            ids: args.ids,
            includeDeleted: args.includeDeleted,
            allowNonEmpty: args.allowNonEmpty,
            overwriteSettings: args.overwriteSettings,
            mapping: { rename: args.rename, targetContext: args.targetContext },
            plan: saved,
            planOut: args.planOut,
            yes: args.yes,
            idMapOut: args.idMapOut,
            state: args.state,
            verify: args.verify,
            concurrency: Number(args.concurrency),
            failOn: args.failOn as Severity,
            stop,
            fromCommandLine: true,
          },
          {
            ...cliHooks(args.quiet),
            plan: (plan) => {
              if (!args.yes || plan.problems.length) process.stdout.write(renderPlan(plan));
            },
            say,
          },
        );
      } finally {
        process.off('SIGINT', onSigint);
      }
      if (!result.applied) {
        say(
          `\nDry run: nothing was written. Run again with --yes to ` +
            `apply${args.planOut ? `, or apply --plan ${args.planOut} --yes` : ''}.`,
        );
        return;
      }
      if (result.verification) {
        await emitReports(result.verification, args);
        process.exitCode = exitCodeOf(result.verification);
      }
    },
  );
}

import type { Argv } from 'yargs';
import { COMMAND_TEXT } from './names.js';
import { isUrl, shareSettingsOnlySubjects } from '../../sources/index.js';
import { loadSide } from '../load.js';
import { readJsonFile } from '../../sources/files/native.js';
import { writeAtomic } from '../../sources/files/write.js';
import { HttpClient } from '../../sources/rest/http.js';
import { canPreserveIds, planApply, type Plan, type Strategy } from '../../apply/plan.js';
import { executePlan } from '../../apply/execute.js';
import { Journal } from '../../apply/journal.js';
import { renderPlan } from '../../report/plan.js';
import { isIdentityMapping, mapRegistry, subjectMapper, type SubjectMapping } from '../../model/mapping.js';
import { toIdMapFile } from '../../model/id-map.js';
import { idKey, type Registry } from '../../model/types.js';
import { runChecks, exitCodeOf } from '../../engine/run.js';
import { COMPARE_CHECKS } from '../../checks/presets.js';
import type { Severity } from '../../engine/types.js';
import { ApplyError, SourceError, UsageError } from '../../errors.js';
import { connectionOptions, filterOptions, sourceSpec, subjectFilter } from '../options.js';
import { progressReporter } from '../progress.js';
import { emitReports, reportOptions } from '../reports.js';
import { TOOL } from '../version.js';

export function applyCommand(y: Argv) {
  return y.command(
    COMMAND_TEXT.apply.usage,
    COMMAND_TEXT.apply.describe,
    (y) =>
      filterOptions(connectionOptions(y, true))
        .positional('source', { type: 'string', describe: 'source registry URL or snapshot file (or --url)' })
        .positional('target', { type: 'string', describe: 'target registry URL (or --target-url)' })
        .options({
          url: { type: 'string', alias: 'u', describe: 'source registry URL (env SR_URL or SCHEMA_REGISTRY_URL)' },
          'target-url': { type: 'string', describe: 'target registry URL (env SR_TARGET_URL)' },
          yes: {
            type: 'boolean',
            default: false,
            describe: 'execute the plan (without it nothing is written)',
            group: 'Apply:',
          },
          ids: {
            choices: IDS_CHOICES,
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
            default: 'sr-parity-apply.state.jsonl',
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
      const saved = args.plan ? readPlan(await readJsonFile(args.plan), args.plan) : undefined;
      const src = (args.source ?? args.url ?? saved?.source) as string | undefined;
      const tgt = (args.target ?? args.targetUrl ?? saved?.target) as string | undefined;
      if (!src || !tgt)
        throw new UsageError('apply needs a source and a target: `apply SOURCE TARGET` or --url and --target-url');
      if (!isUrl(tgt))
        throw new UsageError(`apply writes to a registry: the target must be an http(s) URL, not "${tgt}"`);
      const mapping: SubjectMapping = saved?.mapping ?? { rename: args.rename, targetContext: args.targetContext };
      subjectMapper(mapping); // a bad --rename or --target-context is a usage error before anything is read
      const filter = saved?.filter ?? subjectFilter(args);
      const targetSpec = sourceSpec(args, tgt, 'target-');
      const sSpec = sourceSpec(args, src, '');
      const [source, target] = await Promise.all([
        loadSide('source', { options: '' }, sSpec, filter, progressReporter('source', !args.quiet)),
        loadSide('target', { options: 'target-' }, targetSpec, {}, progressReporter('target', !args.quiet)),
      ]);
      if (isIdentityMapping(mapping))
        await shareSettingsOnlySubjects([
          { spec: sSpec, registry: source },
          { spec: targetSpec, registry: target },
        ]);
      if (saved && saved.target !== target.info.location)
        throw new UsageError(`${args.plan} was planned for ${saved.target}, not ${target.info.location}`);
      const plan = saved ?? {
        ...planApply(source, target, {
          strategy: strategyOf(args.ids, target),
          includeDeleted: args.includeDeleted,
          allowNonEmpty: args.allowNonEmpty,
          overwriteSettings: args.overwriteSettings,
          mapping,
        }),
        filter,
      };
      if (args.planOut) await writeAtomic(args.planOut, `${JSON.stringify(plan, null, 1)}\n`);

      const say = (text: string) => {
        if (!args.quiet) process.stderr.write(text);
      };
      if (!args.yes || plan.problems.length) {
        process.stdout.write(renderPlan(plan));
        if (plan.problems.length)
          throw new ApplyError(
            `apply refused: ${plan.problems.length} problem(s) in the plan (listed above); nothing was written`,
          );
        say(
          `\nDry run: nothing was written. Run again with --yes to ` +
            `apply${args.planOut ? `, or apply --plan ${args.planOut} --yes` : ''}.\n`,
        );
        return;
      }

      const journal = Journal.open(args.state, plan);
      if (journal.resumed) say(`resuming from ${args.state}: ${journal.done.size} step(s) done earlier\n`);
      const http = new HttpClient({ ...targetSpec, url: tgt });
      const stop = { requested: false };
      const onSigint = () => {
        if (stop.requested) process.exit(130);
        stop.requested = true;
        process.stderr.write(
          `\nstopping: finishing the requests in flight, then saving ${args.state} (Ctrl-C again to quit at once)\n`,
        );
      };
      process.on('SIGINT', onSigint);
      const progress = progressReporter('apply', !args.quiet, true);
      let result;
      try {
        result = await executePlan({
          http,
          plan,
          journal,
          concurrency: Number(args.concurrency),
          stop,
          onProgress: progress && ((done, total) => progress({ phase: 'steps', done, total })),
        });
      } catch (err) {
        // Only writes happen here (entering or leaving IMPORT mode): a failed one is apply's exit 4, worded as a write.
        if (err instanceof SourceError) {
          const resume = `state saved in ${args.state}: fix the target and run the same command again`;
          throw new ApplyError(`apply could not write: ${err.message}; ${resume}`);
        }
        throw err;
      } finally {
        process.off('SIGINT', onSigint);
        journal.close();
        await http.close();
      }
      if (result.stopped) {
        const why =
          result.stopped.reason === 'interrupted'
            ? 'interrupted'
            : `failed at "${result.stopped.step}": ${result.stopped.error}`;
        throw new ApplyError(
          `apply ${why}; ${result.done} of ${result.total} steps done; state saved in ${args.state}: run the same ` +
            `command again to continue`,
        );
      }
      journal.remove();
      if (args.idMapOut)
        await writeAtomic(
          args.idMapOut,
          `${JSON.stringify(toIdMapFile(result.idMap, plan.source, plan.target), null, 2)}\n`,
        );
      say(
        `applied: ${result.written} step(s) written, ${result.total} in the plan, ${result.requests} ` +
          `requests${args.idMapOut ? `; id map in ${args.idMapOut}` : ''}\n`,
      );
      if (!args.verify) return;

      const after = await loadSide(
        'target',
        { options: 'target-' },
        targetSpec,
        {},
        progressReporter('target', !args.quiet),
      );
      const expected = mapRegistry(source, plan.mapping);
      if (isIdentityMapping(plan.mapping))
        await shareSettingsOnlySubjects([
          { spec: sSpec, registry: expected },
          { spec: targetSpec, registry: after },
        ]);
      const idMap =
        plan.strategy === 'new' ? new Map(result.idMap.map((e) => [idKey(e.context, e.source), e.target])) : undefined;
      const run = runChecks({
        tool: TOOL,
        command: 'apply',
        source: expected,
        target: only(after, expected),
        checks: COMPARE_CHECKS,
        // compare's own rules: what apply chose not to copy is reported, not hidden.
        options: { idsPreserved: plan.strategy === 'preserve', deleted: 'compare', idMap },
        failOn: args.failOn as Severity,
      });
      await emitReports(run, args);
      const leftOut = plan.leftOutDeleted ?? 0;
      if (leftOut) {
        say(
          `left out: ${leftOut} soft-deleted version(s) were not copied (--no-include-deleted); ` +
            'the verification reports them; compare --deleted ignore accepts their absence\n',
        );
      }
      process.exitCode = exitCodeOf(run);
    },
  );
}

// One vocabulary with compare and specs (preserved | not-preserved); `preserve` and `new`, apply's first words for
// them, are still taken so scripts written for them keep working.
const IDS_CHOICES = ['auto', 'preserved', 'not-preserved', 'preserve', 'new'] as const;

function strategyOf(ids: (typeof IDS_CHOICES)[number], target: Registry): Strategy {
  if (ids === 'preserved' || ids === 'preserve') return 'preserve';
  if (ids === 'not-preserved' || ids === 'new') return 'new';
  return canPreserveIds(target) ? 'preserve' : 'new';
}

/** The target restricted to the subjects the source maps to: what apply wrote is what it checks. */
function only(target: Registry, expected: Registry): Registry {
  return { ...target, subjects: new Map([...target.subjects].filter(([name]) => expected.subjects.has(name))) };
}

function readPlan(doc: unknown, file: string): Plan {
  const p = doc as Plan;
  if (p?.kind !== 'sr-parity-apply-plan' || p.formatVersion !== 1 || !Array.isArray(p.steps)) {
    throw new UsageError(`${file}: not an sr-parity apply plan (write one with apply --plan-out)`);
  }
  return p;
}

import type { Argv } from 'yargs';
import { COMMAND_TEXT } from './names.js';
import { shareSettingsOnlySubjects } from '../../sources/index.js';
import { loadSide } from '../load.js';
import { readJsonFile } from '../../sources/files/native.js';
import { writeAtomic } from '../../sources/files/write.js';
import { runChecks, exitCodeOf } from '../../engine/run.js';
import { compareChecks } from '../../checks/presets.js';
import { parseIdMap, toIdMapFile } from '../../model/id-map.js';
import type { RunResult, Severity } from '../../engine/types.js';
import { UsageError } from '../../errors.js';
import { emitReports, junitOnUnreadable, reportOptions, type ReportArgs } from '../reports.js';
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
    COMMAND_TEXT.compare.usage,
    COMMAND_TEXT.compare.describe,
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
            'compare needs a source and a target: `compare SOURCE TARGET` or --url and --target-url (URLs ' +
              'or snapshot files)',
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

// compare: read two sides, run compare's preset of checks through the one runner, return the run. What the CLI's
// `compare` and the programmatic `compare()` both do; apply's closing verification runs `compareRegistries`.
import { shareSettingsOnlySubjects } from '../sources/index.js';
import { readJsonFile } from '../sources/files/native.js';
import { writeAtomic } from '../lib/files.js';
import { UsageError } from '../lib/errors.js';
import { TOOL } from '../lib/version.js';
import { runDeclared } from '../engine/runner.js';
import { compareDecls } from '../checks/presets.js';
import { parseIdMap, toIdMapFile } from '../model/id-map.js';
import type { SubjectFilter } from '../model/filter.js';
import type { Registry } from '../model/types.js';
import { isIdentityMapping, mappedTargetFilter, subjectMapper, type SubjectMapping } from '../model/mapping.js';
import type { RunResult, Severity } from '../engine/types.js';
import { loadSide, sideSpec, type Hooks, type LastReads, type Side } from './sides.js';

export interface CompareInput {
  source: Side;
  target: Side;
  /** Which source subjects to compare (their copies are looked for on the target). */
  filter?: SubjectFilter;
  /** Whether the migration kept schema ids (default: preserved, or not-preserved when an id map is given). */
  ids?: 'preserved' | 'not-preserved';
  /** Expected source -> target ids: an id map file (as apply and compare write it), or the map itself. */
  idMap?: string | Map<string, number>;
  /** Soft-deleted subjects and versions compared too (default), or active ones only. */
  deleted?: 'compare' | 'ignore';
  /** A shared target: what only it holds is info, not drift. */
  allowExtra?: boolean;
  /** How the migration named source subjects on the target. */
  mapping?: SubjectMapping;
  failOn?: Severity;
  /** Write the source -> target id map here (ids not preserved). */
  writeIdMap?: string;
  /** The sides were given as command-line options: a refused login's advice names them. */
  fromCommandLine?: boolean;
  /** The reads of the run before, for a run made again and again (watch): changed parts are read again. */
  lastReads?: LastReads;
}

export async function compare(input: CompareInput, hooks: Hooks = {}): Promise<RunResult> {
  const idsPreserved = input.ids ? input.ids === 'preserved' : !input.idMap;
  if (input.writeIdMap && idsPreserved) throw new UsageError('--write-id-map needs --ids not-preserved');
  const mapping = input.mapping ?? {};
  subjectMapper(mapping); // a bad rename or target context is a usage error before anything is read
  const idMap =
    typeof input.idMap === 'string' ? parseIdMap(await readJsonFile(input.idMap), input.idMap) : input.idMap;
  const filter = input.filter ?? {};
  // Mapped subjects live in the target context: the target is read there (the filter selects source subjects).
  const targetFilter = isIdentityMapping(mapping) ? filter : mappedTargetFilter(mapping);
  const [sSpec, tSpec] = [sideSpec(input.source), sideSpec(input.target)];
  const cli = input.fromCommandLine === true;
  const reads = input.lastReads;
  const [source, target] = await Promise.all([
    loadSide('source', cli ? { options: '' } : { api: true }, sSpec, filter, hooks.progress?.('source'), reads),
    loadSide(
      'target',
      cli ? { options: 'target-' } : { api: true },
      tSpec,
      targetFilter,
      hooks.progress?.('target'),
      reads,
    ),
  ]);
  if (isIdentityMapping(mapping))
    await shareSettingsOnlySubjects([
      { spec: sSpec, registry: source },
      { spec: tSpec, registry: target },
    ]);
  for (const note of [...(source.info.notes ?? []), ...(target.info.notes ?? [])]) hooks.note?.(note);
  const run = await compareRegistries(source, target, {
    idsPreserved,
    deleted: input.deleted ?? 'compare',
    idMap,
    allowExtra: input.allowExtra,
    mapping,
    failOn: input.failOn,
  });
  if (input.writeIdMap) {
    const file = toIdMapFile(run.idMap ?? [], source.info.location, target.info.location);
    await writeAtomic(input.writeIdMap, `${JSON.stringify(file, null, 2)}\n`);
  }
  return run;
}

export interface CompareRegistriesOptions {
  idsPreserved: boolean;
  deleted: 'compare' | 'ignore';
  idMap?: Map<string, number>;
  allowExtra?: boolean;
  mapping?: SubjectMapping;
  failOn?: Severity;
  /** What reports call the run (default compare; apply's closing verification says apply). */
  command?: string;
}

/** compare over two loaded registries: no I/O. The id map of the pairing comes back when ids are not preserved. */
export function compareRegistries(source: Registry, target: Registry, o: CompareRegistriesOptions): Promise<RunResult> {
  const mapping = o.mapping && !isIdentityMapping(o.mapping) ? o.mapping : undefined;
  return runDeclared({
    tool: TOOL,
    command: o.command ?? 'compare',
    registries: new Map([
      ['source', source],
      ['target', target],
    ]),
    checks: compareDecls(source, target, { ...o, mapping, idMap: o.idMap ? 'id map' : undefined }),
    idMaps: new Map(o.idMap ? [['id map', o.idMap]] : []),
    failOn: o.failOn ?? 'error',
    withIdMap: !o.idsPreserved,
  });
}

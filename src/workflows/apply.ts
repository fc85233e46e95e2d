// apply: plan the copy of the source onto the target, refuse before the first write if anything conflicts, carry the
// plan out (resumable from its journal), then compare the two as compare does.
import { isUrl, shareSettingsOnlySubjects, type SourceSpec } from '../sources/index.js';
import { propsDigest, readKekProps } from '../sources/rest/dek-registry.js';
import { readJsonFile } from '../sources/files/native.js';
import { HttpClient } from '../sources/rest/http.js';
import { writeAtomic } from '../lib/files.js';
import { ApplyError, SourceError, UsageError } from '../lib/errors.js';
import { canPreserveIds, planApply } from '../apply/plan/index.js';
import type { Plan, Strategy } from '../model/plan.js';
import { executePlan } from '../apply/execute.js';
import { Journal, StateLock } from '../apply/journal.js';

import { isIdentityMapping, mapRegistry, subjectMapper, type SubjectMapping } from '../model/mapping.js';
import { toIdMapFile, type IdMapEntry } from '../model/id-map.js';
import type { SubjectFilter } from '../model/filter.js';
import { idKey, type Registry } from '../model/types.js';
import type { RunResult, Severity } from '../engine/types.js';
import { compareRegistries } from './compare.js';
import { loadSide, sideSpec, type Hooks, type Side } from './sides.js';

/** One vocabulary with compare and specs; `preserve` and `new`, apply's first words for them, still work. */
export const APPLY_IDS = ['auto', 'preserved', 'not-preserved', 'preserve', 'new'] as const;

export interface ApplyInput {
  source: Side;
  /** The registry written to: an http(s) URL. */
  target: Side;
  filter?: SubjectFilter;
  /** auto (default): ids preserved where the target has modes (IMPORT), else assigned by the target. */
  ids?: (typeof APPLY_IDS)[number];
  /** Copy soft-deleted versions too (default), registered then soft-deleted. */
  includeDeleted?: boolean;
  /** Write next to subjects the source does not have (never over them). */
  allowNonEmpty?: boolean;
  /** With allowNonEmpty: replace the target's global and context settings that differ with the source's. */
  overwriteSettings?: boolean;
  mapping?: SubjectMapping;
  /** Carry out this saved plan (a file from `planOut`, or the plan `readSavedPlan` read) instead of planning again. */
  plan?: string | SavedPlan;
  planOut?: string;
  /** Carry the plan out; without it nothing is written (a dry run). */
  yes?: boolean;
  idMapOut?: string;
  /** The run's journal: a re-run with it continues where an interrupted one stopped; removed on success. */
  state?: string;
  /** Compare source and target afterwards (default true). */
  verify?: boolean;
  /** Requests in flight while writing (default 8). */
  concurrency?: number;
  failOn?: Severity;
  /** Set by the caller (Ctrl-C): no new step starts; the ones in flight finish and are recorded. */
  stop?: { requested: boolean };
  fromCommandLine?: boolean;
}

export interface ApplyHooks extends Hooks {
  /** The plan, before anything is written: a dry run, or a refused plan, ends after it. */
  plan?(plan: Plan): void;
  /** A line of what apply is doing (resuming, what it wrote, what it left out). */
  say?(text: string): void;
}

export interface ApplyResult {
  plan: Plan;
  /** Set when the plan was carried out. */
  applied?: { written: number; total: number; requests: number; idMap: IdMapEntry[] };
  /** The closing comparison of source and target, unless `verify` is false. */
  verification?: RunResult;
}

export const DEFAULT_STATE = 'sr-parity-apply.state.jsonl';

export async function apply(input: ApplyInput, hooks: ApplyHooks = {}): Promise<ApplyResult> {
  const saved = typeof input.plan === 'string' ? await readSavedPlan(input.plan) : input.plan;
  const [sSpec, targetSpec] = [sideSpec(input.source), sideSpec(input.target)];
  const tgt = targetSpec.location;
  if (!isUrl(tgt)) throw new UsageError(`apply writes to a registry: the target must be an http(s) URL, not "${tgt}"`);
  const mapping: SubjectMapping = saved?.plan.mapping ?? input.mapping ?? {};
  subjectMapper(mapping); // a bad rename or target context is a usage error before anything is read
  const filter = saved?.plan.filter ?? input.filter ?? {};
  const cli = input.fromCommandLine === true;
  // One apply at a time per state file, from before its plan: a second one refuses before reading anything.
  const state = input.state ?? DEFAULT_STATE;
  const lock = input.yes ? StateLock.acquire(state) : undefined;
  try {
    return await planAndApply(input, hooks, { saved, sSpec, targetSpec, mapping, filter, cli, state, lock });
  } finally {
    lock?.release(); // the journal released it already, unless the run stopped before opening it
  }
}

async function planAndApply(
  input: ApplyInput,
  hooks: ApplyHooks,
  run: {
    saved: SavedPlan | undefined;
    sSpec: ReturnType<typeof sideSpec>;
    targetSpec: ReturnType<typeof sideSpec>;
    mapping: SubjectMapping;
    filter: SubjectFilter;
    cli: boolean;
    state: string;
    lock: StateLock | undefined;
  },
): Promise<ApplyResult> {
  const { saved, sSpec, targetSpec, mapping, filter, cli, state, lock } = run;
  const targetOrigin = cli ? { options: 'target-' as const } : { api: true as const };
  const [source, target] = await Promise.all([
    loadSide('source', cli ? { options: '' } : { api: true }, sSpec, filter, hooks.progress?.('source')),
    loadSide('target', targetOrigin, targetSpec, {}, hooks.progress?.('target')),
  ]);
  if (isIdentityMapping(mapping))
    await shareSettingsOnlySubjects([
      { spec: sSpec, registry: source },
      { spec: targetSpec, registry: target },
    ]);
  if (saved && saved.plan.target !== target.info.location)
    throw new UsageError(`${saved.file} was planned for ${saved.plan.target}, not ${target.info.location}`);
  const plan: Plan = saved?.plan ?? {
    ...planApply(source, target, {
      strategy: strategyOf(input.ids ?? 'auto', target),
      includeDeleted: input.includeDeleted ?? true,
      allowNonEmpty: input.allowNonEmpty ?? false,
      overwriteSettings: input.overwriteSettings ?? false,
      mapping,
    }),
    filter,
  };
  // KMS properties are never in a plan (they can hold credentials): read from the source now, for the KEKs to create.
  const kekProps = await readKekPropsFor(plan, sSpec);
  if (input.planOut) await writeAtomic(input.planOut, `${JSON.stringify(plan, null, 1)}\n`);
  hooks.plan?.(plan);
  if (plan.problems.length)
    throw new ApplyError(
      `apply refused: ${plan.problems.length} problem(s) in the plan (listed above); nothing was written`,
    );
  if (!input.yes) return { plan };

  const applied = await execute(plan, targetSpec, state, input, hooks, kekProps, lock);
  if (input.idMapOut)
    await writeAtomic(
      input.idMapOut,
      `${JSON.stringify(toIdMapFile(applied.idMap, plan.source, plan.target), null, 2)}\n`,
    );
  hooks.say?.(
    `applied: ${applied.written} step(s) written, ${applied.total} in the plan, ${applied.requests} ` +
      `requests${input.idMapOut ? `; id map in ${input.idMapOut}` : ''}`,
  );
  if (input.verify === false) return { plan, applied };

  const after = await loadSide('target', targetOrigin, targetSpec, {}, hooks.progress?.('target'));
  const expected = mapRegistry(source, plan.mapping);
  if (isIdentityMapping(plan.mapping))
    await shareSettingsOnlySubjects([
      { spec: sSpec, registry: expected },
      { spec: targetSpec, registry: after },
    ]);
  const idMap =
    plan.strategy === 'new' ? new Map(applied.idMap.map((e) => [idKey(e.context, e.source), e.target])) : undefined;
  // compare's own rules: what apply chose not to copy is reported, not hidden.
  const verification = await compareRegistries(expected, only(after, expected), {
    idsPreserved: plan.strategy === 'preserve',
    deleted: 'compare',
    idMap,
    failOn: input.failOn,
    command: 'apply',
  });
  const leftOut = plan.leftOutDeleted ?? 0;
  if (leftOut)
    hooks.say?.(
      `left out: ${leftOut} soft-deleted version(s) were not copied (--no-include-deleted); ` +
        'the verification reports them; compare --deleted ignore accepts their absence',
    );
  return { plan, applied, verification };
}

async function execute(
  plan: Plan,
  targetSpec: ReturnType<typeof sideSpec>,
  state: string,
  input: ApplyInput,
  hooks: ApplyHooks,
  kekProps: Map<string, Record<string, string>>,
  lock: StateLock | undefined,
): Promise<NonNullable<ApplyResult['applied']>> {
  const journal = Journal.open(state, plan, lock);
  if (journal.resumed) hooks.say?.(`resuming from ${state}: ${journal.done.size} step(s) done earlier`);
  const http = new HttpClient({ ...targetSpec, url: targetSpec.location });
  const progress = hooks.progress?.('apply');
  let result;
  try {
    result = await executePlan({
      http,
      plan,
      journal,
      concurrency: input.concurrency ?? 8,
      stop: input.stop,
      kekProps,
      onProgress: progress && ((done, total) => progress({ phase: 'steps', done, total })),
    });
  } catch (err) {
    // Only writes happen here (entering or leaving IMPORT mode): a failed one is apply's exit 4, worded as a write.
    if (err instanceof SourceError) {
      const resume = `state saved in ${state}: fix the target and run the same command again`;
      throw new ApplyError(`apply could not write: ${err.message}; ${resume}`);
    }
    throw err;
  } finally {
    if (!result || result.stopped) journal.release();
    await http.close();
  }
  if (result.stopped) {
    const why =
      result.stopped.reason === 'interrupted'
        ? 'interrupted'
        : `failed at "${result.stopped.step}": ${result.stopped.error}`;
    // 42205: a registration with its id outside IMPORT mode. Another apply copying into the same target that
    // finished first put the mode back (or an operator did): the re-run enters IMPORT again and copies the rest.
    const left =
      result.stopped.reason === 'failed' && /42205|not in import mode/i.test(result.stopped.error)
        ? '; the target left IMPORT mode during the copy (another apply into it finished, or its mode was changed)'
        : '';
    const modes = result.modesNotRestored
      ? `; the target's mode could not be put back (${result.modesNotRestored}): it may still be IMPORT, which ` +
        'the re-run restores'
      : '';
    throw new ApplyError(
      `apply ${why}${left}; ${result.done} of ${result.total} steps done${modes}; state saved in ${state}: run ` +
        'the same command again to continue',
    );
  }
  journal.remove();
  return { written: result.written, total: result.total, requests: result.requests, idMap: result.idMap };
}

/**
 * The KMS properties of each KEK the plan creates that has some, read live from the source and held to the digest the
 * plan was made with; one that cannot be read so (a file source keeps only the digest) is a problem of the plan.
 */
async function readKekPropsFor(plan: Plan, source: SourceSpec): Promise<Map<string, Record<string, string>>> {
  const props = new Map<string, Record<string, string>>();
  const wanted = plan.steps.flatMap((s) => (s.op === 'create-kek' && s.kek.kmsPropsDigest !== null ? [s.kek] : []));
  if (!wanted.length) return props;
  if (!isUrl(source.location)) {
    const names = wanted.map((k) => k.name).join(', ');
    plan.problems.push({
      kind: 'dek-registry',
      message:
        `KEK(s) ${names} have KMS properties, which a file keeps only as a digest: apply them from the live ` +
        'source registry',
    });
    return props;
  }
  const http = new HttpClient({ ...source, url: source.location });
  try {
    for (const k of wanted) {
      const read = await readKekProps(http, k.name);
      if (read && propsDigest(read) === k.kmsPropsDigest) props.set(k.name, read);
      else
        plan.problems.push({
          kind: 'dek-registry',
          message: `KEK ${k.name}: its KMS properties on the source changed since the plan was made`,
        });
    }
  } finally {
    await http.close();
  }
  return props;
}

function strategyOf(ids: (typeof APPLY_IDS)[number], target: Registry): Strategy {
  if (ids === 'preserved' || ids === 'preserve') return 'preserve';
  if (ids === 'not-preserved' || ids === 'new') return 'new';
  return canPreserveIds(target) ? 'preserve' : 'new';
}

/** The target restricted to the subjects the source maps to: what apply wrote is what it checks. */
function only(target: Registry, expected: Registry): Registry {
  return { ...target, subjects: new Map([...target.subjects].filter(([name]) => expected.subjects.has(name))) };
}

/** A plan saved with `planOut`, as read back, and the file it came from (errors about it name the file). */
export interface SavedPlan {
  file: string;
  plan: Plan;
}

/** Reads a saved plan: the CLI reads it once, for the sides it names and to carry out. */
export async function readSavedPlan(file: string): Promise<SavedPlan> {
  const p = (await readJsonFile(file)) as Plan;
  if (p?.kind !== 'sr-parity-apply-plan' || p.formatVersion !== 1 || !Array.isArray(p.steps)) {
    throw new UsageError(`${file}: not an sr-parity apply plan (write one with apply --plan-out)`);
  }
  return { file, plan: p };
}

// The one runner: a spec's checks, compare's preset and apply's closing verification all run here, over loaded
// registries. Pure apart from the IoContext the caller hands in for `http` and `compatibility`.
import picomatch from 'picomatch';
import { copyWith } from '../model/copy.js';
import { summarize, type Registry } from '../model/types.js';
import { filterRegistry, type SubjectFilter } from '../model/filter.js';
import { isIdentityMapping, mapRegistry, mappedTargetFilter, subjectMapper } from '../model/mapping.js';
import { ReferenceResolver } from '../normalize/references.js';
import { idMapOf, outcomeOf, pairContext } from './run.js';
import { foldRootCauses } from './root-causes.js';
import type {
  CheckContext,
  CheckOutcome,
  CheckResult,
  CompareOptions,
  Finding,
  IoContext,
  RunResult,
  Severity,
} from './types.js';
import type { CheckDecl } from './declarations.js';
import type { RecordSample } from '../model/records.js';

export interface RunInput {
  tool: string;
  /** What reports call the run: compare, verify, records, apply. */
  command: string;
  title?: string;
  registries: Map<string, Registry>;
  checks: CheckDecl[];
  /** Id maps by the name checks give them (`CheckDecl.idMap`: a file path in specs). */
  idMaps?: Map<string, Map<string, number>>;
  /** Read-only probes for the checks that make them (`http`, `compatibility`); others run without. */
  io?: IoContext;
  failOn: Severity;
  /** Return the source -> target id map of the pair checks' pairing (compare with ids not preserved). */
  withIdMap?: boolean;
  /** Records sampled from Kafka for the checks that declare `samplesRecords`. */
  records?: Map<CheckDecl, RecordSample>;
  /** Checks not to run, with the reason reports give (e.g. not selected by --only). */
  skip?: Map<CheckDecl, string>;
}

function skipped(decl: CheckDecl, reason: string): CheckOutcome {
  return {
    check: decl.name,
    kind: decl.def.kind,
    description: decl.def.description,
    status: 'skipped',
    cases: [],
    findings: [],
    error: reason,
    durationMs: 0,
  };
}

/** A run's probes where the caller gave none: a check that needs one cannot run (an error, never a pass). */
const NO_IO: IoContext = {
  compatibility: () => Promise.reject(new Error('this run makes no compatibility probes')),
  request: () => Promise.reject(new Error('this run makes no requests of its own')),
};

export async function runDeclared(input: RunInput): Promise<RunResult> {
  const started = Date.now();
  const outcomes: CheckOutcome[] = [];
  const contexts = new Map<string, CheckContext>();
  for (const decl of input.checks) {
    outcomes.push(input.skip?.has(decl) ? skipped(decl, input.skip.get(decl)!) : await runDecl(decl, input, contexts));
  }
  foldPerPair(input.checks, outcomes);
  const origins = new Map<string, Map<string, string>>(); // one per source and mapping, shared by its checks
  input.checks.forEach((decl, i) => nameSourceSubjects(decl, input, outcomes[i]!, origins));
  // The header counts what the checks looked at: where every check reading a registry selects the same subjects
  // (a spec's `defaults.subjects`), the counts are of those subjects only.
  const reading = input.checks.filter((c) => c.uses.length);
  const same = reading.every((c) => JSON.stringify(c.filter) === JSON.stringify(reading[0]!.filter));
  const common: SubjectFilter = reading.length && same ? reading[0]!.filter : {};
  const pick = (n: string) => {
    const reg = input.registries.get(n);
    return reg && filterRegistry(reg, common);
  };
  const source = pick('source') ?? [...input.registries.values()][0];
  const target = pick('target');
  const result: RunResult = {
    tool: input.tool,
    command: input.command,
    ...(input.title !== undefined ? { title: input.title } : {}),
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    failOn: input.failOn,
    source: source && { ...source.info, summary: summarize(source) },
    target: target && target !== source ? { ...target.info, summary: summarize(target) } : undefined,
    outcomes,
  };
  const paired = [...contexts.values()][0];
  if (input.withIdMap) result.idMap = paired ? idMapOf(paired) : [];
  if (paired) result.versionsOnly = versionsOnly(paired);
  return result;
}

function versionsOnly({ pairs }: CheckContext): { source: number; target: number } {
  let source = 0;
  let target = 0;
  for (const p of pairs.subjects) {
    source += p.versions.filter((v) => !v.target).length;
    target += p.extraTarget.length;
  }
  for (const s of pairs.extraSubjects) target += s.versions.length;
  return { source, target };
}

/**
 * Under a subject mapping a finding names the target subject; it says which source subject it came from too (the
 * same for compare --rename and a spec's mapping).
 */
function nameSourceSubjects(
  decl: CheckDecl,
  input: RunInput,
  outcome: CheckOutcome,
  origins: Map<string, Map<string, string>>,
): void {
  const mapping = decl.mapping;
  if (!mapping || isIdentityMapping(mapping) || decl.def.scope !== 'pair' || !outcome.findings.length) return;
  const key = JSON.stringify([decl.uses[0], mapping]);
  let origin = origins.get(key);
  if (!origin) {
    const map = subjectMapper(mapping);
    const source = input.registries.get(decl.uses[0]!);
    origins.set(key, (origin = new Map([...(source?.subjects.keys() ?? [])].map((s) => [map(s), s]))));
  }
  outcome.findings = outcome.findings.map((f) => {
    const from = f.subject !== undefined ? origin.get(f.subject) : undefined;
    if (from === undefined || from === f.subject) return f;
    return copyWith(f, { sourceSubject: from, message: `${f.message} (source subject ${from})` });
  });
}

/**
 * Root causes fold among the checks that look at the same registry (a pair check's target, a single check's own)
 * under the same subject mapping: there a subject name means the same subject.
 */
function foldPerPair(decls: CheckDecl[], outcomes: CheckOutcome[]): void {
  const groups = new Map<string, number[]>();
  decls.forEach((d, i) => {
    const key = JSON.stringify([d.def.scope === 'single' ? d.uses[0] : d.uses.at(-1), d.mapping ?? null]);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  for (const indexes of groups.values()) {
    const folded = foldRootCauses(indexes.map((i) => outcomes[i]!));
    indexes.forEach((i, j) => (outcomes[i] = folded[j]!));
  }
}

function runDecl(decl: CheckDecl, input: RunInput, contexts: Map<string, CheckContext>): Promise<CheckOutcome> {
  return outcomeOf(
    { check: decl.name, kind: decl.def.kind, description: decl.def.description },
    input.failOn,
    async () => {
      const { cases, findings } = await execute(decl, input, contexts);
      return {
        cases,
        findings: findings
          .map((f) => (decl.severity ? copyWith(f, { severity: decl.severity }) : f))
          .filter((f) => !ignored(f, decl)),
      };
    },
  );
}

function execute(
  decl: CheckDecl,
  input: RunInput,
  contexts: Map<string, CheckContext>,
): CheckResult | Promise<CheckResult> {
  const loaded = (name: string) => {
    const r = input.registries.get(name);
    if (!r) throw new Error(`source "${name}" was not loaded`);
    return r;
  };
  const reg = (name: string) => filterRegistry(loaded(name), decl.filter);
  const def = decl.def;
  const io = input.io ?? NO_IO;
  if (def.scope === 'probe') return def.run(io, decl.params);
  if (def.scope === 'single') {
    const registry = reg(decl.uses[0]!);
    const refs = new ReferenceResolver(registry);
    const idMap = decl.idMap ? input.idMaps?.get(decl.idMap) : undefined;
    const { filter, allowExtra } = decl;
    const single = { name: decl.uses[0]!, registry, refs, registries: input.registries, filter, io };
    return def.run({ ...single, allowExtra, idMap }, decl.params);
  }
  const idMap = decl.idMap ? input.idMaps?.get(decl.idMap) : undefined;
  // An id map implies ids not preserved unless the kind or the spec says they are: then it lists the exceptions
  // (ids a deduplicating target merged into another).
  const ids = def.ids ?? decl.ids ?? (idMap ? 'not-preserved' : 'preserved');
  const options: CompareOptions = {
    idsPreserved: ids === 'preserved',
    deleted: decl.deleted ?? 'compare',
    idMap,
    allowExtra: decl.allowExtra === true,
  };
  // Pair checks over the same sources, filter and options share one pairing and one set of reference closures.
  const idMapKey = options.idMap ? decl.idMap : null;
  const key = JSON.stringify([decl.uses, decl.filter, options, idMapKey, decl.mapping ?? null]);
  let ctx = contexts.get(key);
  if (!ctx) {
    // A mapped source is compared with its copies, which live in the target context; the filter selects source
    // subjects.
    const source = decl.mapping ? mapRegistry(reg(decl.uses[0]!), decl.mapping) : reg(decl.uses[0]!);
    const target = decl.mapping
      ? filterRegistry(loaded(decl.uses[1]!), mappedTargetFilter(decl.mapping))
      : reg(decl.uses[1]!);
    contexts.set(key, (ctx = pairContext(source, target, options)));
  }
  return def.run(def.samplesRecords ? { ...ctx, records: input.records?.get(decl) } : ctx, decl.params);
}

function ignored(f: Finding, decl: CheckDecl): boolean {
  return decl.ignore.some(
    (rule) =>
      (rule.fingerprint === undefined || rule.fingerprint === f.fingerprint) &&
      (rule.finding === undefined || rule.finding === f.id) &&
      (rule.subject === undefined ||
        (f.subject !== undefined && picomatch.isMatch(f.subject, rule.subject, { dot: true }))),
  );
}

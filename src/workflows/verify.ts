// verify: a spec's checks over the sources it names, run by the one runner compare uses.
import { loadSpec, type SourceDecl, type Spec } from '../spec/load.js';
import { shareSettingsOnlySubjects, type SourceSpec } from '../sources/index.js';
import { readJsonFile, readTextFile } from '../sources/files/native.js';
import { UsageError } from '../lib/errors.js';
import { TOOL } from '../lib/version.js';
import { parseIdMap } from '../model/id-map.js';
import type { Registry } from '../model/types.js';
import type { RecordSample } from '../model/records.js';
import { fromTime } from '../model/records.js';
import { runDeclared } from '../engine/runner.js';
import type { CheckDecl } from '../engine/declarations.js';
import type { RunResult, Severity } from '../engine/types.js';
import { loadSide, type Hooks, type LastReads } from './sides.js';
import { probesFor } from './probes.js';

export interface VerifyInput {
  /** The spec file (YAML). */
  spec: string;
  /** Values of the spec's `${NAME}` variables (over the environment's). */
  vars?: Record<string, string>;
  /** Run only the checks with these names or kinds; the others are reported as skipped. */
  only?: string[];
  /** Every check's soft-deleted subjects and versions: compared too, or active ones only (default: the spec's). */
  deleted?: 'compare' | 'ignore';
  /** Default: the spec's `defaults.failOn`, else error. */
  failOn?: Severity;
  /** The reads of the run before, for a run made again and again (watch): changed parts are read again. */
  lastReads?: LastReads;
}

export async function verify(input: VerifyInput, hooks: Hooks = {}): Promise<RunResult> {
  const spec = await loadSpec(input.spec, input.vars ?? {});
  // A variable the spec never reads is a typo more often than not (--set TRAGET_URL=...): said, not refused
  for (const { name, hint } of spec.unusedVariables)
    hooks.warn?.(`--set ${name} names no variable of ${spec.file}${hint ? ` (did you mean ${hint}?)` : ''}`);
  for (const { name, formerly } of spec.renamedVariables)
    hooks.warn?.(`${formerly} is the former name of ${name} in ${spec.file}: set ${name} (${formerly} still works)`);
  if (input.deleted) for (const c of spec.checks) c.deleted = input.deleted;
  const only = input.only ?? [];
  const selected = (c: CheckDecl) => !only.length || only.includes(c.name) || only.includes(c.def.kind);
  const checks = spec.checks.filter(selected);
  const skip = new Map(
    spec.checks.filter((c) => !selected(c)).map((c) => [c, `not selected (--only ${only.join(', ')})`]),
  );
  if (!checks.length)
    throw new UsageError(
      `--only ${only.join(' ')} matches no check of ${spec.file} (names: ${spec.checks.map((c) => c.name).join(', ')})`,
    );
  const needed = new Set(checks.flatMap((c) => (c.def.scope === 'probe' ? [] : c.uses)));
  for (const c of checks)
    for (const p of c.def.sourceParams ?? []) if (typeof c.params[p] === 'string') needed.add(c.params[p]);
  const loaded = await Promise.all(
    [...needed].map(async (name) => {
      const decl = spec.sources[name]!;
      const sSpec = sourceSpec(decl, spec, input.lastReads !== undefined);
      const origin = { spec: spec.file, variables: decl.loginVariables };
      return {
        name,
        spec: sSpec,
        registry: await loadSide(`source '${name}'`, origin, sSpec, {}, hooks.progress?.(name), input.lastReads),
      };
    }),
  );
  await shareSettingsOnlySubjects(loaded);
  const registries = new Map<string, Registry>(loaded.map((l) => [l.name, l.registry]));
  for (const [name, reg] of registries) for (const note of reg.info.notes ?? []) hooks.note?.(`${name}: ${note}`);
  await readCheckFiles(checks);
  const idMaps = new Map(
    await Promise.all(
      [...new Set(checks.flatMap((c) => (c.idMap ? [c.idMap] : [])))].map(
        async (f) => [f, parseIdMap(await readJsonFile(f), f)] as const,
      ),
    ),
  );
  const records = new Map<CheckDecl, RecordSample>();
  for (const c of checks.filter((c) => c.def.samplesRecords)) {
    const k = spec.kafka!;
    const { topics, sample, from } = c.params as { topics: string[]; sample?: number; from?: string };
    const fromMs = fromTime(from, `${spec.file}: check ${c.name}: from`);
    const opts = { ...k, timeoutMs: k.timeoutMs ?? 30_000, topics, sample: sample ?? 100, fromMs };
    // Kafka's client is loaded only by a run that samples records (it costs every other start 50 ms)
    const { sampleRecords } = await import('../sources/kafka/sample.js');
    records.set(c, await sampleRecords(opts, hooks.progress?.(`kafka (${c.name})`)));
  }
  const io = probesFor(spec);
  try {
    return await runDeclared({
      tool: TOOL,
      command: 'verify',
      title: `sr-parity verify ${spec.file}`,
      registries,
      checks: spec.checks,
      skip,
      idMaps,
      records,
      io,
      failOn: input.failOn ?? spec.failOn ?? 'error',
    });
  } finally {
    await io.close();
  }
}

/** The files a check's params name, read for it (checks do no I/O): text (`reads`) or a JSON document (`loads`). */
async function readCheckFiles(checks: CheckDecl[]): Promise<void> {
  for (const c of checks) {
    for (const p of c.def.reads ?? []) {
      const path = c.params[p];
      if (typeof path === 'string') c.params[p] = { path, text: await readTextFile(path) };
    }
    for (const p of c.def.loads ?? []) {
      const path = c.params[p] as string;
      c.params[p] = { path, document: await readJsonFile(path) };
    }
  }
}

/** A spec's source; its topic (on the spec's kafka cluster) only where passes follow each other (watch). */
function sourceSpec({ loginVariables: _vars, schemasTopic, ...s }: SourceDecl, spec: Spec, again: boolean): SourceSpec {
  const k = spec.kafka;
  const topic = again && schemasTopic && k ? { ...k, timeoutMs: k.timeoutMs ?? 30_000, topic: schemasTopic } : null;
  return { ...s, location: (s.url ?? s.snapshot)!, timeoutMs: s.timeoutMs, ...(topic ? { schemasTopic: topic } : {}) };
}

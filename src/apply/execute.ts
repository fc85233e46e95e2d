// Runs a plan against the target: the only code in sr-parity that writes to a registry.
import { ApplyError, SourceError } from '../lib/errors.js';
import type { HttpClient } from '../sources/rest/http.js';
import { encodeSubject } from '../sources/rest/confluent.js';
import { DEFAULT_CONTEXT, bareName, contextOf, type Reference } from '../model/types.js';
import type { IdMapEntry } from '../model/id-map.js';
import type { Journal, JournalEntry } from './journal.js';
import type { Phase, Plan, RegisterStep, Step } from '../model/plan.js';

export interface ExecuteOptions {
  http: HttpClient;
  plan: Plan;
  journal: Journal;
  concurrency: number;
  /** Set by the caller (Ctrl-C): no new step starts, the ones in flight finish and are recorded. */
  stop?: { requested: boolean };
  onProgress?: (done: number, total: number) => void;
  /** Each KEK's KMS properties, read from the source just before the run: in memory only, never in a plan or file. */
  kekProps?: Map<string, Record<string, string>>;
}

export interface ExecuteResult {
  total: number;
  done: number; // completed, including earlier runs'
  written: number; // completed by this run
  requests: number; // sent by this run, retries included
  idMap: IdMapEntry[];
  /** Why it stopped before the end: the failing step and error, or an interrupt. */
  stopped?: { reason: 'interrupted' } | { reason: 'failed'; step: string; error: string };
  /** Where the target's modes could not be put back after a stop (the same fault, most often): what the write said. */
  modesNotRestored?: string;
}

const PHASES: Phase[] = ['write', 'settle', 'modes'];
const KEKS = '/dek-registry/v1/keks';

export async function executePlan(o: ExecuteOptions): Promise<ExecuteResult> {
  const { plan, journal, http } = o;
  const versions = new Map<string, number>(); // `subject\0sourceVersion` -> target version
  const vkey = (subject: string, version: number) => `${subject}\u0000${version}`;
  for (const e of plan.existing) versions.set(vkey(e.subject, e.version), e.targetVersion);
  const byKey = new Map(plan.steps.map((s) => [s.key, s]));
  for (const e of journal.done.values()) {
    const st = byKey.get(e.key);
    if (st?.op === 'register' && e.version !== undefined) versions.set(vkey(st.subject, st.version), e.version);
  }
  const targetVersion = (subject: string, version: number) => {
    if (plan.strategy === 'preserve') return version;
    const v = versions.get(vkey(subject, version));
    if (v === undefined)
      throw new ApplyError(`no target version known for ${subject} v${version} (its registration did not record one)`);
    return v;
  };

  let written = 0;
  const requestsBefore = http.requests;
  const total = plan.steps.length;
  let done = plan.steps.filter((s) => journal.done.has(s.key)).length;
  let stopped: ExecuteResult['stopped'];

  const runStep = async (step: Step): Promise<JournalEntry> => {
    switch (step.op) {
      case 'register':
        return register(
          http,
          step,
          plan.strategy,
          (r) => ({ name: r.name, subject: r.subject, version: targetVersion(r.subject, r.version) }),
          (v) => versions.set(vkey(step.subject, step.version), v),
        );
      case 'soft-delete':
        await http.write(
          'DELETE',
          `/subjects/${encodeSubject(step.subject)}/versions/${targetVersion(step.subject, step.version)}`,
          undefined,
          [404],
        );
        return { key: step.key };
      case 'set-config':
        if (step.config === null) await removeConfig(http, step.at);
        else await http.write('PUT', `/config${suffix(step.at)}`, step.config);
        return { key: step.key };
      case 'set-mode':
        if (step.mode === null) await http.write('DELETE', `/mode${suffix(step.at)}`, undefined, [404]);
        else await http.write('PUT', `/mode${suffix(step.at)}?force=true`, { mode: step.mode });
        return { key: step.key };
      case 'create-kek': {
        const { name, kmsType, kmsKeyId, doc, shared } = step.kek;
        const kmsProps = o.kekProps?.get(name);
        if (step.kek.kmsPropsDigest !== null && !kmsProps)
          throw new ApplyError(`KEK ${name}: its KMS properties were not read from the source`);
        await http.write('POST', KEKS, { name, kmsType, kmsKeyId, kmsProps, ...(doc ? { doc } : {}), shared });
        return { key: step.key };
      }
      case 'soft-delete-kek':
        await http.write('DELETE', `${KEKS}/${encodeURIComponent(step.name)}`, undefined, [404]);
        return { key: step.key };
      case 'create-dek': {
        const { kek, subject, version, algorithm, material, deleted } = step.dek;
        const deks = `${KEKS}/${encodeURIComponent(kek)}/deks`;
        await http.write('POST', deks, { subject, version, algorithm, encryptedKeyMaterial: material });
        if (deleted)
          await http.write('DELETE', `${deks}/${encodeURIComponent(subject)}/versions/${version}`, undefined, [404]);
        return { key: step.key };
      }
    }
  };

  // What this migration put into IMPORT (this run, or an earlier one: the state file knows their modes) is restored.
  let restored = false;
  const restore = () => restoreModes(http, journal.previousModes);
  let modesNotRestored: string | undefined;
  try {
    for (const phase of PHASES) {
      if (phase === 'write' && plan.importContexts.length) await enterImport(http, plan.importContexts, journal);
      if (phase === 'modes' && !restored) {
        await restore();
        restored = true;
      }
      const steps = plan.steps.filter((s) => s.phase === phase && !journal.done.has(s.key));
      const failure = await runDag(steps, o.concurrency, o.stop, async (step) => {
        const entry = await runStep(step);
        journal.record(entry);
        written++;
        done++;
        o.onProgress?.(done, total);
      });
      if (failure) {
        stopped = failure;
        break;
      }
    }
  } finally {
    // Even when a step failed or Ctrl-C arrived (only then is it left to do): never leave the target in IMPORT mode
    // behind a stopped run. Where that write fails too (the same fault, most often), the first failure is reported.
    if (!restored) {
      try {
        await restore();
      } catch (err) {
        modesNotRestored = (err as Error).message;
      }
    }
  }
  const idMap = idMapOf(plan, journal);
  const requests = http.requests - requestsBefore;
  return { total, done, written, requests, idMap, stopped, ...(modesNotRestored ? { modesNotRestored } : {}) };
}

/**
 * Runs steps as their `after` allows, at most `concurrency` at once; stops launching on the first failure or a stop
 * request.
 */
async function runDag(
  steps: Step[],
  concurrency: number,
  stop: { requested: boolean } | undefined,
  run: (s: Step) => Promise<void>,
): Promise<ExecuteResult['stopped']> {
  const inPhase = new Set(steps.map((s) => s.key));
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const s of steps) {
    const deps = s.after.filter((k) => inPhase.has(k));
    waiting.set(s.key, deps.length);
    for (const d of deps) dependents.set(d, [...(dependents.get(d) ?? []), s.key]);
  }
  const byKey = new Map(steps.map((s) => [s.key, s]));
  const ready = steps.filter((s) => waiting.get(s.key) === 0);
  let inFlight = 0;
  let finished = 0;
  let failure: ExecuteResult['stopped'];
  return new Promise((resolve) => {
    const pump = () => {
      while (!failure && !stop?.requested && inFlight < concurrency && ready.length) {
        const step = ready.shift()!;
        inFlight++;
        run(step).then(
          () => {
            inFlight--;
            finished++;
            for (const k of dependents.get(step.key) ?? []) {
              const n = waiting.get(k)! - 1;
              waiting.set(k, n);
              if (n === 0) ready.push(byKey.get(k)!);
            }
            pump();
          },
          (err: unknown) => {
            inFlight--;
            failure ??= { reason: 'failed', step: step.key, error: (err as Error).message };
            pump();
          },
        );
      }
      if (inFlight > 0) return;
      if (failure) resolve(failure);
      else if (finished === steps.length) resolve(undefined);
      else if (stop?.requested) resolve({ reason: 'interrupted' });
      else
        resolve({
          reason: 'failed',
          step: ready[0]?.key ?? steps.find((s) => waiting.get(s.key)! > 0)!.key,
          error: 'steps wait on each other (a reference cycle)',
        });
    };
    pump();
  });
}

async function register(
  http: HttpClient,
  step: RegisterStep,
  strategy: Plan['strategy'],
  translate: (r: Reference) => Reference,
  learned: (version: number) => void,
): Promise<JournalEntry> {
  const body: Record<string, unknown> = { schema: step.schema };
  if (step.schemaType !== 'AVRO') body.schemaType = step.schemaType;
  // Written the way registries store them: a reference into the referrer's own context without the context prefix.
  const context = contextOf(step.subject);
  const local = (subject: string) => (contextOf(subject) === context ? bareName(subject) : subject);
  if (step.references.length)
    body.references = step.references.map(translate).map((r) => ({ ...r, subject: local(r.subject) }));
  if (step.metadata) body.metadata = step.metadata;
  if (step.ruleSet) body.ruleSet = step.ruleSet;
  const path = `/subjects/${encodeSubject(step.subject)}`;
  if (strategy === 'preserve') {
    body.id = step.id;
    body.version = step.version;
  }
  const res = await http.write<{ id?: number }>('POST', `${path}/versions`, body);
  const id = res.body?.id;
  if (typeof id !== 'number') throw new SourceError(`POST ${http.display}${path}/versions`, 'answer has no id');
  if (strategy === 'preserve' && id !== step.id) {
    throw new ApplyError(
      `${step.subject} v${step.version}: the target assigned id ${id} instead of ${step.id}, so it does not honour ` +
        `IMPORT mode; use --ids not-preserved`,
    );
  }
  let version = strategy === 'preserve' ? step.version : undefined;
  if (step.needVersion) {
    // Registration answers only the id; the lookup (read-only) says which version the content became.
    delete body.id;
    delete body.version;
    const found = await http.write<{ version?: number }>('POST', `${path}?deleted=true`, body);
    if (typeof found.body?.version !== 'number')
      throw new SourceError(`POST ${http.display}${path}`, 'lookup answer has no version');
    version = found.body.version;
    learned(version);
  }
  return version === undefined ? { key: step.key, id } : { key: step.key, id, version };
}

/**
 * Puts each context into IMPORT mode, read just before (a plan's reading may be old). A context already in IMPORT
 * that this migration did not put there belongs to someone else (another apply copying into the same target, an
 * exporter's destination): it is left as it is and not restored at the end.
 */
async function enterImport(http: HttpClient, contexts: string[], journal: Journal): Promise<void> {
  for (const c of contexts) {
    const at = contextAt(c);
    const found = await http.get<{ mode?: string } | null>(`/mode${suffix(at)}`, [404]);
    const mode = found.status === 200 ? (found.body?.mode ?? null) : null;
    if (mode === 'IMPORT') continue;
    journal.enterImport(c, mode); // as the settings reader takes it: 404 is no mode of its own
    try {
      await http.write('PUT', `/mode${suffix(at)}?force=true`, { mode: 'IMPORT' });
    } catch (err) {
      throw new ApplyError(
        `the target refused IMPORT mode (${(err as Error).message}), so it cannot keep the source's ids; use --ids ` +
          `not-preserved`,
      );
    }
    const now = await http.get<{ mode?: string }>(`/mode${suffix(at)}`, [404]);
    if (now.body?.mode !== 'IMPORT') {
      throw new ApplyError(
        `the target accepted PUT /mode${suffix(at)} IMPORT but reports mode ` +
          `${now.body?.mode ?? `HTTP ${now.status}`}, so it cannot keep the source's ids; use --ids not-preserved`,
      );
    }
  }
}

async function restoreModes(http: HttpClient, previous: Record<string, string | null>): Promise<void> {
  for (const c of Object.keys(previous)) {
    const mode = previous[c] ?? null;
    const path = `/mode${suffix(contextAt(c))}`;
    // Only a mode still IMPORT is this run's to put back: one already changed was restored by another apply copying
    // into the same target (which finished first), or set by an operator; writing ours over it would undo theirs.
    const now = await http.get<{ mode?: string } | null>(path, [404]);
    if (now.status === 200 && now.body?.mode !== 'IMPORT') continue;
    // 404: a registry without modes has nothing to restore.
    if (c === DEFAULT_CONTEXT) await http.write('PUT', `${path}?force=true`, { mode: mode ?? 'READWRITE' }, [404]);
    else if (mode === null) await http.write('DELETE', path, undefined, [404]);
    else await http.write('PUT', `${path}?force=true`, { mode });
  }
}

/** A context's settings path segment: '' for the registry's own, `:.ctx:` for a context. */
function contextAt(c: string): string {
  return c === DEFAULT_CONTEXT ? '' : `:${c}:`;
}

function suffix(at: string): string {
  return at === '' ? '' : `/${encodeSubject(at)}`;
}

/** Source id -> target id for every copied version: those already there and those this or an earlier run wrote. */
function idMapOf(plan: Plan, journal: Journal): IdMapEntry[] {
  const out = new Map<string, IdMapEntry>();
  const add = (context: string, source: number, target: number) => {
    const k = `${context}|${source}`;
    if (!out.has(k)) out.set(k, { context, source, target });
  };
  for (const e of plan.existing) add(e.context, e.sourceId, e.targetId);
  for (const s of plan.steps) {
    const id = s.op === 'register' ? journal.done.get(s.key)?.id : undefined;
    if (s.op === 'register' && id !== undefined) add(s.sourceContext ?? contextOf(s.subject), s.sourceId, id);
  }
  return [...out.values()].sort((a, b) =>
    a.context < b.context ? -1 : a.context > b.context ? 1 : a.source - b.source,
  );
}

/**
 * Removes a subject's or context's own config, and reads back that it inherits: Apicurio's ccompat API answers the
 * DELETE with 200 and keeps the rule (3.3.3, tried). Where the level still answers a value of its own, it is set to
 * its parent's, which is what inheriting gives it; where even that does not hold, the step fails.
 */
async function removeConfig(http: HttpClient, at: string): Promise<void> {
  const path = `/config${suffix(at)}`;
  await http.write('DELETE', path, undefined, [404]);
  const level = (o: Record<string, unknown> | undefined) => o?.compatibilityLevel ?? o?.compatibility;
  const parentPath =
    at.startsWith(':') && contextOf(at) !== DEFAULT_CONTEXT && !at.endsWith(':')
      ? `/config/:${contextOf(at)}:`
      : '/config';
  const [own, parent] = [level(await http.probeJson(path)), level(await http.probeJson(parentPath))];
  if (own === undefined || own === parent) return;
  if (typeof parent !== 'string')
    throw new ApplyError(`${path}: the target kept its config ${String(own)} after DELETE`);
  await http.write('PUT', path, { compatibility: parent });
  if (level(await http.probeJson(path)) !== parent)
    throw new ApplyError(`${path}: the target kept its config ${String(own)} after DELETE and PUT ${parent}`);
}

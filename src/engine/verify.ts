// Runs a spec's checks over loaded registries. Pure apart from the IoContext the caller hands in for `http`.
import picomatch from 'picomatch';
import { summarize, type Registry } from '../model/types.js';
import { filterRegistry } from '../model/filter.js';
import { ReferenceResolver } from '../normalize/references.js';
import { pairRegistries } from './pairing.js';
import { atOrAbove } from './run.js';
import type { CheckOutcome, CheckResult, CompareOptions, Finding, IoContext, RunResult, Severity } from './types.js';
import type { CheckDecl } from '../spec/load.js';

export interface VerifyInput {
  tool: string;
  registries: Map<string, Registry>;
  checks: CheckDecl[];
  idMaps: Map<string, Map<string, number>>; // by file path
  io: IoContext;
  failOn: Severity;
  /** Checks not to run, with the reason reports give (e.g. not selected by --only). */
  skip?: Map<CheckDecl, string>;
}

function skipped(decl: CheckDecl, reason: string): CheckOutcome {
  return { check: decl.name, kind: decl.def.kind, description: decl.def.description, status: 'skipped', cases: [], findings: [], error: reason, durationMs: 0 };
}

export async function runVerify(input: VerifyInput): Promise<RunResult> {
  const started = Date.now();
  const outcomes: CheckOutcome[] = [];
  for (const decl of input.checks) {
    outcomes.push(input.skip?.has(decl) ? skipped(decl, input.skip.get(decl)!) : await runDecl(decl, input));
  }
  const pick = (n: string) => input.registries.get(n);
  const source = pick('source') ?? [...input.registries.values()][0];
  const target = pick('target');
  return {
    tool: input.tool,
    command: 'verify',
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    failOn: input.failOn,
    source: source ? { ...source.info, summary: summarize(source) } : { kind: 'snapshot', location: '(none)', summary: summarize(emptyRegistry()) },
    target: target && target !== source ? { ...target.info, summary: summarize(target) } : undefined,
    outcomes,
  };
}

async function runDecl(decl: CheckDecl, input: VerifyInput): Promise<CheckOutcome> {
  const t0 = performance.now();
  const base = { check: decl.name, kind: decl.def.kind, description: decl.def.description };
  try {
    const result = await execute(decl, input);
    const findings = result.findings
      .map((f) => (decl.severity ? { ...f, severity: decl.severity } : f))
      .filter((f) => !ignored(f, decl));
    const failing = findings.some((f) => atOrAbove(f.severity, input.failOn));
    return { ...base, status: failing ? 'failed' : 'passed', cases: result.cases, findings, durationMs: performance.now() - t0 };
  } catch (err) {
    return { ...base, status: 'error', cases: [], findings: [], error: (err as Error).message, durationMs: performance.now() - t0 };
  }
}

function execute(decl: CheckDecl, input: VerifyInput): CheckResult | Promise<CheckResult> {
  const reg = (name: string) => {
    const r = input.registries.get(name);
    if (!r) throw new Error(`source "${name}" was not loaded`);
    return filterRegistry(r, decl.filter);
  };
  const def = decl.def;
  if (def.scope === 'none') return def.run(input.io, decl.params);
  if (def.scope === 'single') {
    const registry = reg(decl.uses[0]!);
    return def.run({ name: decl.uses[0]!, registry, refs: new ReferenceResolver(registry), registries: input.registries, filter: decl.filter }, decl.params);
  }
  const source = reg(decl.uses[0]!);
  const target = reg(decl.uses[1]!);
  const idMap = decl.idMap ? input.idMaps.get(decl.idMap) : undefined;
  const ids = def.ids ?? decl.ids ?? 'preserved';
  const options: CompareOptions = { idsPreserved: ids === 'preserved' && !(idMap && !def.ids), deleted: decl.deleted ?? 'compare', idMap: ids === 'preserved' ? undefined : idMap };
  const sourceRefs = new ReferenceResolver(source);
  const targetRefs = new ReferenceResolver(target);
  const pairs = pairRegistries(source, target, sourceRefs, targetRefs, options);
  return def.run({ source, target, sourceRefs, targetRefs, options, pairs }, decl.params);
}

function ignored(f: Finding, decl: CheckDecl): boolean {
  return decl.ignore.some(
    (rule) =>
      (rule.fingerprint === undefined || rule.fingerprint === f.fingerprint) &&
      (rule.finding === undefined || rule.finding === f.check) &&
      (rule.subject === undefined || (f.subject !== undefined && picomatch.isMatch(f.subject, rule.subject, { dot: true }))),
  );
}

function emptyRegistry(): Registry {
  return { info: { kind: 'snapshot', location: '(none)' }, globalConfig: null, globalMode: null, contexts: [], contextSettings: {}, subjects: new Map() };
}

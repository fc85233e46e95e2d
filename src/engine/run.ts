// What the runner (runner.ts) is made of: the context pair checks share, one check's timed outcome, the exit code.
import { idContextOf, type Registry } from '../model/types.js';
import { ReferenceResolver } from '../normalize/references.js';
import { pairRegistries } from './pairing.js';
import type {
  CheckContext,
  CheckOutcome,
  CheckResult,
  CompareOptions,
  IdMapEntry,
  RunResult,
  Severity,
} from './types.js';
import { SEVERITIES } from './types.js';

/** What every pair check reads: both registries, their reference resolvers, and which versions correspond. */
export function pairContext(source: Registry, target: Registry, options: CompareOptions): CheckContext {
  const sourceRefs = new ReferenceResolver(source);
  const targetRefs = new ReferenceResolver(target);
  return {
    source,
    target,
    sourceRefs,
    targetRefs,
    options,
    pairs: pairRegistries(source, target, sourceRefs, targetRefs, options),
  };
}

type OutcomeBase = Pick<CheckOutcome, 'check' | 'kind' | 'description'>;

/** Runs one check, timed: failed when a finding reaches `failOn`, error when it could not run. */
export function outcomeOf(base: OutcomeBase, failOn: Severity, run: () => CheckResult): CheckOutcome;
export function outcomeOf(
  base: OutcomeBase,
  failOn: Severity,
  run: () => CheckResult | Promise<CheckResult>,
): Promise<CheckOutcome>;
export function outcomeOf(
  base: OutcomeBase,
  failOn: Severity,
  run: () => CheckResult | Promise<CheckResult>,
): CheckOutcome | Promise<CheckOutcome> {
  const t0 = performance.now();
  const done = ({ cases, findings }: CheckResult): CheckOutcome => ({
    ...base,
    status: findings.some((f) => atOrAbove(f.severity, failOn)) ? 'failed' : 'passed',
    cases,
    findings,
    durationMs: performance.now() - t0,
  });
  // A check that could not run fails the run; it never passes silently.
  const failed = (err: unknown): CheckOutcome => ({
    ...base,
    status: 'error',
    cases: [],
    findings: [],
    error: (err as Error).message,
    durationMs: performance.now() - t0,
  });
  try {
    const result = run();
    return result instanceof Promise ? result.then(done, failed) : done(result);
  } catch (err) {
    return failed(err);
  }
}

export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}

/** 0 when nothing reaches --fail-on, 1 otherwise (an errored check counts as failing). */
export function exitCodeOf(run: RunResult): 0 | 1 {
  return run.outcomes.some((o) => o.status === 'failed' || o.status === 'error') ? 1 : 0;
}

export function idMapOf({ pairs }: CheckContext): IdMapEntry[] {
  const seen = new Map<string, IdMapEntry>();
  for (const p of pairs.subjects) {
    for (const { source, target } of p.versions) {
      const context = idContextOf(p.source);
      const key = `${context}|${source.id}`;
      if (target && !seen.has(key)) seen.set(key, { context, source: source.id, target: target.id });
    }
  }
  return [...seen.values()].sort((a, b) =>
    a.context === b.context ? a.source - b.source : a.context < b.context ? -1 : 1,
  );
}

// Runs checks over two loaded registries. Pure: no I/O, so every check is testable from fixtures.
import { summarize, type Registry } from '../model/types.js';
import { ReferenceResolver } from '../normalize/references.js';
import { pairRegistries } from './pairing.js';
import type { CheckContext, PairCheck, CheckOutcome, CompareOptions, IdMapEntry, RunResult, Severity } from './types.js';
import { SEVERITIES } from './types.js';

export interface RunInput {
  tool: string;
  command: string;
  source: Registry;
  target: Registry;
  checks: PairCheck[];
  options: CompareOptions;
  failOn: Severity;
}

export function runChecks(input: RunInput): RunResult {
  const started = Date.now();
  const sourceRefs = new ReferenceResolver(input.source);
  const targetRefs = new ReferenceResolver(input.target);
  const pairs = pairRegistries(input.source, input.target, sourceRefs, targetRefs, input.options);
  const ctx: CheckContext = { source: input.source, target: input.target, sourceRefs, targetRefs, options: input.options, pairs };
  const outcomes = input.checks.map((check) => runOne(check, ctx, input.failOn));
  const result: RunResult = {
    tool: input.tool,
    command: input.command,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    failOn: input.failOn,
    source: { ...input.source.info, summary: summarize(input.source) },
    target: { ...input.target.info, summary: summarize(input.target) },
    outcomes,
  };
  if (!input.options.idsPreserved) result.idMap = idMapOf(ctx);
  return result;
}

function runOne(check: PairCheck, ctx: CheckContext, failOn: Severity): CheckOutcome {
  const t0 = performance.now();
  const base = { check: check.kind, kind: check.kind, description: check.description };
  try {
    const { cases, findings } = check.run(ctx, {});
    const failing = findings.some((f) => atOrAbove(f.severity, failOn));
    return { ...base, status: failing ? 'failed' : 'passed', cases, findings, durationMs: performance.now() - t0 };
  } catch (err) {
    // A check that could not run fails the run; it never passes silently.
    return { ...base, status: 'error', cases: [], findings: [], error: (err as Error).message, durationMs: performance.now() - t0 };
  }
}

export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}

/** 0 when nothing reaches --fail-on, 1 otherwise (an errored check counts as failing). */
export function exitCodeOf(run: RunResult): 0 | 1 {
  return run.outcomes.some((o) => o.status === 'failed' || o.status === 'error') ? 1 : 0;
}

function idMapOf({ pairs }: CheckContext): IdMapEntry[] {
  const seen = new Map<string, IdMapEntry>();
  for (const p of pairs.subjects) {
    for (const { source, target } of p.versions) {
      const key = `${p.source.context}|${source.id}`;
      if (target && !seen.has(key)) seen.set(key, { context: p.source.context, source: source.id, target: target.id });
    }
  }
  return [...seen.values()].sort((a, b) => (a.context === b.context ? a.source - b.source : a.context < b.context ? -1 : 1));
}

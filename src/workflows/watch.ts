// watch: the same compare (or a spec's verify) again and again over a migration window. Each pass is a whole run
// of the workflow, so its verdict is exactly what `compare` or `verify` would say at that moment; what watch adds
// is the state over time: in sync, drift, or no verdict (a side could not be read), and what changed between passes.
import { SourceError } from '../lib/errors.js';
import type { RunResult } from '../engine/types.js';
import { atOrAbove, exitCodeOf } from '../engine/run.js';
import { compare, type CompareInput } from './compare.js';
import { verify, type VerifyInput } from './verify.js';
import { LastReads, sideSpec, type Hooks } from './sides.js';
import { exporterStates, type ExporterState } from './exporters.js';

export type PassState = 'in-sync' | 'drift' | 'no-verdict';

export interface Pass {
  /** 1 for the first pass. */
  n: number;
  /** Every side was read whole (the first pass, every --full-every); else live sides were read from the pass before. */
  full: boolean;
  startedAt: Date;
  durationMs: number;
  state: PassState;
  /** The run, when the pass reached a verdict. */
  run?: RunResult;
  /** Why a pass reached no verdict: a side that could not be read. */
  error?: SourceError;
  /** Which side could not be read (`source`, `target`, or a spec's source name), when one could not. */
  down?: string;
  /** Each root cause at or above the run's fail-on, as `finding-id place`: what appeared or cleared is said. */
  roots: string[];
  /** The Schema Exporters each live side defines, and their states (compare passes). */
  exporters: ExporterState[];
}

export interface WatchInput {
  /** What each pass runs: a compare, or a spec. */
  compare?: CompareInput;
  verify?: VerifyInput;
  /** Time from the end of one pass to the start of the next. */
  everyMs: number;
  /** End at the first pass in sync. */
  untilInSync?: boolean;
  /** End after this long (with untilInSync: not in sync by then). */
  timeoutMs?: number;
  /** Ends the watch between passes (SIGTERM, SIGINT); a pass under way finishes first. */
  signal?: AbortSignal;
  /**
   * Every how many passes the sides are read whole (default 10; 1: every pass). The passes between read live sides
   * cheaply from the pass before (what the listings show unchanged is not read again) and files only when changed.
   */
  fullEvery?: number;
}

export interface WatchHooks extends Hooks {
  /** Every pass, as it ends. */
  pass?(pass: Pass): void;
  /** A pass whose state differs from the one before (the first pass too), with the roots that appeared or cleared. */
  change?(from: Pass | undefined, to: Pass, appeared: string[], cleared: string[]): void;
}

export interface WatchResult {
  passes: number;
  last?: Pass;
  /** Why it ended: in sync (untilInSync), the timeout, or a signal. */
  ended: 'in-sync' | 'timeout' | 'stopped';
}

export async function watch(input: WatchInput, hooks: WatchHooks = {}): Promise<WatchResult> {
  if (!input.compare === !input.verify) throw new Error('watch needs a compare or a verify to run, not both');
  const started = Date.now();
  const deadline = input.timeoutMs === undefined ? Infinity : started + input.timeoutMs;
  let last: Pass | undefined;
  let n = 0;
  // Notes (a file's skipped records...) are the same every pass: said once.
  const said = new Set<string>();
  const once = (say?: (t: string) => void) => (t: string) => {
    if (!said.has(t)) say?.(t);
    said.add(t);
  };
  const passHooks: Hooks = { progress: hooks.progress, note: once(hooks.note), warn: once(hooks.warn) };
  const reads = new LastReads();
  const fullEvery = input.fullEvery ?? DEFAULT_FULL_EVERY;
  for (;;) {
    if (input.signal?.aborted) return { passes: n, last, ended: 'stopped' };
    reads.full = n % fullEvery === 0;
    const pass = await runPass(++n, input, passHooks, reads);
    hooks.pass?.(pass);
    if (!last || last.state !== pass.state) {
      const before = new Set(last?.roots ?? []);
      const now = new Set(pass.roots);
      hooks.change?.(
        last,
        pass,
        pass.roots.filter((r) => !before.has(r)),
        (last?.roots ?? []).filter((r) => !now.has(r)),
      );
    }
    last = pass;
    if (input.untilInSync && pass.state === 'in-sync') return { passes: n, last, ended: 'in-sync' };
    const wait = Math.min(input.everyMs, deadline - Date.now());
    if (wait <= 0 && Date.now() >= deadline) return { passes: n, last, ended: 'timeout' };
    if (!(await sleep(wait, input.signal))) return { passes: n, last, ended: 'stopped' };
    if (Date.now() >= deadline) return { passes: n, last, ended: 'timeout' };
  }
}

export const DEFAULT_FULL_EVERY = 10;

async function runPass(n: number, input: WatchInput, hooks: Hooks, lastReads: LastReads): Promise<Pass> {
  const startedAt = new Date();
  const t0 = performance.now();
  const c = input.compare;
  const exporters = c
    ? Promise.all([exporterStates('source', sideSpec(c.source)), exporterStates('target', sideSpec(c.target))])
    : Promise.resolve([]);
  try {
    const run = c ? await compare({ ...c, lastReads }, hooks) : await verify({ ...input.verify!, lastReads }, hooks);
    const inSync = exitCodeOf(run) === 0;
    return {
      n,
      full: lastReads.full,
      startedAt,
      durationMs: performance.now() - t0,
      state: inSync ? 'in-sync' : 'drift',
      run,
      roots: rootsOf(run),
      exporters: (await exporters).flat(),
    };
  } catch (err) {
    // A side that cannot be read is a pass without a verdict, never "in sync"; anything else ends the watch.
    if (!(err instanceof SourceError)) throw err;
    const side = /^the (source|target)\b|^the source '([^']+)'/.exec(err.location);
    return {
      n,
      full: lastReads.full,
      startedAt,
      durationMs: performance.now() - t0,
      state: 'no-verdict',
      error: err,
      down: side ? (side[1] ?? side[2]) : undefined,
      roots: [],
      exporters: (await exporters).flat(),
    };
  }
}

/** Root causes at or above fail-on, named by id and place; errored checks by the check. */
function rootsOf(run: RunResult): string[] {
  const roots: string[] = [];
  for (const o of run.outcomes) {
    if (o.status === 'error') roots.push(`${o.check} could not run`);
    if (o.status !== 'failed') continue;
    for (const f of o.findings) {
      if (f.causedBy !== undefined || !atOrAbove(f.severity, run.failOn)) continue;
      const place =
        f.subject !== undefined ? `${f.subject}${f.version !== undefined ? ` v${f.version}` : ''}` : f.place;
      roots.push(`${f.id}${place !== undefined ? ` ${place}` : f.schemaId !== undefined ? ` id ${f.schemaId}` : ''}`);
    }
  }
  return [...new Set(roots)].sort();
}

/** Resolves true after `ms`, false at once when the signal aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve(true);
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', stop, { once: true });
  });
}

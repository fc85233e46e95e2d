// The JSON report: the run as it is, in an envelope a consumer can check (formatVersion, kind) and a summary it can
// read without walking the findings. Its shape is docs/report.schema.json (a test validates reports against it).
import type { RunResult } from '../engine/result.js';
import { exitCodeOf } from '../engine/run.js';
import { counts, shown } from './common.js';
import type { TableOptions } from './common.js';

export const REPORT_FORMAT_VERSION = 1;

/**
 * By default a finding that a root cause explains is left out (its root counts it in `explains`, the outcome in
 * `folded`, the summary still counts it): a migration that renumbered every id is one root cause, not 100,000 lines.
 */
export function formatJson(run: RunResult, opts: TableOptions = {}): string {
  const { tool, command, title, startedAt, durationMs, failOn, outcomes, ...rest } = run;
  const status = (s: string) => run.outcomes.filter((o) => o.status === s).length;
  const checks = {
    passed: status('passed'),
    failed: status('failed'),
    error: status('error'),
    skipped: status('skipped'),
  };
  const summary = {
    verdict: checks.error ? 'error' : checks.failed ? 'drift' : 'ok',
    exitCode: exitCodeOf(run),
    findings: counts(run.outcomes.flatMap((o) => o.findings)),
    checks,
  };
  const report = {
    formatVersion: REPORT_FORMAT_VERSION,
    kind: 'sr-parity-report',
    tool,
    command,
    ...(title ? { title } : {}),
    startedAt,
    durationMs,
    failOn,
    summary,
    ...rest,
    outcomes: opts.allFindings
      ? outcomes
      : outcomes.map((o) => {
          const listed = shown(o.findings);
          const folded = o.findings.length - listed.length;
          return folded ? { ...o, findings: listed, folded } : o;
        }),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

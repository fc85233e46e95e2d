// The JSON report: the run as it is, in an envelope a consumer can check (formatVersion, kind) and a summary it can
// read without walking the findings. Its shape is docs/report.schema.json (a test validates reports against it).
import type { RunResult } from '../engine/types.js';
import { exitCodeOf } from '../engine/run.js';
import { counts } from './common.js';

export const REPORT_FORMAT_VERSION = 1;

export function formatJson(run: RunResult): string {
  const { tool, command, title, startedAt, durationMs, failOn, ...rest } = run;
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
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

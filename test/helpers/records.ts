// `records` as the real-tier tests run it: in-process, with a JSON report checked against its schema, and the
// findings as sortable `id place schemaId` lines.
import { expect } from 'vitest';
import { runInProcess } from './cli.js';
import { reportSchemaErrors } from './report-schema.js';
import type { RunResult } from '../../src/engine/types.js';

export interface RecordsRun {
  code: number;
  findings: string[];
  run: RunResult;
}

/** `records SOURCE TARGET --bootstrap-server B -t PATTERN --format json ...extra`. */
export async function recordsJson(
  [source, target]: string[],
  bootstrap: string,
  pattern: string,
  ...extra: string[]
): Promise<RecordsRun> {
  const argv = ['records', source!, target!, '--bootstrap-server', bootstrap, '-t', pattern, '--format', 'json'];
  const r = await runInProcess([...argv, ...extra]);
  expect(r.stderr).not.toMatch(/Error:|at .*\.js:\d+/);
  expect(reportSchemaErrors(r.stdout)).toEqual([]);
  const run = JSON.parse(r.stdout) as RunResult;
  const findings = run.outcomes.flatMap((o) =>
    o.findings.map((f) => `${f.id} ${f.place ?? ''} ${f.schemaId ?? ''}`.trim()),
  );
  return { code: r.code, findings: findings.sort(), run };
}

/** A prefix for the topics of one test file's run, `letter` + the time: the broker outlives test files. */
export const runPrefix = (letter: string) => `${letter}${Date.now().toString(36)}`;

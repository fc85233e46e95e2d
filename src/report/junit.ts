// JUnit: a testsuite per check, a testcase per subject (or id, or 'global'), passes included so a clean run
// still shows what was checked.
import { createRequire } from 'node:module';
import type { Builder } from 'junit-report-builder';
import type { Finding, RunResult } from '../engine/types.js';
import { atOrAbove } from '../engine/run.js';
import { caseOf, where } from './common.js';
import { show } from '../engine/finding.js';

// A CommonJS module whose typings declare an ES default export; require() gives the builder itself.
const junit = createRequire(import.meta.url)('junit-report-builder') as Builder;

export function formatJunit(run: RunResult): string {
  const builder = junit.newBuilder();
  for (const o of run.outcomes) {
    const suite = builder
      .testSuite()
      .name(o.check)
      .time(o.durationMs / 1000);
    if (o.status === 'error') {
      suite
        .testCase()
        .className(o.check)
        .name(o.check)
        .error(o.error ?? 'check could not run', 'CheckError');
      continue;
    }
    if (o.status === 'skipped') {
      suite.testCase().className(o.check).name(o.check).skipped();
      continue;
    }
    const byCase = new Map<string, Finding[]>(o.cases.map((c) => [c, []]));
    for (const f of o.findings) {
      const c = caseOf(f);
      if (!byCase.has(c)) byCase.set(c, []);
      byCase.get(c)!.push(f);
    }
    for (const [name, findings] of byCase) {
      const tc = suite.testCase().className(o.check).name(name);
      const failing = findings.filter((f) => atOrAbove(f.severity, run.failOn));
      if (failing.length) {
        const detail = failing.map(
          (f) =>
            `[${f.severity}] ${f.check} ${where(f)}: ${f.message}\n  source: ${show(f.source)}\n  target: ${show(f.target)}`,
        );
        tc.failure(failing.map((f) => f.message).join('; '), failing[0]!.check);
        tc.standardOutput(detail.join('\n'));
      } else if (findings.length) {
        tc.standardOutput(findings.map((f) => `[${f.severity}] ${f.check} ${where(f)}: ${f.message}`).join('\n'));
      }
    }
  }
  return builder.build();
}

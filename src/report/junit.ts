// JUnit: a testsuite per check, a testcase per subject (or id, or 'global'), passes included so a clean run
// still shows what was checked.
import { createRequire } from 'node:module';
import type { Builder } from 'junit-report-builder';
import type { Finding, RunResult } from '../engine/result.js';
import { atOrAbove } from '../engine/run.js';
import { caseOf, where } from './common.js';
import { show } from '../engine/finding.js';

// A CommonJS module whose typings declare an ES default export; require() gives the builder itself.
const junit = createRequire(import.meta.url)('junit-report-builder') as Builder;

export function formatJunit(run: RunResult): string {
  // Two gates in one pipeline (a cutover gate and an audit) must not collide in the CI's test view.
  const builder = junit.newBuilder().name(run.title ?? `sr-parity ${run.command}`);
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
        const value = (side: string, v: unknown) => (v === undefined ? '' : `\n  ${side}: ${show(v)}`);
        const values = (f: Finding) => `${value('source', f.source)}${value('target', f.target)}`;
        const detail = failing.map(
          (f) => `[${f.severity}] ${f.id} ${where(f)}: ${f.message}${values(f)}${f.hint ? `\n  hint: ${f.hint}` : ''}`,
        );
        // GitLab and Jenkins show a failure's text, not <system-out>: it carries every finding with both values.
        tc.failure(failing.map((f) => f.message).join('; '), failing[0]!.id).stacktrace(detail.join('\n'));
        tc.standardOutput(detail.join('\n'));
      } else if (findings.length) {
        tc.standardOutput(findings.map((f) => `[${f.severity}] ${f.id} ${where(f)}: ${f.message}`).join('\n'));
      }
    }
  }
  return builder.build();
}

/** The report of a run that could not start (a source could not be read): one case in error, saying why. */
export function formatJunitError(title: string, message: string): string {
  const builder = junit.newBuilder().name(title);
  builder.testSuite().name(title).testCase().className(title).name('read the sources').error(message, 'SourceError');
  return builder.build();
}

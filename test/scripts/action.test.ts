// action.yml's step (scripts/action.sh) run as a GitHub runner runs it: inputs as INPUT_* variables, GITHUB_ACTIONS
// and GITHUB_STEP_SUMMARY set, from the job's own working directory.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';
import { CATALOGUE } from '../../src/checks/catalogue.js';

const hintOf = (id: string) => CATALOGUE.flatMap((c) => c.findings).find((f) => f.id === id)!.hint;

function step(inputs: Record<string, string>) {
  const job = mkdtempSync(join(tmpdir(), 'sr-action-'));
  const summary = join(job, 'summary.md');
  const r = spawnSync('bash', [join(ROOT, 'scripts', 'action.sh')], {
    cwd: job,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, ...inputs },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, job, summary };
}

describe('the GitHub Action (action.yml)', () => {
  it('fails the step on drift, annotating each root cause, with the job summary and JUnit written', () => {
    const r = step({
      INPUT_COMMAND: 'compare',
      INPUT_SOURCE: join(ROOT, 'fixtures/example/source.json'),
      INPUT_TARGET: join(ROOT, 'fixtures/example/target.json'),
    });
    expect(r.code).toBe(1);
    // each annotation ends with its finding's hint (what to do)
    const annotations = r.stderr
      .split('\n')
      .filter((l) => l.startsWith('::'))
      .map((l) => l.replace(/%0Ahint: .*$/, ''));
    const hints = r.stderr.split('\n').flatMap((l) => /%0Ahint: (.*)$/.exec(l)?.[1] ?? []);
    expect(hints).toEqual(
      [
        'soft-deleted-version-lost',
        'version-semantic-differs',
        'config-differs',
        'target-left-in-import-mode',
        'version-spelling-differs',
      ].map((id) => hintOf(id)),
    );
    expect(annotations).toEqual([
      '::error title=sr-parity soft-deleted-version-lost orders-value v3::soft-deleted version 3 of orders-value is ' +
        'not on the target',
      '::error title=sr-parity version-semantic-differs orders-value v2::' +
        'same structure, but fields[1].default: 0 → 1',
      '::error title=sr-parity config-differs orders-value::config {"compatibility":"FULL"} on the source, ' +
        '{"compatibility":"BACKWARD"} (inherited) on the target',
      '::error title=sr-parity target-left-in-import-mode global::the target registry is in IMPORT mode',
      '::warning title=sr-parity version-spelling-differs events-value v1::spelled in a way some registries tell ' +
        'apart: (root): keys in another order: $schema, type, properties, required → $schema, properties, ' +
        'required, type',
    ]);
    expect(r.stdout.split('\n').at(-2)).toBe('DRIFT: 5 errors, 1 warning, 0 info (fail on error)');
    expect(readFileSync(r.summary, 'utf8')).toMatch(/^# sr-parity compare\n\n\*\*DRIFT: 5 errors/);
    expect(readFileSync(join(r.job, 'sr-parity.xml'), 'utf8')).toContain('<testsuites name="sr-parity compare"');
  });

  it('passes a green spec, takes further arguments, and refuses a command it does not know (exit 2)', () => {
    const fixtures = (f: string) => join(ROOT, 'fixtures/cutover', f);
    const green = step({
      INPUT_COMMAND: 'verify',
      INPUT_SPEC: join(ROOT, 'specs/cutover-gate.yaml'),
      INPUT_ARGS: `--set SOURCE_URL=${fixtures('source.json')} --set TARGET_URL=${fixtures('target.json')}`,
      INPUT_JUNIT: 'reports/gate.xml',
    });
    expect(green.stderr.split('\n').filter((l) => l.startsWith('::error'))).toEqual([]);
    expect(green.code).toBe(0);
    expect(existsSync(join(green.job, 'reports/gate.xml'))).toBe(true);
    const wrong = step({ INPUT_COMMAND: 'apply' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe(
      '::error title=sr-parity could not run::sr-parity: command must be compare or verify (got apply)\n',
    );
  });

  // Found by an operator: the example failed with exit 2, and the step had no annotation, summary or JUnit file.
  it('runs the example docs/ci.md gives, as written', () => {
    const docs = readFileSync(join(ROOT, 'docs/ci.md'), 'utf8');
    const [, command, spec, args] = /with: \{ command: (\w+), spec: (\S+), args: "([^"]*)" \}/.exec(docs)!;
    const env = Object.fromEntries(
      [.../(\w+): "([^"]*)"/g[Symbol.matchAll](/env: \{ (.*) \}/.exec(docs)![1]!)].map((m) => [m[1]!, m[2]!]),
    );
    // The job's variables and secret: the bundled cutover pair (the source frozen, the target taking writes)
    const fill = (v: string) =>
      v
        .replace('${{ vars.OLD }}', join(ROOT, 'fixtures/cutover/source.json'))
        .replace('${{ vars.NEW }}', join(ROOT, 'fixtures/cutover/target.json'))
        .replace('${{ secrets.NEW_PW }}', 'a-secret');
    const r = step({
      INPUT_COMMAND: command!,
      INPUT_SPEC: join(ROOT, spec!),
      INPUT_ARGS: fill(args!),
      ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, fill(v)])),
    });
    expect(Object.keys(env)).toEqual(['SR_TARGET_URL', 'SR_TARGET_PASSWORD']);
    expect([r.code, r.stdout.trim().split('\n').at(-1)]).toEqual([
      0,
      'OK: no findings at or above error (0 errors, 0 warnings, 0 info)',
    ]);
    expect(r.stdout + r.stderr).not.toContain('a-secret');
  });

  it('annotates, summarizes and writes JUnit for a run that gives no verdict (exit 2 and 3)', () => {
    const spec = step({ INPUT_COMMAND: 'verify', INPUT_SPEC: join(ROOT, 'specs/cutover-gate.yaml') });
    expect(spec.code).toBe(2);
    const said = `specs/cutover-gate.yaml:10:5: variable \${SOURCE_URL} is not set`;
    expect(spec.stderr).toContain(`::error title=sr-parity could not run::${join(ROOT, said)}`);
    expect(readFileSync(spec.summary, 'utf8')).toContain('**NO VERDICT** (exit 2): ');
    expect(readFileSync(join(spec.job, 'sr-parity.xml'), 'utf8')).toContain('type="exit 2"');
    // (the target is readable: with both sides unreadable, whichever fails first would be named)
    const target = join(ROOT, 'fixtures/example/target.json');
    const missing = step({ INPUT_COMMAND: 'compare', INPUT_SOURCE: 'missing.json', INPUT_TARGET: target });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('::error title=sr-parity could not run::cannot read the source, missing.json');
    expect(readFileSync(missing.summary, 'utf8')).toContain('**NO VERDICT** (exit 3): ');
    expect(existsSync(join(missing.job, 'sr-parity.xml'))).toBe(true);
  });
});

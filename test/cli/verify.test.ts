import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { runCli } from '../helpers/cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sr-parity-verify-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sr-parity verify (as a process)', () => {
  it('runs every shipped example spec green on its bundled fixtures', async () => {
    for (const spec of ['cutover-gate', 'post-migration-audit', 'id-changing-migration', 'karapace-to-kora', 'srctl-restore']) {
      const r = await runCli(['verify', `specs/${spec}.yaml`]);
      expect(r.stderr).toBe(spec === 'srctl-restore' ? 'note: source: srctl backups hold no soft-deleted versions: against a registry that has some, compare with --deleted ignore\n' : '');
      expect(r.stdout).toContain('OK: no findings at or above error');
      expect(r.code).toBe(0);
    }
  });

  it("compares through an exporter's rename format, which a spec keeps literal (${subject} is no variable)", async () => {
    const snap = JSON.parse(readFileSync('test/fixtures/compare/identical/source.json', 'utf8'));
    snap.subjects = snap.subjects.filter((s: { name: string }) => !s.name.startsWith(':'));
    writeFileSync(join(dir, 'src.json'), JSON.stringify(snap));
    const renamed = (n: string) => `${n}-dr`;
    for (const s of snap.subjects) {
      s.name = renamed(s.name);
      for (const v of s.versions) v.references = v.references.map((r: { subject: string }) => ({ ...r, subject: renamed(r.subject) }));
    }
    writeFileSync(join(dir, 'dr.json'), JSON.stringify(snap));
    writeFileSync(join(dir, 'dr.yaml'), 'version: 1\nsources:\n  source: { url: src.json }\n  target: { url: dr.json }\ndefaults:\n  rename: ["${subject}-dr"]\nchecks:\n  - kind: subjects-equal\n  - kind: content-equal\n');
    const r = await runCli(['verify', join(dir, 'dr.yaml'), '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).outcomes.map((o: { status: string; cases: string[] }) => [o.status, o.cases.length])).toEqual([['passed', 7], ['passed', 7]]);
    expect(r.code).toBe(0);
  });

  it('names the variables the live-only exporter spec needs, and nothing runs without them', async () => {
    const r = await runCli(['verify', 'specs/exporter-cutover.yaml']);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines.filter((l) => l.includes('is not set')).map((l) => /variable \$\{(\w+)\}/.exec(l)![1])).toEqual(['SOURCE_URL', 'TARGET_URL', 'EXPORTER', 'EXPORTER']);
    expect(lines.at(-1)).toBe('4 problems in the spec; nothing was run.');
  });

  it('fails the cutover gate on a drifted target and writes JUnit with a suite per check, passes included', async () => {
    const junit = join(dir, 'gate.xml');
    const r = await runCli(['verify', 'specs/cutover-gate.yaml', '--junit', junit, '--quiet'], {
      SOURCE_URL: '../fixtures/example/source.json', // relative to the spec, like every path in it
      TARGET_URL: '../fixtures/example/target.json',
    });
    expect(r.code).toBe(1);
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'testsuite' || n === 'testcase' }).parse(readFileSync(junit, 'utf8'));
    const suites = doc.testsuites.testsuite as { '@_name': string; '@_failures': string; '@_tests': string }[];
    expect(suites.map((s) => s['@_name'])).toEqual([
      'subjects-equal', 'versions-equal', 'content-equal', 'ids-equal', 'config-equal', 'contexts-equal', 'references-resolve', 'counts', 'source is frozen', 'target takes writes',
    ]);
    const failures = Object.fromEntries(suites.map((s) => [s['@_name'], Number(s['@_failures'])]));
    expect(failures).toMatchObject({ 'subjects-equal': 0, 'versions-equal': 1, 'content-equal': 1, 'counts': 3, 'source is frozen': 1, 'target takes writes': 1 });
    expect(Number(suites.find((s) => s['@_name'] === 'subjects-equal')!['@_tests'])).toBe(8);
  });

  it('runs only the checks named with --only', async () => {
    const r = await runCli(['verify', 'specs/cutover-gate.yaml', '--only', 'target takes writes', '--only', 'counts', '--format', 'json']);
    const outcomes = JSON.parse(r.stdout).outcomes as { check: string; status: string; error?: string }[];
    expect(outcomes.filter((o) => o.status !== 'skipped').map((o) => o.check)).toEqual(['counts', 'target takes writes']);
    expect(outcomes.filter((o) => o.status === 'skipped')).toHaveLength(8);
    expect(outcomes.find((o) => o.check === 'subjects-equal')!.error).toBe('not selected (--only target takes writes, counts)');
    const none = await runCli(['verify', 'specs/cutover-gate.yaml', '--only', 'nothing']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--only nothing matches no check of specs\/cutover-gate.yaml/);
  });

  it('takes variables from --set before the environment', async () => {
    const r = await runCli(['verify', 'specs/post-migration-audit.yaml', '--set', 'REGISTRY_URL=../fixtures/example/target.json', '--format', 'json'], { REGISTRY_URL: 'nope.json' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).source.location).toMatch(/fixtures\/example\/target.json$/);
    expect(r.code).toBe(1); // the example target is left in IMPORT mode
  });

  it('exits 3 naming a registry that cannot be reached', async () => {
    const r = await runCli(['verify', 'specs/post-migration-audit.yaml'], { REGISTRY_URL: 'http://127.0.0.1:9' });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^sr-parity: cannot read GET http:\/\/127\.0\.0\.1:9\/\S+: connection refused/);
    expect(r.stdout).toBe('');
  });

  it('exits 2 at the spec line when a file it names (here through a variable) does not exist', async () => {
    const r = await runCli(['verify', 'specs/post-migration-audit.yaml'], { REGISTRY_URL: '../missing.json' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^specs\/post-migration-audit.yaml:\d+:\d+: no such file: \.\.\/missing\.json \(paths are relative to the spec\)\n/);
  });

  it('lists the catalogue and prints the spec schema', async () => {
    const checks = await runCli(['checks']);
    expect(checks.code).toBe(0);
    for (const kind of ['subjects-equal', 'mode-is', 'counts', 'http', 'dedup-collisions']) expect(checks.stdout).toContain(`${kind} (`);
    const schema = JSON.parse((await runCli(['schema'])).stdout);
    expect(schema.title).toBe('sr-parity verify spec');
    expect(schema).toEqual(JSON.parse(readFileSync('specs/spec-schema.json', 'utf8')));
  });
});

// The compare fixture scenarios replayed against two real AxonOps registries: the same findings must come out
// of live servers as out of the snapshot files.
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPARE_FIXTURES, expectedOf } from '../helpers/fixtures.js';
import { RegistryWriter } from '../helpers/seed.js';
import { runCli } from '../helpers/cli.js';
import type { SnapshotFile } from '../../src/sources/snapshot/native.js';
import type { RunResult } from '../../src/engine/types.js';
import { where } from '../../src/report/common.js';

const { axonopsSource, axonopsTarget } = inject('registries');
const source = new RegistryWriter(axonopsSource);
const target = new RegistryWriter(axonopsTarget);
const snap = (scenario: string, side: 'source' | 'target') =>
  JSON.parse(readFileSync(join(COMPARE_FIXTURES, scenario, `${side}.json`), 'utf8')) as SnapshotFile;

async function compareLive(args: string[] = []): Promise<{ code: number; findings: string[]; run: RunResult }> {
  const r = await runCli(['compare', '--url', axonopsSource, '--target-url', axonopsTarget, '--format', 'json', ...args]);
  expect(r.stderr).toBe('');
  const run = JSON.parse(r.stdout) as RunResult;
  return { code: r.code, run, findings: run.outcomes.flatMap((o) => o.findings.map((f) => `${f.check} ${where(f)}`)).sort() };
}

beforeEach(async () => {
  await Promise.all([source.reset(), target.reset()]);
});

describe('compare two real AxonOps registries', () => {
  const scenarios = [
    'identical', 'reformatted-equivalent', 'subject-missing', 'subject-extra', 'soft-deleted-subject-lost', 'version-missing',
    'soft-deleted-version-lost', 'version-extra', 'version-id-differs', 'content-differs', 'semantic-differs', 'references-differ',
    'protobuf-differs', 'config-differs', 'mode-differs', 'subject-mode-differs', 'target-left-in-import-mode', 'subject-left-in-import-mode',
    'context-missing', 'context-left-in-import-mode', 'context-config-differs', 'ids-not-preserved',
  ];
  for (const scenario of scenarios) {
    it(`reports the fixture's findings live: ${scenario}`, async () => {
      await source.seedSnapshot(snap(scenario, 'source'));
      await target.seedSnapshot(snap(scenario, 'target'));
      const { options, findings } = expectedOf(scenario);
      const { code, findings: live, run } = await compareLive(options.ids ? ['--ids', options.ids] : []);
      expect(live).toEqual(findings);
      expect(code).toBe(run.outcomes.some((o) => o.status === 'failed') ? 1 : 0);
      expect(run.source.summary.versions).toBe(snap(scenario, 'source').subjects.reduce((n, s) => n + s.versions.length, 0));
    });
  }

  it('writes a Kora/Karapace audit of a live registry that compares equal to it', async () => {
    await source.seedSnapshot(snap('identical', 'source'));
    const file = join(import.meta.dirname, '..', '..', 'reports', 'real-kora-audit.json');
    expect((await runCli(['snapshot', axonopsSource, '--format', 'kora-audit', '-o', file, '-q'])).code).toBe(0);
    const r = await runCli(['compare', file, axonopsSource, '--format', 'json']);
    expect((JSON.parse(r.stdout) as RunResult).outcomes.flatMap((o) => o.findings.map((f) => `${f.check} ${where(f)}`))).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('gives zero findings between a live registry and its own snapshot, and sends only GET requests', async () => {
    await source.seedSnapshot(snap('identical', 'source'));
    const logFile = join(import.meta.dirname, '..', '..', '.registries', 'logs', 'axonops-source.log');
    const requestsSoFar = () => readFileSync(logFile, 'utf8').split('\n').filter((l) => l.includes('"msg":"request"'));
    const before = requestsSoFar().length;
    const file = join(import.meta.dirname, '..', '..', 'reports', 'real-snapshot.json');
    const s = await runCli(['snapshot', axonopsSource, '-o', file]);
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/8 subjects \(1 soft-deleted\), 10 versions \(2 soft-deleted\), 10 schema ids, 2 contexts, \d+ requests/);
    const r = await runCli(['compare', file, axonopsSource, '--format', 'json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as RunResult).outcomes.flatMap((o) => o.findings)).toEqual([]);
    const during = requestsSoFar().slice(before);
    expect(during.length).toBeGreaterThan(20);
    expect(during.filter((l) => !l.includes('"method":"GET"'))).toEqual([]);
  });
});

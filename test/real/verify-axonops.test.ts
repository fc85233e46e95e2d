// The shipped specs, pointed at live registries through their variables.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { RegistryWriter } from '../helpers/seed.js';
import { runInProcess as runCli, ROOT } from '../helpers/cli.js';
import { where } from '../../src/report/common.js';
import type { RunResult } from '../../src/engine/types.js';
import type { SnapshotFile } from '../../src/sources/files/native.js';

const { axonopsSource, axonopsTarget } = inject('registries');
const source = new RegistryWriter(axonopsSource);
const target = new RegistryWriter(axonopsTarget);
const fixture = (side: string) =>
  JSON.parse(readFileSync(join(ROOT, 'fixtures', 'cutover', `${side}.json`), 'utf8')) as SnapshotFile;
const env = {
  SOURCE_URL: axonopsSource,
  TARGET_URL: axonopsTarget,
  REGISTRY_URL: axonopsTarget,
  BASELINE: join(ROOT, 'fixtures', 'cutover', 'baseline.json'),
};
const failing = (stdout: string) =>
  (JSON.parse(stdout) as RunResult).outcomes
    .filter((o) => o.status === 'failed' || o.status === 'error')
    .map((o) => `${o.check}: ${o.findings.map((f) => `${f.id} ${where(f)}`).join(', ') || o.error}`);

beforeAll(async () => {
  await Promise.all([source.reset(), target.reset()]);
  await source.seedSnapshot(fixture('source'));
  await target.seedSnapshot(fixture('target'));
});

describe('verify against live AxonOps registries', () => {
  it('passes the cutover gate and the post-migration audit on a clean id-for-id migration', async () => {
    for (const spec of ['cutover-gate', 'post-migration-audit']) {
      const r = await runCli(['verify', `specs/${spec}.yaml`, '--format', 'json', '--all-findings'], env);
      expect(r.stderr).toBe('');
      expect(failing(r.stdout)).toEqual([]);
      expect(r.code).toBe(0);
    }
  });

  it('captures a baseline from the live source and finds it on the live target', async () => {
    const file = join(ROOT, 'reports', 'live-baseline.json');
    const cap = await runCli(['baseline', 'capture', axonopsSource, '-o', file]);
    expect(cap.stdout).toBe(`wrote ${file}: 8 subjects, 10 versions hashed\n`);
    const r = await runCli(
      ['verify', 'specs/post-migration-audit.yaml', '--only', 'baseline', '--format', 'json', '--all-findings'],
      {
        ...env,
        BASELINE: file,
      },
    );
    expect(failing(r.stdout)).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('asks the target about compatibility without registering anything', async () => {
    const before = (await target.call<number[]>('GET', '/subjects/orders-value/versions')).length;
    const r = await runCli(
      ['verify', 'test/fixtures/verify-live/compatibility.yaml', '--format', 'json', '--all-findings'],
      env,
    );
    expect(r.stderr).toBe('');
    expect(failing(r.stdout)).toEqual([
      'wrong expectation: compatibility-unexpected orders-value',
      'no such subject: compatibility-request-failed nope-value',
    ]);
    expect(r.stdout).toContain('target refuses the schema for orders-value (latest version), expected it to accept it');
    expect((await target.call<number[]>('GET', '/subjects/orders-value/versions')).length).toBe(before);
  });

  it('fails the gate with precise findings after drift on the target', async () => {
    await target.softDelete('events-value', 1);
    await target.setMode('address', 'READONLY');
    const r = await runCli(['verify', 'specs/cutover-gate.yaml', '--format', 'json', '--all-findings'], env);
    expect(failing(r.stdout)).toEqual([
      'subjects-equal: subject-deleted-state-differs events-value',
      'versions-equal: version-deleted-state-differs events-value v1',
      'counts: count-differs subjectsDeleted, count-differs versionsDeleted',
      'target takes writes: mode-unexpected address',
    ]);
    expect(r.code).toBe(1);
  });
});

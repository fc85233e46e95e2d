// The Karapace -> Kora and srctl restore paths end to end on real servers: capture what the path leaves behind
// (a Kora audit of the source; an srctl backup), migrate into a real target, run the shipped spec green, then plant
// drift on the target and get the right finding ids. (The exporter path: exporter-contexts.test.ts.)
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMPARE_FIXTURES } from '../helpers/fixtures.js';
import { RegistryWriter } from '../helpers/seed.js';
import { ROOT, runInProcess as runCli } from '../helpers/cli.js';
import type { SnapshotFile } from '../../src/sources/files/native.js';
import type { RunResult } from '../../src/engine/types.js';
import { where } from '../../src/report/common.js';

const { axonopsSource, axonopsTarget } = inject('registries');
const source = new RegistryWriter(axonopsSource);
const target = new RegistryWriter(axonopsTarget);

beforeEach(async () => {
  await Promise.all([source.reset(), target.reset()]);
});

async function migrate(from: string, dir: string): Promise<void> {
  const r = await runCli([
    'apply',
    from,
    axonopsTarget,
    '--ids',
    'preserve',
    '--include-deleted',
    '--yes',
    '--no-verify',
    '--state',
    join(dir, 'state'),
    '-q',
  ]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

/** Failed or errored checks of a spec run, each with its error-level findings. */
async function verify(spec: string, env: Record<string, string>) {
  const r = await runCli(['verify', `specs/${spec}.yaml`, '--format', 'json', '--all-findings', '-q'], env);
  const run = JSON.parse(r.stdout) as RunResult;
  const failing = run.outcomes.flatMap((o) =>
    o.status === 'passed'
      ? []
      : [
          `${o.check}: ${o.findings
            .filter((f) => f.severity === 'error')
            .map((f) => `${f.id} ${where(f)}`)
            .join(', ')}${o.error ?? ''}`,
        ],
  );
  return { code: r.code, failing };
}

describe('Karapace -> Kora: the migration audit against the target', () => {
  it('passes on a clean migration and names each planted drift', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sr-kora-'));
    const snap = JSON.parse(readFileSync(join(COMPARE_FIXTURES, 'identical', 'source.json'), 'utf8')) as SnapshotFile;
    snap.subjects = snap.subjects.filter((s) => !s.name.startsWith(':')); // Karapace has no contexts
    await source.seedSnapshot(snap);
    const audit = join(dir, 'audit.json');
    expect((await runCli(['snapshot', axonopsSource, '--format', 'kora-audit', '-o', audit, '-q'])).code).toBe(0);
    await migrate(audit, dir);
    const env = { SOURCE_URL: audit, TARGET_URL: axonopsTarget };
    expect(await verify('karapace-to-kora', env)).toEqual({ code: 0, failing: [] });

    await target.setConfig('address', 'NONE'); // subject configs: what Kora's own verify script never checks
    await target.softDelete('orders-value', 2);
    expect(await verify('karapace-to-kora', env)).toEqual({
      code: 1,
      failing: [
        'versions-equal: version-deleted-state-differs orders-value v2',
        'config-equal: config-differs address',
        'counts: count-differs versionsDeleted',
      ],
    });
  });
});

describe('Karapace -> Kora with content registered under two ids (the case the spec exists for)', () => {
  it('passes with the id map that sends the merged id to the kept one, and fails without it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sr-kora-dedup-'));
    const snap = JSON.parse(readFileSync(join(COMPARE_FIXTURES, 'identical', 'source.json'), 'utf8')) as SnapshotFile;
    snap.subjects = snap.subjects.filter((s) => !s.name.startsWith(':'));
    const events = snap.subjects.find((s) => s.name === 'events-value')!;
    const copy = (id: number) => ({ ...events, name: 'events-copy-value', versions: [{ ...events.versions[0]!, id }] });
    await source.seedSnapshot({ ...snap, subjects: [...snap.subjects, copy(50)] }); // Karapace: ids 6 and 50
    await target.seedSnapshot({ ...snap, subjects: [...snap.subjects, copy(6)] }); // Kora kept the lowest, 6
    const audit = join(dir, 'audit.json');
    expect((await runCli(['snapshot', axonopsSource, '--format', 'kora-audit', '-o', audit, '-q'])).code).toBe(0);
    expect(JSON.parse(readFileSync(audit, 'utf8')).dedup_collisions.map((c: { ids: number[] }) => c.ids)).toEqual([
      [6, 50],
    ]);
    const map = join(dir, 'kora-id-map.json');
    writeFileSync(map, '{"50": 6}');

    expect(await verify('karapace-to-kora', { SOURCE_URL: audit, TARGET_URL: axonopsTarget, ID_MAP: map })).toEqual({
      code: 0,
      failing: [],
    });
    expect(await verify('karapace-to-kora', { SOURCE_URL: audit, TARGET_URL: axonopsTarget })).toEqual({
      code: 1,
      failing: [
        'ids-equal: version-id-differs events-copy-value v1, id-missing-on-target id 50',
        'dedup-ids-kept: dedup-id-unresolvable events-copy-value v1',
        'counts: count-differs schemas',
      ],
    });
    const compare = await runCli(['compare', audit, axonopsTarget, '--ids', 'preserved', '--id-map', map, '-q']);
    expect(compare.code).toBe(0);
  });
});

describe('srctl backup -> restored registry', () => {
  it('passes on a clean restore and names each planted drift', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sr-srctl-'));
    const backup = join(ROOT, 'fixtures', 'srctl-restore', 'backups'); // a spec resolves relative paths against itself
    await migrate(backup, dir);
    const env = { BACKUP: backup, TARGET_URL: axonopsTarget };
    expect(await verify('srctl-restore', env)).toEqual({ code: 0, failing: [] });

    await target.softDelete('users-proto', 1);
    await target.setConfig(null, 'FULL');
    expect(await verify('srctl-restore', env)).toEqual({
      code: 1,
      failing: [
        'subjects-equal: subject-deleted-state-differs users-proto',
        'versions-equal: version-missing-on-target users-proto v1',
        'config-equal: config-differs global',
      ],
    });
  });
});

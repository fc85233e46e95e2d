// What a Confluent Schema Exporter leaves behind (Confluent cannot run here): the source's subjects in a context of
// the target (contextType AUTO: `.<exporter name>`), the target in IMPORT mode while it replicates. Built on two
// AxonOps servers with contexts and modes set by the test.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMPARE_FIXTURES } from '../helpers/fixtures.js';
import { RegistryWriter } from '../helpers/seed.js';
import { runCli } from '../helpers/cli.js';
import type { SnapshotFile } from '../../src/sources/snapshot/native.js';
import type { RunResult } from '../../src/engine/types.js';
import { where } from '../../src/report/common.js';

const { axonopsSource, axonopsTarget } = inject('registries');
const source = new RegistryWriter(axonopsSource);
const target = new RegistryWriter(axonopsTarget);

beforeAll(async () => {
  await Promise.all([source.reset(), target.reset()]);
  const snap = JSON.parse(readFileSync(join(COMPARE_FIXTURES, 'identical', 'source.json'), 'utf8')) as SnapshotFile;
  snap.subjects = snap.subjects.filter((s) => !s.name.startsWith(':')); // an exporter reads one context
  await source.seedSnapshot(snap);
  // The exporter's copy: every subject under `.exp`, ids and versions kept.
  const r = await runCli(['apply', axonopsSource, axonopsTarget, '--target-context', '.exp', '--include-deleted', '--yes', '--no-verify', '--state', join(mkdtempSync(join(tmpdir(), 'sr-exp-')), 'state'), '-q']);
  expect(r.code).toBe(0);
});

async function compare(args: string[]) {
  const r = await runCli(['compare', axonopsSource, axonopsTarget, '--format', 'json', ...args]);
  const run = JSON.parse(r.stdout) as RunResult;
  return { code: r.code, run, findings: run.outcomes.flatMap((o) => o.findings.map((f) => `${f.severity} ${f.check} ${where(f)}`)) };
}

describe('compare through an exporter context', () => {
  it('matches every source subject to its copy in the target context', async () => {
    const { code, findings } = await compare(['--target-context', '.exp']);
    expect(findings).toEqual([]);
    expect(code).toBe(0);
  });

  it('names both the target and the source subject of a drift', async () => {
    await target.register(':.exp:orders-value', JSON.stringify({ type: 'record', name: 'Order', namespace: 'com.acme', fields: [{ name: 'id', type: 'string' }, { name: 'late', type: 'int', default: 0 }] }));
    const { code, run, findings } = await compare(['--target-context', '.exp']);
    expect(findings).toEqual(['warning version-extra-on-target :.exp:orders-value v4']);
    const f = run.outcomes.flatMap((o) => o.findings)[0]!;
    expect(f.sourceSubject).toBe('orders-value');
    expect(f.message).toMatch(/\(source subject orders-value\)$/);
    expect(code).toBe(0);
  });
});

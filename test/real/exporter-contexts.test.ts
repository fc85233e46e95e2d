// What a Confluent Schema Exporter leaves behind (Confluent cannot run here): the source's subjects in a context of
// the target (contextType AUTO: `.<exporter name>`), the target in IMPORT mode while it replicates. Built on two
// AxonOps servers with contexts and modes set by the test.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMPARE_FIXTURES } from '../helpers/fixtures.js';
import { RegistryWriter } from '../helpers/seed.js';
import { runInProcess as runCli } from '../helpers/cli.js';
import type { SnapshotFile } from '../../src/sources/files/native.js';
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
  const r = await runCli([
    'apply',
    axonopsSource,
    axonopsTarget,
    '--target-context',
    '.exp',
    '--include-deleted',
    '--yes',
    '--no-verify',
    '--state',
    join(mkdtempSync(join(tmpdir(), 'sr-exp-')), 'state'),
    '-q',
  ]);
  expect(r.code).toBe(0);
});

async function compare(args: string[]) {
  const r = await runCli(['compare', axonopsSource, axonopsTarget, '--format', 'json', ...args]);
  const run = JSON.parse(r.stdout) as RunResult;
  return {
    code: r.code,
    run,
    findings: run.outcomes.flatMap((o) => o.findings.map((f) => `${f.severity} ${f.id} ${where(f)}`)),
  };
}

describe('compare through an exporter context', () => {
  it('matches every source subject to its copy in the target context', async () => {
    const { code, findings } = await compare(['--target-context', '.exp']);
    expect(findings).toEqual([]);
    expect(code).toBe(0);
  });

  it('names both the target and the source subject of a drift', async () => {
    await target.register(
      ':.exp:orders-value',
      JSON.stringify({
        type: 'record',
        name: 'Order',
        namespace: 'com.acme',
        fields: [
          { name: 'id', type: 'string' },
          { name: 'late', type: 'int', default: 0 },
        ],
      }),
    );
    const { code, run, findings } = await compare(['--target-context', '.exp']);
    expect(findings).toEqual(['error version-extra-on-target :.exp:orders-value v4']);
    const f = run.outcomes.flatMap((o) => o.findings)[0]!;
    expect(f.sourceSubject).toBe('orders-value');
    expect(f.message).toMatch(/\(source subject orders-value\)$/);
    expect(code).toBe(1);
  });
});

describe('specs/exporter-cutover.yaml on a replicated pair', () => {
  // AxonOps stores exporters but does not run them (their state is PAUSED): the RUNNING path is covered by recorded
  // Confluent answers in the fast tier.
  const gate = (vars: Record<string, string>) =>
    runCli(
      [
        'verify',
        'specs/exporter-cutover.yaml',
        '--format',
        'json',
        ...Object.entries({ EXPORTER_STATE: 'PAUSED', ...vars }).flatMap(([k, v]) => ['--set', `${k}=${v}`]),
      ],
      {
        SOURCE_URL: axonopsSource,
        TARGET_URL: axonopsTarget,
        EXPORTER: 'exp',
      },
    );
  const failing = (stdout: string) =>
    (JSON.parse(stdout) as RunResult).outcomes.flatMap((o) =>
      o.status === 'passed'
        ? []
        : [`${o.check}: ${o.status} ${o.findings.map((f) => `${f.id} ${where(f)}`).join(', ')}${o.error ?? ''}`],
    );

  beforeAll(async () => {
    await source.call('DELETE', '/exporters/exp', undefined, [404]);
    await source.call('POST', '/exporters', {
      name: 'exp',
      contextType: 'AUTO',
      subjects: ['*'],
      config: { 'schema.registry.url': axonopsTarget },
    });
    // Undo the drift planted above.
    await target.call('DELETE', '/subjects/:.exp:orders-value/versions/4', undefined, [404]);
    await target.call('DELETE', '/subjects/:.exp:orders-value/versions/4?permanent=true', undefined, [404]);
  });

  it('passes before cutover (target in IMPORT) and after it (source frozen, target taking writes)', async () => {
    const fresh = await runCli([
      'compare',
      axonopsSource,
      axonopsTarget,
      '--target-context',
      '.exp',
      '--format',
      'json',
    ]);
    expect(JSON.parse(fresh.stdout).outcomes.flatMap((o: { findings: unknown[] }) => o.findings)).toEqual([]);
    await target.setMode(null, 'IMPORT');
    const pre = await gate({});
    expect(failing(pre.stdout)).toEqual([]);
    expect(pre.code).toBe(0);

    await target.setMode(null, 'READWRITE');
    await source.setMode(null, 'READONLY');
    const post = await gate({ SOURCE_MODE: 'READONLY', TARGET_MODE: 'READWRITE', TARGET_MODE_LEVEL: 'all' });
    expect(failing(post.stdout)).toEqual([]);
    expect(post.code).toBe(0);

    await target.setMode(':.exp:', 'IMPORT'); // the exporter's context left in IMPORT after cutover
    const left = await gate({ SOURCE_MODE: 'READONLY', TARGET_MODE: 'READWRITE', TARGET_MODE_LEVEL: 'all' });
    expect(failing(left.stdout)).toEqual(['target mode: failed mode-unexpected context .exp']);
    expect(left.code).toBe(1);
    await target.call('DELETE', '/mode/:.exp:', undefined, [404]);
    await source.setMode(null, 'READWRITE');
  });

  it('fails the gate when the exporter lags (a version only on the source) or exports elsewhere', async () => {
    await source.register(
      'address',
      JSON.stringify({
        type: 'record',
        name: 'Address',
        namespace: 'com.acme',
        fields: [
          { name: 'street', type: 'string' },
          { name: 'city', type: 'string' },
          { name: 'zip', type: 'string', default: '' },
        ],
      }),
    );
    await target.setMode(null, 'IMPORT');
    const r = await gate({ CONTEXT_TYPE: 'CUSTOM' });
    expect(failing(r.stdout)).toEqual([
      'exporter: failed exporter-config-differs exporter exp contextType',
      // (its id is not reported again by ids-equal)
      'versions-equal: failed version-missing-on-target :.exp:address v2',
    ]);
    expect(r.code).toBe(1);
    await target.setMode(null, 'READWRITE');
  });
});

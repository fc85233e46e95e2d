// Per check kind: a spec over snapshot files, and the exact status and findings of each of its checks.
import { readdirSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess, ROOT } from '../helpers/cli.js';
import { fakeRegistry, json, type FakeRegistry } from '../helpers/fake-registry.js';
import { where } from '../../src/report/common.js';
import { strayCases } from '../helpers/fixtures.js';
import { reportSchemaErrors } from '../helpers/report-schema.js';
import type { RunResult } from '../../src/engine/types.js';

const DIR = join('test', 'fixtures', 'verify');
type Expected = Record<string, { status: string; findings: string[] }>;

function outcomesOf(stdout: string): Expected {
  expect(reportSchemaErrors(stdout)).toEqual([]); // the JSON report has the documented shape
  const run = JSON.parse(stdout) as RunResult;
  return Object.fromEntries(
    run.outcomes.map((o) => [
      o.check,
      { status: o.status, findings: o.findings.map((f) => `${f.severity} ${f.id} ${where(f)}`).sort() },
    ]),
  );
}

describe('verify fixture scenarios', () => {
  for (const name of readdirSync(join(ROOT, DIR), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)) {
    it(`gives each check its expected status and findings: ${name}`, async () => {
      const expected = JSON.parse(readFileSync(join(ROOT, DIR, name, 'expected.json'), 'utf8')) as Expected;
      const r = await runInProcess(['verify', join(DIR, name, 'spec.yaml'), '--format', 'json', '--all-findings']);
      expect(r.stderr).toBe('');
      expect(outcomesOf(r.stdout)).toEqual(expected);
      expect(strayCases(JSON.parse(r.stdout) as RunResult)).toEqual([]);
      expect(r.code).toBe(Object.values(expected).some((o) => o.status !== 'passed') ? 1 : 0);
    });
  }
});

describe('http checks', () => {
  let fake: FakeRegistry;
  beforeAll(async () => {
    fake = await fakeRegistry({
      '/apis/registry/v3/system/info': (_q, r) => json(r, 200, { name: 'Apicurio Registry (SQL)', version: '3.3.3' }),
      '/slow': (_q, r) => setTimeout(() => json(r, 200, { ok: true }), 150),
      '/html': (_q, r) => {
        r.writeHead(200, { 'content-type': 'text/html' });
        r.end('<html/>');
      },
    });
  });
  afterAll(() => fake.close());

  it('asserts status, JSON paths and latency, and counts a failed request as a finding', async () => {
    const port = new URL(fake.url).port;
    const r = await runInProcess([
      'verify',
      join(DIR, 'http.yaml'),
      '--set',
      `PORT=${port}`,
      '--set',
      'SECRET=hunter2',
      '--format',
      'json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('hunter2');
    // Probes read no registry: the report names none (no placeholder source).
    expect((JSON.parse(r.stdout) as RunResult).source).toBeUndefined();
    expect(outcomesOf(r.stdout)).toEqual({
      'v3 answers': { status: 'passed', findings: [] },
      'v3 is 2.x': {
        status: 'failed',
        findings: [`error http-body-unexpected GET http://127.0.0.1:${port}/apis/registry/v3/system/info $.version`],
      },
      'missing endpoint': {
        status: 'failed',
        findings: [`error http-status-unexpected GET http://127.0.0.1:${port}/nope`],
      },
      'slow endpoint': {
        status: 'passed',
        findings: [`warning http-latency-exceeded GET http://127.0.0.1:${port}/slow`],
      },
      'html body': { status: 'failed', findings: [`error http-body-unexpected GET http://127.0.0.1:${port}/html`] },
      'nothing listening': { status: 'failed', findings: ['error http-request-failed GET http://127.0.0.1:9/'] },
    });
    expect(r.code).toBe(1);
    expect(strayCases(JSON.parse(r.stdout) as RunResult)).toEqual([]);
  });
});

describe('exporter-state checks', () => {
  let fake: FakeRegistry;
  const recent = Date.now();
  beforeAll(async () => {
    fake = await fakeRegistry({
      '/exporters': (_q, r) => json(r, 200, ['to-dr', 'to-audit']),
      '/exporters/to-dr': (_q, r) =>
        json(r, 200, {
          name: 'to-dr',
          subjects: ['users-value', 'orders-*'],
          contextType: 'AUTO',
          subjectRenameFormat: '${subject}',
          config: { 'schema.registry.url': 'https://dr:8081' },
        }),
      '/exporters/to-dr/status': (_q, r) =>
        json(r, 200, { name: 'to-dr', state: 'RUNNING', offset: 1843, ts: recent - 3_600_000, trace: '' }),
      '/exporters/to-audit': (_q, r) =>
        json(r, 200, { name: 'to-audit', subjects: ['*'], contextType: 'CUSTOM', context: 'audit' }),
      '/exporters/to-audit/status': (_q, r) =>
        json(r, 200, {
          name: 'to-audit',
          state: 'ERROR',
          offset: 17,
          ts: recent,
          trace:
            'io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException: Unauthorized; error ' +
            'code: 401',
        }),
    });
  });
  afterAll(() => fake.close());

  it('reports state, error trace, subject filter, context and staleness as declared', async () => {
    const r = await runInProcess([
      'verify',
      join(DIR, 'exporter.yaml'),
      '--set',
      `PORT=${new URL(fake.url).port}`,
      '--format',
      'json',
    ]);
    expect(r.stderr).toBe('');
    expect(outcomesOf(r.stdout)).toEqual({
      'running as declared': { status: 'passed', findings: [] },
      'every exporter runs': { status: 'failed', findings: ['error exporter-failed exporter to-audit'] },
      'paused for cutover': { status: 'failed', findings: ['error exporter-state-unexpected exporter to-dr'] },
      'wrong context': {
        status: 'failed',
        findings: [
          'error exporter-config-differs exporter to-dr context',
          'error exporter-config-differs exporter to-dr contextType',
          'error exporter-config-differs exporter to-dr subjects',
        ],
      },
      'not defined': { status: 'failed', findings: ['error exporter-missing exporter to-nowhere'] },
      'status too old': { status: 'passed', findings: ['warning exporter-status-stale exporter to-dr'] },
    });
    const messages = (JSON.parse(r.stdout) as RunResult).outcomes.flatMap((o) => o.findings.map((f) => f.message));
    expect(messages).toContain(
      'exporter to-audit is ERROR: ' +
        'io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException: Unauthorized; error code: 401',
    );
    expect(strayCases(JSON.parse(r.stdout) as RunResult)).toEqual([]);
    expect(r.code).toBe(1);
  });
});

describe('apicurio-v2-compat', () => {
  // Answers in the shapes 2.6.13 and 3.3.3 give (recorded from the real servers), with planted differences.
  const V2 = '/apis/registry/v2';
  const ART = `${V2}/groups/com.acme/artifacts/orders`;
  const order = '{"type":"record","name":"Order","fields":[{"name":"id","type":"string"}]}';
  const version = (v: string, extra: object) => ({
    version: v,
    globalId: Number(v),
    contentId: Number(v),
    type: 'AVRO',
    name: 'Order',
    references: [],
    ...extra,
  });
  const text = (body: string) => (_q: unknown, r: ServerResponse) => {
    r.writeHead(200, { 'content-type': 'application/json' });
    r.end(body);
  };
  const common = (stamp: string, listLabels: object, v2Labels: object, state: string) => ({
    [`${V2}/admin/rules`]: (_q: unknown, r: ServerResponse) => json(r, 200, ['VALIDITY']),
    [`${V2}/admin/rules/VALIDITY`]: (_q: unknown, r: ServerResponse) =>
      json(r, 200, { type: 'VALIDITY', config: 'FULL' }),
    [`${V2}/groups`]: (_q: unknown, r: ServerResponse) =>
      json(r, 200, { count: 1, groups: [{ id: 'com.acme', createdOn: `2026-11-24T10:47:48${stamp}` }] }),
    [`${V2}/search/artifacts`]: (_q: unknown, r: ServerResponse) =>
      json(r, 200, {
        count: 1,
        artifacts: [
          { groupId: 'com.acme', id: 'orders', type: 'AVRO', createdOn: `2026-11-24T10:47:48${stamp}`, ...listLabels },
        ],
      }),
    [`${ART}/meta`]: (_q: unknown, r: ServerResponse) =>
      json(r, 200, { groupId: 'com.acme', id: 'orders', version: '2', globalId: 2, state }),
    [ART]: text(order),
    [`${ART}/rules`]: (_q: unknown, r: ServerResponse) => json(r, 200, []),
    [`${ART}/versions`]: (_q: unknown, r: ServerResponse) =>
      json(r, 200, {
        count: 2,
        versions: [version('1', { state: 'ENABLED' }), version('2', { state: 'DISABLED', ...listLabels })],
      }),
    [`${ART}/versions/1/meta`]: (_q: unknown, r: ServerResponse) =>
      json(r, 200, version('1', { state: 'ENABLED', createdOn: `2026-11-24T10:47:48${stamp}` })),
    [`${ART}/versions/2/meta`]: (_q: unknown, r: ServerResponse) =>
      json(r, 200, version('2', { state: 'DISABLED', ...v2Labels })),
    [`${ART}/versions/1/references`]: (_q: unknown, r: ServerResponse) => json(r, 200, []),
    [`${V2}/ids/globalIds/1`]: text(order),
    [`${V2}/ids/contentIds/1`]: text(order),
    [`${V2}/system/info`]: (_q: unknown, r: ServerResponse) =>
      json(r, 200, {
        name: 'apicurio-registry',
        description: 'High performance, runtime registry for schemas and API designs.',
        version: stamp === '+0000' ? '2.6.13.Final' : '3.3.3',
      }),
    // 2.6 and 3.x list ccompat subjects in different orders: a set, not drift
    '/apis/ccompat/v7/subjects': (_q: unknown, r: ServerResponse) =>
      json(r, 200, stamp === '+0000' ? ['orders', 'payments'] : ['payments', 'orders']),
  });
  let old: FakeRegistry;
  let now: FakeRegistry;
  beforeAll(async () => {
    old = await fakeRegistry({
      ...common('+0000', { labels: ['pii'] }, { labels: ['pii'], properties: { owner: 'team-a' } }, 'ENABLED'),
      [`${ART}/versions/2/references`]: (_q, r) => json(r, 200, []),
      [`${V2}/ids/contentIds/2`]: text(order.replace('Order', 'Order2')),
    });
    now = await fakeRegistry({
      ...common('Z', { labels: [] }, { properties: { owner: 'team-a' } }, 'DEPRECATED'), // 3.x lists labels as []
      [`${V2}/ids/globalIds/2`]: text(order.replace('Order', 'Order2')), // DISABLED, yet served
      [`${V2}/ids/contentIds/2`]: text(order.replace('Order', 'Order3')),
    });
  });
  afterAll(async () => {
    await old.close();
    await now.close();
  });

  it(
    'compares the answers structurally: timestamps as instants, listing labels skipped, everything else the ' +
      'reference said',
    async () => {
      const r = await runInProcess([
        'verify',
        join(DIR, 'apicurio-v2-compat.yaml'),
        '--set',
        `OLD=${new URL(old.url).port}`,
        '--set',
        `NEW=${new URL(now.url).port}`,
        '--format',
        'json',
      ]);
      expect(r.stderr).toBe('');
      expect(outcomesOf(r.stdout)).toEqual({
        'apicurio-v2-compat': {
          status: 'failed',
          findings: [
            `error apicurio-v2-answer-differs ${ART}/meta`,
            `error apicurio-v2-answer-differs ${ART}/versions/2/meta`,
            `error apicurio-v2-answer-differs ${V2}/ids/contentIds/2`,
            `error apicurio-v2-status-differs ${ART}/versions/2/references`,
            `info apicurio-v2-disabled-served ${V2}/ids/globalIds/2`,
          ],
        },
      });
      const messages = (JSON.parse(r.stdout) as RunResult).outcomes[0]!.findings.map((f) => f.message);
      expect(messages).toContain(`GET ${ART}/meta: $.state: "ENABLED" → "DEPRECATED"`);
      expect(messages).toContain(`GET ${ART}/versions/2/meta: $.labels: 1 item(s) → absent`);
      expect(messages).toContain(`GET ${ART}/versions/2/references: HTTP 200 on old, 404 on new`);
      // the new server was asked through its root (/apis/registry/v2), not its v3 API
      expect(
        now.requests.every((q) => q.url.startsWith('/apis/registry/v2/') || q.url.startsWith('/apis/ccompat/')),
      ).toBe(true);
      expect(strayCases(JSON.parse(r.stdout) as RunResult)).toEqual([]);
      expect(r.code).toBe(1);
    },
  );
});

describe('apicurio-v3-core', () => {
  // A registry whose v3 API contradicts itself in every way the check looks at.
  const V3 = '/apis/registry/v3';
  type Res = ServerResponse;
  let fake: FakeRegistry;
  beforeAll(async () => {
    fake = await fakeRegistry({
      [`${V3}/system/info`]: (_q, r: Res) => json(r, 200, { name: 'Apicurio Registry (SQL)', version: '2.6.13.Final' }),
      [`${V3}/admin/rules`]: (_q, r: Res) => json(r, 200, ['VALIDITY']),
      [`${V3}/admin/rules/VALIDITY`]: (_q, r: Res) => json(r, 200, { ruleType: 'VALIDITY', config: 'FULL' }),
      [`${V3}/groups`]: (_q, r: Res) => json(r, 200, { count: 0, groups: [] }),
      [`${V3}/search/groups`]: (_q, r: Res) => json(r, 200, { count: 3, groups: [] }),
      [`${V3}/search/artifacts`]: (_q, r: Res) =>
        json(r, 200, { count: 1, artifacts: [{ groupId: 'g', artifactId: 'a', artifactType: 'AVRO' }] }),
      [`${V3}/search/versions`]: (_q, r: Res) => json(r, 200, { count: 1, versions: [] }),
      [`${V3}/groups/g/artifacts/a/versions`]: (_q, r: Res) =>
        json(r, 200, { count: 1, versions: [{ version: '1', globalId: 1, contentId: 1, state: 'ENABLED' }] }),
      [`${V3}/groups/g/artifacts/a/rules`]: (_q, r: Res) => json(r, 200, []),
      [`${V3}/groups/g/artifacts/a/branches`]: (_q, r: Res) => json(r, 200, { count: 0, branches: [] }),
      [`${V3}/ids/contentIds/1`]: (_q, r: Res) => json(r, 200, { type: 'record', name: 'A', fields: [] }),
      [`${V3}/ids/contentIds/1/references`]: (_q, r: Res) => json(r, 200, []),
      [`${V3}/admin/config/properties`]: (_q, r: Res) => json(r, 500, { message: 'boom' }),
      [`${V3}/admin/config/artifactTypes`]: (_q, r: Res) => json(r, 200, [{ name: 'JSON' }]),
    });
  });
  afterAll(() => fake.close());

  it(
    'holds the v3 endpoints against the registry loaded through them; a snapshot cannot be ' + 'checked (error)',
    async () => {
      const r = await runInProcess([
        'verify',
        join(DIR, 'apicurio-v3-core.yaml'),
        '--set',
        `PORT=${new URL(fake.url).port}`,
        '--format',
        'json',
      ]);
      expect(r.stderr).toBe('');
      expect(outcomesOf(r.stdout)).toEqual({
        'apicurio-v3-core': {
          status: 'failed',
          findings: [
            'error apicurio-v3-artifact-type-unsupported artifact type AVRO',
            'error apicurio-v3-count-differs /search/groups',
            'error apicurio-v3-latest-branch g/a',
            'error apicurio-v3-not-3x /system/info',
            'error apicurio-v3-request-failed /admin/config/properties',
          ],
        },
        'not live': { status: 'error', findings: [] },
      });
      const run = JSON.parse(r.stdout) as RunResult;
      expect(run.outcomes[1]!.error).toMatch(
        /^apicurio-v3-core needs "snapshot" to be a live Apicurio 3.x loaded through \/apis\/registry\/v3/,
      );
      expect(strayCases(run)).toEqual([]);
      expect(r.code).toBe(1);
    },
  );
});

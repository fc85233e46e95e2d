// Per check kind: a spec over snapshot files, and the exact status and findings of each of its checks.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, ROOT } from '../helpers/cli.js';
import { fakeRegistry, json, type FakeRegistry } from '../helpers/fake-registry.js';
import { where } from '../../src/report/common.js';
import { strayCases } from '../helpers/fixtures.js';
import type { RunResult } from '../../src/engine/types.js';

const DIR = join('test', 'fixtures', 'verify');
type Expected = Record<string, { status: string; findings: string[] }>;

function outcomesOf(stdout: string): Expected {
  const run = JSON.parse(stdout) as RunResult;
  return Object.fromEntries(run.outcomes.map((o) => [o.check, { status: o.status, findings: o.findings.map((f) => `${f.severity} ${f.check} ${where(f)}`).sort() }]));
}

describe('verify fixture scenarios', () => {
  for (const name of readdirSync(join(ROOT, DIR), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
    it(`gives each check its expected status and findings: ${name}`, async () => {
      const expected = JSON.parse(readFileSync(join(ROOT, DIR, name, 'expected.json'), 'utf8')) as Expected;
      const r = await runCli(['verify', join(DIR, name, 'spec.yaml'), '--format', 'json']);
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
      '/html': (_q, r) => { r.writeHead(200, { 'content-type': 'text/html' }); r.end('<html/>'); },
    });
  });
  afterAll(() => fake.close());

  it('asserts status, JSON paths and latency, and counts a failed request as a finding', async () => {
    const port = new URL(fake.url).port;
    const r = await runCli(['verify', join(DIR, 'http.yaml'), '--set', `PORT=${port}`, '--set', 'SECRET=hunter2', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('hunter2');
    expect(outcomesOf(r.stdout)).toEqual({
      'v3 answers': { status: 'passed', findings: [] },
      'v3 is 2.x': { status: 'failed', findings: [`error http-body-unexpected GET http://127.0.0.1:${port}/apis/registry/v3/system/info $.version`] },
      'missing endpoint': { status: 'failed', findings: [`error http-status-unexpected GET http://127.0.0.1:${port}/nope`] },
      'slow endpoint': { status: 'passed', findings: [`warning http-latency-exceeded GET http://127.0.0.1:${port}/slow`] },
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
      '/exporters/to-dr': (_q, r) => json(r, 200, { name: 'to-dr', subjects: ['users-value', 'orders-*'], contextType: 'AUTO', subjectRenameFormat: '${subject}', config: { 'schema.registry.url': 'https://dr:8081' } }),
      '/exporters/to-dr/status': (_q, r) => json(r, 200, { name: 'to-dr', state: 'RUNNING', offset: 1843, ts: recent - 3_600_000, trace: '' }),
      '/exporters/to-audit': (_q, r) => json(r, 200, { name: 'to-audit', subjects: ['*'], contextType: 'CUSTOM', context: 'audit' }),
      '/exporters/to-audit/status': (_q, r) => json(r, 200, { name: 'to-audit', state: 'ERROR', offset: 17, ts: recent, trace: 'io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException: Unauthorized; error code: 401' }),
    });
  });
  afterAll(() => fake.close());

  it('reports state, error trace, subject filter, context and staleness as declared', async () => {
    const r = await runCli(['verify', join(DIR, 'exporter.yaml'), '--set', `PORT=${new URL(fake.url).port}`, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(outcomesOf(r.stdout)).toEqual({
      'running as declared': { status: 'passed', findings: [] },
      'every exporter runs': { status: 'failed', findings: ['error exporter-failed exporter to-audit'] },
      'paused for cutover': { status: 'failed', findings: ['error exporter-state-unexpected exporter to-dr'] },
      'wrong context': { status: 'failed', findings: ['error exporter-config-differs exporter to-dr context', 'error exporter-config-differs exporter to-dr contextType', 'error exporter-config-differs exporter to-dr subjects'] },
      'not defined': { status: 'failed', findings: ['error exporter-missing exporter to-nowhere'] },
      'status too old': { status: 'passed', findings: ['warning exporter-status-stale exporter to-dr'] },
    });
    const messages = (JSON.parse(r.stdout) as RunResult).outcomes.flatMap((o) => o.findings.map((f) => f.message));
    expect(messages).toContain('exporter to-audit is ERROR: io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException: Unauthorized; error code: 401');
    expect(strayCases(JSON.parse(r.stdout) as RunResult)).toEqual([]);
    expect(r.code).toBe(1);
  });
});

// Apicurio Registry 3.x through its Confluent-compatible API: ids are content ids, there are no contexts, and
// GET /config|mode/{subject} echo the global value. None of that may show up as drift.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { join } from 'node:path';
import { RegistryWriter } from '../helpers/seed.js';
import { SAMPLE } from '../helpers/sample-schemas.js';
import { runInProcess as runCli, ROOT } from '../helpers/cli.js';
import type { RunResult } from '../../src/engine/types.js';

const { apicurio3, axonopsSource } = inject('registries');
const ccompat = new RegistryWriter(`${apicurio3}/apis/ccompat/v7`);
const axon = new RegistryWriter(axonopsSource);
const findingsOf = (stdout: string) =>
  (JSON.parse(stdout) as RunResult).outcomes.flatMap((o) =>
    o.findings.map((f) => `${f.severity} ${f.id} ${f.subject ?? ''}`),
  );

beforeAll(async () => {
  await ccompat.resetSubjects();
  await axon.reset();
  await axon.setConfig(null, 'NONE'); // Apicurio's default global compatibility
  for (const w of [ccompat, axon]) {
    for (const v of SAMPLE) await w.register(v.subject, v.schema, v);
    await w.softDelete('orders-value', 1);
  }
});

describe('Apicurio 3.x ccompat API', () => {
  it('compares equal to its own snapshot', async () => {
    const file = join(ROOT, 'reports', 'apicurio3-ccompat.json');
    const snap = await runCli(['snapshot', `${apicurio3}/apis/ccompat/v7`, '-o', file]);
    expect(snap.code).toBe(0);
    expect(snap.stdout).toMatch(
      /6 subjects \(0 soft-deleted\), 7 versions \(1 soft-deleted\), 7 schema ids, 1 context/,
    );
    const r = await runCli(['compare', file, `${apicurio3}/apis/ccompat/v7`, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(findingsOf(r.stdout)).toEqual([]);
  });

  it('matches an AxonOps registry holding the same schemas, ids not preserved', async () => {
    const r = await runCli([
      'compare',
      axonopsSource,
      `${apicurio3}/apis/ccompat/v7`,
      '--ids',
      'not-preserved',
      '--format',
      'json',
    ]);
    expect(findingsOf(r.stdout)).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('catches a version that differs on Apicurio', async () => {
    await ccompat.register(
      'events-value',
      JSON.stringify({
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        properties: { id: { type: 'integer' } },
      }),
      { schemaType: 'JSON' },
    );
    const r = await runCli([
      'compare',
      axonopsSource,
      `${apicurio3}/apis/ccompat/v7`,
      '--ids',
      'not-preserved',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(1); // the target holds more than the source: drift
    expect(findingsOf(r.stdout)).toEqual(['error version-extra-on-target events-value']);
    const shared = await runCli([
      'compare',
      axonopsSource,
      `${apicurio3}/apis/ccompat/v7`,
      '--ids',
      'not-preserved',
      '--allow-extra',
      '--format',
      'json',
    ]);
    expect(findingsOf(shared.stdout)).toEqual(['info version-extra-on-target events-value']);
    expect(shared.code).toBe(0);
  });
});

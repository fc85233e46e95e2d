// Schemas registered the way production producers do, with Confluent's official JavaScript client.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { SchemaRegistryClient } from '@confluentinc/schemaregistry';
import { RegistryWriter } from '../helpers/seed.js';
import { SAMPLE } from '../helpers/sample-schemas.js';
import { runInProcess as runCli, ROOT } from '../helpers/cli.js';
import type { RunResult } from '../../src/engine/types.js';
import type { SnapshotFile } from '../../src/sources/files/native.js';

const { axonopsSource, axonopsTarget } = inject('registries');
const findings = (stdout: string) =>
  (JSON.parse(stdout) as RunResult).outcomes.flatMap((o) =>
    o.findings.map((f) => `${f.id} ${f.subject} v${f.version}`),
  );

beforeAll(async () => {
  await Promise.all([new RegistryWriter(axonopsSource).reset(), new RegistryWriter(axonopsTarget).reset()]);
});

describe('a registry filled by @confluentinc/schemaregistry', () => {
  it('compares equal to its id-for-id clone, and catches drift the client makes on the clone', async () => {
    const producer = new SchemaRegistryClient({ baseURLs: [axonopsSource] });
    for (const v of SAMPLE)
      await producer.register(
        v.subject,
        { schema: v.schema, schemaType: v.schemaType ?? 'AVRO', references: v.references },
        false,
      );

    const file = join(ROOT, 'reports', 'official-client.json');
    expect((await runCli(['snapshot', axonopsSource, '-o', file])).code).toBe(0);
    await new RegistryWriter(axonopsTarget).seedSnapshot(JSON.parse(readFileSync(file, 'utf8')) as SnapshotFile);
    const ok = await runCli(['compare', axonopsSource, axonopsTarget, '--format', 'json']);
    expect(findings(ok.stdout)).toEqual([]);
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as RunResult).target!.summary).toMatchObject({ subjects: 6, versions: 7 });

    const consumerSide = new SchemaRegistryClient({ baseURLs: [axonopsTarget] });
    await consumerSide.deleteSubjectVersion('orders-value', 1, false);
    const drift = await runCli(['compare', axonopsSource, axonopsTarget, '--format', 'json']);
    expect(findings(drift.stdout)).toEqual(['version-deleted-state-differs orders-value v1']);
    expect(drift.code).toBe(1);
  });
});

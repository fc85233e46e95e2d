// The data plane of an Apicurio 2.6 -> 3.x move on real parts: records written by Apicurio's own Java serializers
// (2.x: globalIds, in headers or in an 8-byte payload prefix; 3.x: 4-byte contentIds) into a real broker, read back
// by `records` against the real 2.6 and 3.x registries, after an export/import migration and after a broken one.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { Apicurio, migrate26to3, restartApicurio3 } from '../helpers/apicurio.js';
import { TestKafka } from '../helpers/kafka.js';
import { recordsJson } from '../helpers/records.js';
import { ROOT } from '../helpers/cli.js';

const { apicurio2, apicurio3, kafka, apicurioSerdes2, apicurioSerdes3 } = inject('registries');
const [v2, v3] = [new Apicurio(apicurio2, 'v2'), new Apicurio(apicurio3, 'v3')];
const run = `a${Date.now().toString(36)}`;
const topic = (name: string) => `${run}.${name}`;
const EVENT = JSON.stringify({
  type: 'record',
  name: 'Event',
  namespace: 'shop',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'note', type: 'string' },
  ],
});
const brokers = new TestKafka(kafka);

/** Records as Apicurio's serializer writes them (Serialize.java on the serdes jars), auto-registering the schema. */
function serialize(lib: string, registry: string, t: string, count: number, ...config: string[]) {
  const java = spawnSync(
    'java',
    [
      '-cp',
      `${lib}/*`,
      join(ROOT, 'scripts', 'apicurio-serdes', 'Serialize.java'),
      registry,
      t,
      EVENT,
      String(count),
      ...config,
    ],
    { encoding: 'utf8' },
  );
  if (java.status !== 0) throw new Error(`Serialize.java failed: ${java.stderr}`);
  return java.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { value: string; headers: Record<string, string> })
    .map((r) => ({
      value: Buffer.from(r.value, 'hex'),
      headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, Buffer.from(v, 'hex')])),
    }));
}

const records = (source: string, target: string, pattern: string, ...extra: string[]) =>
  recordsJson([source, target], kafka, pattern, ...extra);

const native2 = `${apicurio2}/apis/registry/v2`;
const native3 = `${apicurio3}/apis/registry/v3`;

beforeAll(async () => {
  for (const t of ['legacy', 'headers', 'v3']) await brokers.createTopic(topic(t), 2);
  await migrate26to3(v2, v3, {
    beforeExport: async () => {
      // 2.x serializers on the 2.6 registry: globalIds, in headers (2.x's default) or as an 8-byte payload prefix.
      await brokers.produce(topic('headers'), serialize(apicurioSerdes2, native2, topic('headers'), 4));
      const legacy = serialize(apicurioSerdes2, native2, topic('legacy'), 4, 'apicurio.registry.headers.enabled=false');
      await brokers.produce(topic('legacy'), legacy);
    },
  });
  // After the move, producers on 3.x serializers: 4-byte contentIds (the same content keeps its contentId).
  await brokers.produce(topic('v3'), serialize(apicurioSerdes3, native3, topic('v3'), 3));
}, 240_000);

describe('records across an Apicurio 2.6 -> 3.x migration', () => {
  it('2.x-serialized topics (globalId headers and 8-byte prefixes) resolve on the imported 3.x: green', async () => {
    const r = await records(native2, native3, `${run}\\.(legacy|headers)`);
    expect(r.findings.filter((f) => !f.startsWith('records-sampled'))).toEqual([]);
    expect(r.code).toBe(0);
    const sampled = r.run.outcomes[0]!.findings.filter((f) => f.id === 'records-sampled').map((f) => f.source);
    expect(sampled).toEqual([
      { records: 4, partitions: 2, keyIds: [], valueIds: [expect.any(Number)] },
      { records: 4, partitions: 2, keyIds: [], valueIds: [expect.any(Number)] },
    ]);
  });

  it(
    '3.x-serialized records (4-byte contentIds) resolve on both with --framing ' +
      "apicurio-content; 2.x's framing misreads them",
    async () => {
      const ok = await records(native2, native3, `${run}\\.v3`, '--framing', 'apicurio-content');
      expect(ok.findings).toEqual([`records-sampled ${topic('v3')}`]);
      expect(ok.code).toBe(0);
      const auto = await records(native3, native3, `${run}\\.v3`);
      expect(auto.findings).toEqual([`records-sampled ${topic('v3')}`]);
      // Read as 2.x's 8-byte globalIds, the prefix is another number, on neither registry: unverifiable, so red.
      const wrong = await records(native2, native3, `${run}\\.v3`, '--framing', 'apicurio-global');
      expect(new Set(wrong.findings.map((f) => f.split(' ')[0]))).toEqual(
        new Set(['record-id-missing-on-target', 'records-sampled']),
      );
      expect(wrong.code).toBe(1);
    },
  );

  it(
    'a 3.x filled through the REST API instead of the import renumbers globalIds: red, with ' + 'the ids in use',
    async () => {
      restartApicurio3();
      // Something registered first, then the same artifact the serializer made: its globalId is no longer 2.6's.
      for (const id of ['unrelated', `${topic('legacy')}-value`, `${topic('headers')}-value`])
        await v3.call('POST', '/groups/default/artifacts', {
          artifactId: id,
          artifactType: 'AVRO',
          firstVersion: {
            content: { content: id === 'unrelated' ? '"string"' : EVENT, contentType: 'application/json' },
          },
        });
      const r = await records(native2, native3, `${run}\\.(legacy|headers)`);
      const errors = r.run.outcomes[0]!.findings.filter((f) => f.severity === 'error');
      // 2.6 numbered these after its other artifacts' versions; the fresh 3.x has three globalIds.
      expect(errors.map((f) => f.id)).toEqual(['record-id-missing-on-target', 'record-id-missing-on-target']);
      expect(errors[0]!.hint).toMatch(/^the target holds this schema as globalId \d+: if the migration renumbered ids/);
      expect(r.code).toBe(1);
    },
  );
});

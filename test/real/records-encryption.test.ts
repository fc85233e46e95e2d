// Client-side field encryption end to end on real parts: Confluent's official JavaScript serializer encrypts a PII
// field with a DEK it keeps in a real AxonOps's DEK registry (local KMS, a test-only secret), the records go to a real
// broker, `apply` copies the registry (schemas, KEK, DEK) to another AxonOps, and the official deserializer reads
// them on the target: it decrypts with the keys copied and fails without them, and `records` is green and red in the
// same two cases.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  AvroDeserializer,
  AvroSerializer,
  FieldEncryptionExecutor,
  LocalKmsDriver,
  RuleMode,
  RuleRegistry,
  SchemaRegistryClient,
  SerdeType,
} from '@confluentinc/schemaregistry';
import { RegistryWriter } from '../helpers/seed.js';
import { TestKafka } from '../helpers/kafka.js';
import { recordsJson, runPrefix } from '../helpers/records.js';
import { ROOT, runInProcess as runCli } from '../helpers/cli.js';

const { axonopsSource: source, axonopsTarget: target, kafka } = inject('registries');
const run = runPrefix('e');
const topic = `${run}.customers`;
const SECRET = 'sr-parity-test-only-local-kms-secret';

const CUSTOMER = {
  type: 'record',
  name: 'Customer',
  namespace: 'shop',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'ssn', type: 'string', 'confluent:tags': ['PII'] },
  ],
};
const ENCRYPT_PII = {
  domainRules: [
    {
      name: 'encrypt-pii',
      kind: 'TRANSFORM',
      mode: RuleMode.WRITEREAD,
      type: 'ENCRYPT',
      tags: ['PII'],
      params: { 'encrypt.kek.name': 'customers-kek', 'encrypt.kms.type': 'local-kms', 'encrypt.kms.key.id': 'k1' },
      onFailure: 'ERROR,ERROR',
    },
  ],
};

/** A rule registry of its own per client: the encryption executor keeps the DEK registry client it first met. */
function encryption(): RuleRegistry {
  const rules = new RuleRegistry();
  rules.registerExecutor(new FieldEncryptionExecutor());
  return rules;
}

const client = (url: string) => new SchemaRegistryClient({ baseURLs: [url] });
const values: Buffer[] = [];

beforeAll(async () => {
  LocalKmsDriver.register();
  // both fresh: ids count from 1 on each, so a copy registered without ids gets the source's (records carry them)
  for (const side of ['axonops-source', 'axonops-target'])
    for (const cmd of ['stop', 'start']) {
      const r = spawnSync('bash', ['scripts/registries', cmd, side], { cwd: ROOT, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`scripts/registries ${cmd} ${side} failed: ${r.stderr}`);
    }
  const producer = client(source);
  await producer.register(
    `${topic}-value`,
    { schemaType: 'AVRO', schema: JSON.stringify(CUSTOMER), ruleSet: ENCRYPT_PII },
    false,
  );
  const ser = new AvroSerializer(
    producer,
    SerdeType.VALUE,
    { useLatestVersion: true, ruleConfig: { secret: SECRET } },
    encryption(),
  );
  for (let i = 0; i < 3; i++) values.push(await ser.serialize(topic, { id: i, ssn: `123-45-000${i}` }));
  expect(values[0]!.includes(Buffer.from('123-45-0000'))).toBe(false); // the field is encrypted in the record
  const brokers = new TestKafka(kafka);
  await brokers.createTopic(topic, 1);
  await brokers.produce(
    topic,
    values.map((value, i) => ({ key: `c${i}`, value })),
  );
});

/** What a consumer of the target reads of the first record (a fresh client: no DEK cached). */
const consumeOnTarget = async () => {
  const deser = new AvroDeserializer(client(target), SerdeType.VALUE, { ruleConfig: { secret: SECRET } }, encryption());
  return (await deser.deserialize(topic, values[0]!)) as { id: number; ssn: string };
};

describe('records encrypted field by field, after an apply', () => {
  it('decrypt on the target with the DEK apply copied, and not without it: records says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sr-encryption-'));
    const state = ['--state', join(dir, 'state')];
    // with its ids, into AxonOps: refused, as AxonOps drops the rule set of a version registered in IMPORT mode
    const refused = await runCli(['apply', source, target, '--yes', ...state]);
    expect(refused.code).toBe(4);
    expect(refused.stdout).toContain(
      `[target-cannot-keep] 1 version(s) (${topic}-value v1) carry metadata or a rule set`,
    );
    // registered as producers do: both servers started fresh, so the target numbers it 1 as the source did
    const applied = await runCli(['apply', source, target, '--yes', '--ids', 'not-preserved', ...state]);
    expect([applied.code, applied.stderr.split('\n').filter((l) => l.startsWith('sr-parity:'))]).toEqual([0, []]);
    expect(await consumeOnTarget()).toEqual({ id: 0, ssn: '123-45-0000' });
    const green = await recordsJson([source, target], kafka, `${run}\\..*`);
    expect(green.findings).toEqual([`records-sampled ${topic}`]);
    expect(green.code).toBe(0);

    // the same target without its DEK registry (a copy that moved the schemas only)
    await new RegistryWriter(target).resetDekRegistry();
    await expect(consumeOnTarget()).rejects.toThrow(/no kek found for customers-kek during consume/);
    const red = await recordsJson([source, target], kafka, `${run}\\..*`);
    expect(red.findings).toEqual([`record-dek-missing-on-target ${topic}/value 1`, `records-sampled ${topic}`]);
    expect(red.code).toBe(1);
  });
});

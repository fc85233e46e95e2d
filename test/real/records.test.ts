// The data plane on real parts: records written by Confluent's official serializers into a real Kafka broker, read
// back by `records` against two real registries (the source the producers used, and a copy of it).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { AvroSerializer, JsonSerializer, SchemaRegistryClient, SerdeType } from '@confluentinc/schemaregistry';
import { RegistryWriter } from '../helpers/seed.js';
import { SHOP_ORDER } from '../helpers/sample-schemas.js';
import { TestKafka } from '../helpers/kafka.js';
import { recordsJson, runPrefix } from '../helpers/records.js';
import { fakeRegistry, type Route } from '../helpers/fake-registry.js';
import { runInProcess as runCli, ROOT } from '../helpers/cli.js';
import type { SnapshotFile } from '../../src/sources/files/native.js';

const { axonopsSource: source, axonopsTarget: target, kafka, kafkaSasl, kafkaTls } = inject('registries');
const run = runPrefix('t');
const topic = (name: string) => `${run}.${name}`;
const reports = join(ROOT, 'reports');

const ORDER_V1 = SHOP_ORDER;
const ORDER_V2 = {
  ...ORDER_V1,
  fields: [...ORDER_V1.fields, { name: 'note', type: ['null', 'string'], default: null }],
};
const PAYMENT = {
  type: 'object',
  properties: { id: { type: 'integer' }, currency: { type: 'string', enum: ['EUR', 'USD'] } },
  required: ['id', 'currency'],
  additionalProperties: false,
};
const SHIPMENT =
  'syntax = "proto3";\npackage shop;\nmessage Address { string city = 1; }\n' +
  'message Shipment { int64 id = 1; Address to = 2; }\n';

const records = (...extra: string[]) => recordsBetween([source, target], ...extra);
const recordsBetween = (sides: string[], ...extra: string[]) => recordsJson(sides, kafka, `${run}\\..*`, ...extra);
/** `records` over the source and target, as a process: for exit codes and stderr. */
const recordsCli = (bootstrap: string, pattern: string, ...extra: string[]) =>
  runCli(['records', source, target, '--bootstrap-server', bootstrap, '-t', pattern, ...extra]);

/** A recording proxy's route: the request goes on to the real registry, its answer comes back as it was. */
const forwardTo =
  (base: string): Route =>
  (req, res) => {
    void fetch(`${base}${req.url}`, { method: req.method }).then(async (answer) => {
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
  };

const ids: Record<string, number> = {};
const brokers = new TestKafka(kafka);

beforeAll(async () => {
  await Promise.all([new RegistryWriter(source).reset(), new RegistryWriter(target).reset()]);
  const client = new SchemaRegistryClient({ baseURLs: [source] });
  const reg = (subject: string, schema: unknown, schemaType: string) =>
    client.register(
      subject,
      { schema: typeof schema === 'string' ? schema : JSON.stringify(schema), schemaType },
      false,
    );
  ids.orderV1 = await reg(`${topic('orders')}-value`, ORDER_V1, 'AVRO');
  ids.orderV2 = await reg(`${topic('orders')}-value`, ORDER_V2, 'AVRO');
  ids.orderKey = await reg(`${topic('orders')}-key`, { type: 'string' }, 'AVRO');
  ids.payment = await reg(`${topic('payments')}-value`, PAYMENT, 'JSON');
  ids.shipment = await reg(`${topic('shipments')}-value`, SHIPMENT, 'PROTOBUF');

  await brokers.createTopic(topic('orders'), 3);
  await brokers.createTopic(topic('payments'), 1);
  await brokers.createTopic(topic('shipments'), 1);
  await brokers.createTopic(topic('plain'), 1);
  const serialize = (type: SerdeType, id: number, t: string, value: unknown, json = false) =>
    (json
      ? new JsonSerializer(client, type, { useSchemaId: id, validate: true })
      : new AvroSerializer(client, type, { useSchemaId: id })
    ).serialize(t, value);
  const orders = [];
  for (let i = 0; i < 12; i++) {
    const id = i < 6 ? ids.orderV1! : ids.orderV2!;
    const value = { id: i, amount: i * 1.5, ...(i >= 6 ? { note: `n${i}` } : {}) };
    orders.push({
      key: await serialize(SerdeType.KEY, ids.orderKey!, topic('orders'), `order-${i}`),
      value: await serialize(SerdeType.VALUE, id, topic('orders'), value),
      partition: i % 3,
    });
  }
  orders.push({
    key: await serialize(SerdeType.KEY, ids.orderKey!, topic('orders'), 'order-0'),
    value: null,
    partition: 0,
  });
  await brokers.produce(topic('orders'), orders);
  const payments = [];
  for (let i = 0; i < 5; i++)
    payments.push({
      key: `p${i}`,
      value: await serialize(SerdeType.VALUE, ids.payment!, topic('payments'), { id: i, currency: 'EUR' }, true),
    });
  await brokers.produce(topic('payments'), payments);
  // Confluent's Protobuf framing by hand (its serializer wants generated protobuf-es classes): magic byte, id, the
  // message index list [1] (Shipment, the second message), then the message.
  const Shipment = protobuf.parse(SHIPMENT).root.lookupType('shop.Shipment');
  const body = Shipment.encode(Shipment.create({ id: 7, to: { city: 'Lyon' } })).finish();
  const head = Buffer.alloc(5);
  head.writeUInt32BE(ids.shipment!, 1);
  await brokers.produce(topic('shipments'), [{ key: 's7', value: Buffer.concat([head, Buffer.from([2, 2]), body]) }]);
  await brokers.produce(topic('plain'), [{ key: 'x', value: Buffer.from('{"not":"framed"}') }]);
});

/** Makes the target an id-for-id copy of the source (IMPORT mode), as a correct migration leaves it. */
async function copySourceToTarget(edit: (snap: SnapshotFile) => void = () => undefined) {
  await new RegistryWriter(target).reset();
  const file = join(reports, 'records-source.json');
  expect((await runCli(['snapshot', source, '-o', file])).code).toBe(0);
  const snap = JSON.parse(readFileSync(file, 'utf8')) as SnapshotFile;
  edit(snap);
  await new RegistryWriter(target).seedSnapshot(snap);
}

describe('records: do the records in Kafka resolve on the target?', () => {
  it(
    'an id-preserving copy: green, with what was read per topic, and nothing written to Kafka ' + 'or the registries',
    async () => {
      await copySourceToTarget();
      const before = await brokers.footprint();
      // Both registries behind recording proxies: what the run asked them.
      const proxies = await Promise.all(
        [source, target].map((url) => {
          const fwd = forwardTo(url);
          return fakeRegistry({
            '*': fwd,
            '/subjects': fwd,
            '/schemas': fwd,
            '/config': fwd,
            '/mode': fwd,
            '/contexts': fwd,
          });
        }),
      );
      const r = await recordsBetween([proxies[0]!.url, proxies[1]!.url]);
      await Promise.all(proxies.map((p) => p.close()));
      const asked = proxies.flatMap((p) => p.requests.map((q) => q.method));
      expect(asked.length).toBeGreaterThan(10);
      expect(new Set(asked)).toEqual(new Set(['GET']));
      expect(r.findings).toEqual(
        [
          `record-framing-unknown ${topic('plain')}/value`,
          `records-sampled ${topic('orders')}`,
          `records-sampled ${topic('payments')}`,
          `records-sampled ${topic('plain')}`,
          `records-sampled ${topic('shipments')}`,
        ].sort(),
      );
      expect(r.code).toBe(0);
      const sampled = r.run.outcomes[0]!.findings.find((f) => f.place === topic('orders'))!;
      expect(sampled.source).toEqual({
        records: 13,
        partitions: 3,
        keyIds: [ids.orderKey],
        valueIds: [ids.orderV1, ids.orderV2],
      });
      expect(await brokers.footprint()).toEqual(before);
    },
  );

  it(
    'logs in over SASL PLAIN and SCRAM-SHA-256; a refused login is one line without the ' + 'password (exit 3)',
    async () => {
      await copySourceToTarget();
      const sasl = (mechanism: string, password: string) =>
        runCli(
          [
            'records',
            source,
            target,
            '--bootstrap-server',
            kafkaSasl.bootstrap,
            '-t',
            `${run}\\.payments`,
            '--kafka-sasl-mechanism',
            mechanism,
            '--kafka-username',
            kafkaSasl.username,
            '--format',
            'compact',
          ],
          { SR_KAFKA_PASSWORD: password },
        );
      for (const mechanism of ['plain', 'scram-sha-256']) {
        const ok = await sasl(mechanism, kafkaSasl.password);
        expect(ok.stdout).toContain(`records-sampled ${topic('payments')}: 5 record(s)`);
        expect(ok.code, ok.stderr).toBe(0);
      }
      const refused = await sasl('scram-sha-256', 'not-the-password');
      expect(refused.stderr).toMatch(
        new RegExp(`^sr-parity: cannot read kafka ${kafkaSasl.bootstrap}: cannot connect: .*check --kafka-username`),
      );
      expect(refused.stderr).not.toContain('not-the-password');
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
      expect(refused.code).toBe(3);
      const plainToSasl = await recordsCli(kafkaSasl.bootstrap, 'x', '--timeout', '3000');
      expect(plainToSasl.stderr).toContain('a listener that wants TLS or SASL drops other clients');
      expect(plainToSasl.code).toBe(3);
    },
  );

  it('--from samples the first records from a time instead of the last ones', async () => {
    await copySourceToTarget();
    const sampled = async (...extra: string[]) => {
      const r = await records(...extra);
      return r.run.outcomes[0]!.findings.filter((f) => f.id === 'records-sampled' && f.place === topic('orders'))[0]!
        .source as { records: number };
    };
    expect((await sampled('--from', '2000-01-01T00:00:00Z', '--sample', '2')).records).toBe(6); // 2 of each partition
    expect((await sampled('--from', '2999-01-01T00:00:00Z')).records).toBe(0);
    const bad = await recordsCli(kafka, 'x', '--from', 'yesterday');
    expect(bad.stderr).toContain('--from yesterday: expected an ISO 8601 time');
    expect(bad.code).toBe(2);
  });

  it('reads over TLS with the CA given, or unverified when told; an untrusted certificate is exit 3', async () => {
    await copySourceToTarget();
    const tls = (...extra: string[]) =>
      recordsCli(kafkaTls.bootstrap, `${run}\\.payments`, '--format', 'compact', ...extra);
    for (const options of [['--kafka-ca-file', kafkaTls.caFile], ['--kafka-insecure']]) {
      const ok = await tls(...options);
      expect(ok.stdout).toContain(`records-sampled ${topic('payments')}: 5 record(s)`);
      expect(ok.code, ok.stderr).toBe(0);
    }
    const untrusted = await tls('--kafka-tls', '--timeout', '5000');
    expect(untrusted.stderr).toMatch(/certificate.*trust its CA with --kafka-ca-file/);
    expect(untrusted.code).toBe(3);
  });

  it(
    'a copy into a context (an exporter with contextType AUTO): green with --target-context, ' + 'red without',
    async () => {
      await copySourceToTarget((snap) => {
        const into = (name: string) => `:.dr:${name}`;
        for (const s of snap.subjects) {
          s.name = into(s.name);
          for (const v of s.versions) v.references = v.references.map((r) => ({ ...r, subject: into(r.subject) }));
        }
        snap.contexts = ['.dr'];
      });
      const ok = await records('--target-context', '.dr');
      expect(ok.findings.filter((f) => !/^record(s-sampled|-framing-unknown)/.test(f))).toEqual([]);
      expect(ok.code).toBe(0);
      const red = await records();
      expect(red.findings.filter((f) => f.startsWith('record-id-missing-on-target'))).toHaveLength(5);
      expect(red.code).toBe(1);
    },
  );

  it('verify: a spec with a kafka entry gates on records-resolve, with JUnit', async () => {
    await copySourceToTarget();
    const spec = join(reports, 'records-gate.yaml');
    writeFileSync(
      spec,
      [
        'version: 1',
        'sources:',
        `  source: { url: "${source}" }`,
        `  target: { url: "${target}" }`,
        'kafka:',
        '  bootstrap: ${KAFKA}',
        'checks:',
        '  - kind: records-resolve',
        `    topics: ['${run}\\.(orders|payments)']`,
        '    sample: 2',
        '',
      ].join('\n'),
    );
    const junit = join(reports, 'records-gate.xml');
    const ok = await runCli(['verify', spec, '--set', `KAFKA=${kafka}`, '--junit', junit, '--format', 'compact']);
    expect(ok.stdout).toContain(`records-sampled ${topic('orders')}: 6 record(s) from 3 partition(s)`);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(readFileSync(junit, 'utf8')).toContain('records-resolve');
    await new RegistryWriter(target).call('DELETE', `/subjects/${topic('orders')}-key`);
    await new RegistryWriter(target).call('DELETE', `/subjects/${topic('orders')}-key?permanent=true`);
    const red = await runCli(['verify', spec, '--set', `KAFKA=${kafka}`, '--format', 'compact']);
    expect(red.stdout).toMatch(
      new RegExp(`error +record-id-missing-on-target id ${ids.orderKey}: ${topic('orders')} keys`),
    );
    expect(red.code).toBe(1);
  });

  it('reads batches the broker stored compressed with gzip, snappy, lz4 and zstd', async () => {
    await copySourceToTarget();
    const client = new SchemaRegistryClient({ baseURLs: [source] });
    const order = new AvroSerializer(client, SerdeType.VALUE, { useSchemaId: ids.orderV2! });
    const codecs = ['gzip', 'snappy', 'lz4', 'zstd'];
    for (const codec of codecs) {
      const t = `${run}-codec.${codec}`;
      await brokers.createTopic(t, 1, { 'compression.type': codec });
      const value = await order.serialize(topic('orders'), { id: 1, amount: 2.5, note: 'x'.repeat(200) });
      await brokers.produce(
        t,
        Array.from({ length: 20 }, () => ({ value })),
      );
    }
    const r = await recordsCli(kafka, `${run}-codec\\..*`, '--format', 'compact');
    for (const codec of codecs)
      expect(r.stdout).toContain(
        `records-sampled ${run}-codec.${codec}: 20 record(s) from 1 partition(s); value ids ${ids.orderV2}`,
      );
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('names the id the target lacks and the id whose content differs there', async () => {
    // The copy went wrong twice: one schema id never arrived, another holds a narrower schema under the same id.
    await copySourceToTarget((snap) => {
      snap.subjects = snap.subjects.filter((s) => s.name !== `${topic('shipments')}-value`);
      const payments = snap.subjects.find((s) => s.name === `${topic('payments')}-value`)!;
      payments.versions[0]!.schema = JSON.stringify({
        ...PAYMENT,
        properties: { ...PAYMENT.properties, currency: { type: 'string', enum: ['USD'] } },
      });
    });
    const r = await records('--sample', '3');
    expect(r.findings.filter((f) => !f.startsWith('records-sampled'))).toEqual([
      `record-framing-unknown ${topic('plain')}/value`,
      `record-id-content-differs ${topic('payments')}/value ${ids.payment}`,
      `record-id-missing-on-target ${topic('shipments')}/value ${ids.shipment}`,
      `record-undecodable-on-target ${topic('payments')}/value ${ids.payment}`,
    ]);
    const undecodable = r.run.outcomes[0]!.findings.find((f) => f.id === 'record-undecodable-on-target')!;
    expect(undecodable.message).toMatch(/does not decode: does not validate: data\/currency must be equal to one of/);
    expect(r.code).toBe(1);
  });

  it(
    'ids not preserved: red without the id map, naming the ids in use; green with it, listing what clients ' +
      'translate',
    async () => {
      await new RegistryWriter(target).reset();
      // Something already on the target: the copy's ids start elsewhere.
      await new RegistryWriter(target).register('unrelated-value', '"string"');
      const map = join(reports, 'records-ids.json');
      const apply = await runCli([
        'apply',
        source,
        target,
        '--ids',
        'not-preserved',
        '--yes',
        '--allow-non-empty',
        '--id-map-out',
        map,
        '-q',
      ]);
      expect(apply.code, apply.stderr).toBe(0);

      const red = await records();
      const errors = red.findings.filter((f) => /^record-(id|undecodable)/.test(f));
      expect(errors.length).toBeGreaterThan(0);
      for (const id of [ids.orderV1, ids.orderV2, ids.orderKey, ids.payment, ids.shipment])
        expect(
          errors.some((f) => f.endsWith(` ${id}`)),
          `id ${id} in ${errors.join('\n')}`,
        ).toBe(true);
      expect(red.code).toBe(1);

      const green = await records('--id-map', map);
      expect(green.code).toBe(0);
      // The shipped gate says the same, given the map through ID_MAP (and red without it).
      const gate = (idMap: string[]) =>
        runCli(['verify', 'specs/records-gate.yaml', '--format', 'compact'], {
          SOURCE_URL: source,
          TARGET_URL: target,
          KAFKA: kafka,
          TOPICS: `${run}\\.orders`,
          ...Object.fromEntries(idMap.map((m) => ['ID_MAP', m])),
        });
      const [mapped, unmapped] = [await gate([map]), await gate([])];
      expect(mapped.stdout).toContain(`record-id-translated id ${ids.orderV1}: ${topic('orders')} values`);
      expect(mapped.code, mapped.stdout + mapped.stderr).toBe(0);
      expect(unmapped.code).toBe(1);
      const translated = green.findings.filter((f) => f.startsWith('record-id-translated'));
      expect(translated).toEqual(
        [
          `record-id-translated ${topic('orders')}/key ${ids.orderKey}`,
          `record-id-translated ${topic('orders')}/value ${ids.orderV1}`,
          `record-id-translated ${topic('orders')}/value ${ids.orderV2}`,
          `record-id-translated ${topic('payments')}/value ${ids.payment}`,
          `record-id-translated ${topic('shipments')}/value ${ids.shipment}`,
        ].sort(),
      );
    },
  );
});

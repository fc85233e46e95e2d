// Records whose header names their schema by GUID, written by Confluent's official JavaScript serializer
// (HeaderSchemaIdSerializer) into a real Kafka broker, read back by `records` against real AxonOps registries.
// No registry here answers GUIDs (Confluent 8 and Redpanda 26.3 do): the serializer's client is the real one on a
// real AxonOps, its registration answers completed with the GUID a Confluent 8 server gives (model/guid.ts, held to
// Confluent's own classes in test/model/guid.test.ts). That completion is this file's only stand-in, said here.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  AvroSerializer,
  HeaderSchemaIdSerializer,
  SchemaRegistryClient,
  SerdeType,
  type SchemaIdSerializerFunc,
} from '@confluentinc/schemaregistry';
import { RegistryWriter } from '../helpers/seed.js';
import { SHOP_ORDER } from '../helpers/sample-schemas.js';
import { TestKafka } from '../helpers/kafka.js';
import { recordsJson, runPrefix } from '../helpers/records.js';
import { runInProcess as runCli, ROOT } from '../helpers/cli.js';
import { schemaGuid } from '../../src/model/guid.js';
import type { SnapshotFile } from '../../src/sources/files/native.js';

const { axonopsSource: source, axonopsTarget: target, kafka } = inject('registries');
const run = runPrefix('g');
const topic = `${run}.orders`;
/** The same records with the GUID leading the payload (magic byte 1), which Confluent's deserializers also read. */
const prefixed = `${run}.prefixed`;
const reports = join(ROOT, 'reports');

const ORDER = SHOP_ORDER;

/**
 * The real client, its answers for a subject's latest version completed with the GUID a Confluent 8 server gives the
 * version as it stores it (text, references, metadata: AxonOps adds `confluent:version`, which counts).
 */
function confluent8Client(url: string): SchemaRegistryClient {
  const client = new SchemaRegistryClient({ baseURLs: [url] });
  const latest = client.getLatestSchemaMetadata.bind(client);
  client.getLatestSchemaMetadata = async (subject: string, format?: string) => {
    const answer = await latest(subject, format);
    return { ...answer, guid: schemaGuid({ ...answer, references: answer.references ?? [] }) };
  };
  return client;
}

beforeAll(async () => {
  await Promise.all([new RegistryWriter(source).reset(), new RegistryWriter(target).reset()]);
  const brokers = new TestKafka(kafka);
  await brokers.createTopic(topic, 1);
  const client = confluent8Client(source);
  await client.register(`${topic}-value`, { schema: JSON.stringify(ORDER), schemaType: 'AVRO' }, false);
  const serializer = new AvroSerializer(client, SerdeType.VALUE, {
    useLatestVersion: true,
    schemaIdSerializer: HeaderSchemaIdSerializer,
  });
  const messages = [];
  for (let i = 0; i < 5; i++) {
    const headers: Record<string, Buffer> = {};
    const value = await serializer.serialize(topic, { id: i, amount: i * 2.5 }, headers);
    messages.push({ key: `o${i}`, value, headers });
  }
  expect(messages[0]!.headers.__value_schema_id![0]).toBe(1); // magic byte 1: a GUID
  await brokers.produce(topic, messages);

  // the client's own GUID bytes (SchemaId.guidToBytes) before the body, as a serializer may frame them
  const guidPrefix: SchemaIdSerializerFunc = (_t, _s, payload, id) => Buffer.concat([id.guidToBytes(), payload]);
  await brokers.createTopic(prefixed, 1);
  await client.register(`${prefixed}-value`, { schema: JSON.stringify(ORDER), schemaType: 'AVRO' }, false);
  const prefixing = new AvroSerializer(client, SerdeType.VALUE, {
    useLatestVersion: true,
    schemaIdSerializer: guidPrefix,
  });
  const framed = await Promise.all([0, 1, 2].map((i) => prefixing.serialize(prefixed, { id: i, amount: 1 }, {})));
  expect(framed[0]![0]).toBe(1);
  await brokers.produce(
    prefixed,
    framed.map((value, i) => ({ key: `p${i}`, value })),
  );
});

describe('records named by GUID in a header', () => {
  it('fail on a copy serving no GUIDs or other ones (re-encoded), pass where it serves the same', async () => {
    // an id-for-id copy on AxonOps, which serves no GUIDs: consumers of these records cannot resolve them there
    const file = join(reports, 'records-guid-source.json');
    expect((await runCli(['snapshot', source, '-o', file])).code).toBe(0);
    const snap = JSON.parse(readFileSync(file, 'utf8')) as SnapshotFile;
    await new RegistryWriter(target).seedSnapshot(snap);
    const red = await recordsJson([source, target], kafka, `${run}\\.orders`);
    expect(red.findings).toEqual([`record-guid-not-served-by-target ${topic}/value`, `records-sampled ${topic}`]);
    expect(red.code).toBe(1);
    const said = red.run.outcomes[0]!.findings[0]!.message;
    expect(said).toMatch(new RegExp(`it holds the schema \\(${topic.replace('.', '\\.')}-value v1\\)`));

    // the same copy as a Confluent 8 server answers it (each version with its GUID): green
    for (const s of snap.subjects) for (const v of s.versions) Object.assign(v, { guid: schemaGuid(v) });
    const serving = join(reports, 'records-guid-target.json');
    writeFileSync(serving, JSON.stringify(snap));
    const green = await recordsJson([source, serving], kafka, `${run}\\.orders`);
    expect(green.findings).toEqual([`records-sampled ${topic}`]);
    expect(green.code).toBe(0);
    expect(green.run.outcomes[0]!.findings[0]!.message).toMatch(
      /: 5 record\(s\) from 1 partition\(s\); .*1 schema GUID/,
    );

    // a copy that stores the schema re-encoded (as Karapace does) serves another GUID: red, though every id matches
    for (const s of snap.subjects)
      for (const v of s.versions) {
        v.schema = JSON.stringify(JSON.parse(v.schema), null, 1);
        Object.assign(v, { guid: schemaGuid(v) });
      }
    writeFileSync(serving, JSON.stringify(snap));
    const reencoded = await recordsJson([source, serving], kafka, `${run}\\.orders`);
    expect(reencoded.findings).toEqual([`record-id-missing-on-target ${topic}/value`, `records-sampled ${topic}`]);
  });
});

describe('records named by GUID at the start of the payload (magic byte 1)', () => {
  it('resolve where the target serves that GUID, and fail where it serves none', async () => {
    const file = join(reports, 'records-guid-prefixed.json');
    expect((await runCli(['snapshot', source, '-o', file])).code).toBe(0);
    const snap = JSON.parse(readFileSync(file, 'utf8')) as SnapshotFile;
    for (const s of snap.subjects) for (const v of s.versions) Object.assign(v, { guid: schemaGuid(v) });
    writeFileSync(file, JSON.stringify(snap));
    const green = await recordsJson([source, file], kafka, `${run}\\.prefixed`);
    expect([green.code, green.findings]).toEqual([0, [`records-sampled ${prefixed}`]]);
    expect(green.run.outcomes[0]!.findings[0]!.message).toMatch(/3 record\(s\).*1 schema GUID/);
    await new RegistryWriter(target).seedSnapshot(snap);
    const red = await recordsJson([source, target], kafka, `${run}\\.prefixed`);
    expect(red.findings).toEqual([`record-guid-not-served-by-target ${prefixed}/value`, `records-sampled ${prefixed}`]);
  });
});

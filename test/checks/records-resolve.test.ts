// The records-resolve check in-process: registries built from snapshot documents, records made here.
import avsc from 'avsc';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { fromSnapshot } from '../../src/sources/files/native.js';
import { pairContext } from '../../src/engine/run.js';
import { recordsResolve } from '../../src/checks/kinds/records-resolve.js';
import { schemaGuid } from '../../src/model/guid.js';
import { mapRegistry } from '../../src/model/mapping.js';
import type { KafkaRecord, RecordSample } from '../../src/model/records.js';
import type { Finding, PairCheck } from '../../src/engine/types.js';
import type { DekRegistry } from '../../src/model/types.js';
import { checkTable, registry as snapshot } from './table.js';

interface V {
  subject: string;
  version?: number;
  id: number;
  schema: string;
  schemaType?: string;
  references?: { name: string; subject: string; version: number }[];
  guid?: string;
  ruleSet?: unknown;
}

function registry(versions: V[], dekRegistry?: DekRegistry) {
  const subjects = [...new Set(versions.map((v) => v.subject))].map((name) => ({
    name,
    deleted: false,
    config: null,
    mode: null,
    versions: versions
      .filter((v) => v.subject === name)
      .map((v, i) => ({
        version: v.version ?? i + 1,
        id: v.id,
        schemaType: v.schemaType ?? 'AVRO',
        schema: v.schema,
        references: v.references ?? [],
        deleted: false,
        ...(v.guid ? { guid: v.guid } : {}),
        ...(v.ruleSet ? { ruleSet: v.ruleSet } : {}),
      })),
  }));
  return fromSnapshot(
    {
      formatVersion: 1,
      tool: 'test',
      capturedAt: '2026-11-28T00:00:00Z',
      source: { location: 'mem' },
      global: { config: null, mode: null },
      contexts: ['.'],
      subjects,
      ...(dekRegistry ? { dekRegistry } : {}),
    },
    'mem.json',
  );
}

const order = (...fields: [string, string][]) =>
  JSON.stringify({ type: 'record', name: 'Order', fields: fields.map(([name, type]) => ({ name, type })) });
const ORDER = order(['id', 'long'], ['note', 'string']);
const ORDER_DOUBLE = order(['id', 'double'], ['note', 'string']);
const ORDER_SWAPPED = order(['note', 'string'], ['id', 'long']);
const MONEY = JSON.stringify({
  type: 'record',
  name: 'Money',
  namespace: 'm',
  fields: [{ name: 'cents', type: 'long' }],
});
const PAY = JSON.stringify({ type: 'record', name: 'Pay', fields: [{ name: 'amount', type: 'm.Money' }] });
const JSON_SCHEMA = JSON.stringify({ type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] });
const JSON_STRICTER = JSON.stringify({
  type: 'object',
  properties: { n: { type: 'integer', maximum: 3 } },
  required: ['n'],
});
const PROTO =
  'syntax = "proto3";\nmessage A { string s = 1; }\nmessage B { int32 n = 1; message C { string c = 1; } }\n';
const PROTO_RENUMBERED =
  'syntax = "proto3";\nmessage A { string s = 1; }\nmessage B { int32 n = 2; message C { string c = 1; } }\n';

const framed = (id: number, body: Uint8Array | Buffer, extra: number[] = []) => {
  const head = Buffer.alloc(5);
  head.writeUInt32BE(id, 1);
  return Buffer.concat([head, Buffer.from(extra), body]);
};
const avro = (schema: string, value: unknown, refs: string[] = []) => {
  const registry = {};
  for (const r of refs) avsc.Type.forSchema(JSON.parse(r) as avsc.Schema, { registry });
  return avsc.Type.forSchema(JSON.parse(schema) as avsc.Schema, { registry }).toBuffer(value);
};
const protoB = (n: number) => {
  const B = protobuf.parse(PROTO).root.lookupType('B');
  return B.encode(B.create({ n })).finish();
};

let offset = 0;
function rec(topic: string, value: Uint8Array | null, key: Uint8Array | null = null): KafkaRecord {
  return { topic, partition: 0, offset: String(offset++), key, value, headers: {} };
}
function sample(records: KafkaRecord[]): RecordSample {
  const topics = [...new Set(records.map((r) => r.topic))].map((topic) => ({
    topic,
    partitions: 1,
    records: records.filter((r) => r.topic === topic).length,
    cutShort: 0,
  }));
  return { location: 'test:9092', topics, records };
}

function check(
  source: V[],
  target: V[],
  records: KafkaRecord[],
  idMap?: Record<number, number>,
  params = {},
  keys: { source?: DekRegistry; target?: DekRegistry } = {},
) {
  const s = registry(source, keys.source);
  const t = registry(target, keys.target);
  const map = idMap && new Map(Object.entries(idMap));
  const ctx = pairContext(s, t, { idsPreserved: !map, deleted: 'compare', idMap: map });
  // the params a spec gives: the topics the caller sampled, and the framing
  const result = (recordsResolve as PairCheck).run({ ...ctx, records: sample(records) }, { topics: ['.*'], ...params });
  return result.findings.filter((f) => f.id !== 'records-sampled');
}
const ids = (fs: Finding[]) => fs.map((f) => `${f.id} ${f.place} ${f.schemaId ?? ''}`.trim());

const SOURCE: V[] = [
  { subject: 'orders-value', id: 1, schema: ORDER },
  { subject: 'money', id: 2, schema: MONEY },
  { subject: 'pay-value', id: 3, schema: PAY, references: [{ name: 'm.Money', subject: 'money', version: 1 }] },
  { subject: 'json-value', id: 4, schema: JSON_SCHEMA, schemaType: 'JSON' },
  { subject: 'proto-value', id: 5, schema: PROTO, schemaType: 'PROTOBUF' },
];
const RECORDS = () => [
  rec('orders', framed(1, avro(ORDER, { id: 7, note: 'x' })), Buffer.from('plain-key')),
  rec('orders', null, Buffer.from('k')),
  rec('pay', framed(3, avro(PAY, { amount: { cents: 5 } }, [MONEY]))),
  rec('json', framed(4, Buffer.from('{"n":5}'))),
  rec('proto', framed(5, protoB(9), [2, 2])),
];

describe('records-resolve', () => {
  it(
    'passes when every id resolves to the same schema and decodes the same (Avro with ' + 'references, JSON, Protobuf)',
    () => {
      expect(ids(check(SOURCE, SOURCE, RECORDS()))).toEqual([]);
    },
  );

  it('reports what was sampled per topic, with the ids seen in keys and values', () => {
    const s = registry(SOURCE);
    const ctx = pairContext(s, s, { idsPreserved: true, deleted: 'compare' });
    const r = (recordsResolve as PairCheck).run({ ...ctx, records: sample(RECORDS()) }, { topics: ['.*'] });
    expect(r.cases).toEqual(['orders', 'pay', 'json', 'proto']);
    expect(r.findings.find((f) => f.place === 'orders')).toMatchObject({
      id: 'records-sampled',
      severity: 'info',
      source: { records: 2, partitions: 1, keyIds: [], valueIds: [1] },
    });
  });

  it('names an id the target lacks, and hints at the id the target holds the same schema under', () => {
    const target = SOURCE.map((v) => (v.id === 1 ? { ...v, id: 11 } : v));
    const found = check(SOURCE, target, RECORDS());
    expect(ids(found)).toEqual(['record-id-missing-on-target orders/value 1']);
    expect(found[0]!.message).toBe(
      'orders values with id 1 (1 record, first at partition 0 offset ' +
        `${found[0]!.message.match(/offset (\d+)/)![1]}): ` +
        "the target has no schema with id 1; the source's is orders-value v1",
    );
    expect(found[0]!.hint).toBe(
      'the target holds this schema as id 11: if the migration renumbered ids, give its id map (--id-map)',
    );
  });

  it('names an id whose content differs on the target, and the records that target schema cannot read alike', () => {
    const target = SOURCE.map((v) =>
      v.id === 1
        ? { ...v, schema: ORDER_DOUBLE }
        : v.id === 4
          ? { ...v, schema: JSON_STRICTER }
          : v.id === 5
            ? { ...v, schema: PROTO_RENUMBERED }
            : v,
    );
    expect(ids(check(SOURCE, target, RECORDS()))).toEqual([
      'record-id-content-differs orders/value 1',
      'record-undecodable-on-target orders/value 1',
      'record-id-content-differs json/value 4',
      'record-undecodable-on-target json/value 4',
      'record-id-content-differs proto/value 5',
      'record-undecodable-on-target proto/value 5',
    ]);
  });

  it('sees a referenced schema that differs on the target through the closure', () => {
    const money = JSON.stringify({
      ...JSON.parse(MONEY),
      fields: [
        { name: 'cents', type: 'long' },
        { name: 'cur', type: 'string' },
      ],
    });
    const target = SOURCE.map((v) => (v.id === 2 ? { ...v, schema: money } : v));
    expect(ids(check(SOURCE, target, RECORDS()))).toEqual([
      'record-id-content-differs pay/value 3',
      'record-undecodable-on-target pay/value 3',
    ]);
  });

  it('treats an Avro field order change as other content, which reads the bytes otherwise', () => {
    const target = SOURCE.map((v) => (v.id === 1 ? { ...v, schema: ORDER_SWAPPED } : v));
    expect(ids(check(SOURCE, target, RECORDS()))).toEqual([
      'record-id-content-differs orders/value 1',
      'record-undecodable-on-target orders/value 1',
    ]);
  });

  it(
    'finds no decoding difference where a type change keeps the bytes (int and long), but ' + 'still the content one',
    () => {
      const int = ORDER.replace('"long"', '"int"');
      const target = SOURCE.map((v) => (v.id === 1 ? { ...v, schema: int } : v));
      expect(ids(check(SOURCE, target, RECORDS()))).toEqual(['record-id-content-differs orders/value 1']);
    },
  );

  it('with an id map: translates, lists the translated ids, and fails on an id in use the map lacks', () => {
    const target = SOURCE.map((v) => ({ ...v, id: v.id + 100 }));
    const found = check(SOURCE, target, RECORDS(), { 1: 101, 2: 102, 3: 103, 5: 105 });
    expect(ids(found)).toEqual([
      'record-id-translated orders/value 1',
      'record-id-translated pay/value 3',
      'id-map-missing-entry-in-use json/value 4',
      'record-id-translated proto/value 5',
    ]);
    expect(found[0]).toMatchObject({ severity: 'info', source: 1, target: 101 });
  });

  it('warns about ids only the target resolves, bytes their own schema cannot read, and values without framing', () => {
    const target = [...SOURCE, { subject: 'only-on-target', id: 99, schema: ORDER }];
    const found = check(SOURCE, target, [
      rec('orders', framed(99, Buffer.from([1]))),
      rec('orders', framed(1, Buffer.from([0xff]))),
      rec('logs', Buffer.from('hello')),
      rec('logs', Buffer.from('again')),
    ]);
    expect(ids(found)).toEqual([
      'record-id-missing-on-source orders/value 99',
      'record-undecodable-on-source orders/value 1',
      'record-framing-unknown logs/value',
    ]);
    expect(found.map((f) => f.severity)).toEqual(['warning', 'warning', 'warning']);
  });

  describe('records that name their schema by GUID (Confluent 8 header framing)', () => {
    /** As a registry that serves GUIDs answers: each version with the GUID Confluent computes for it. */
    const serving = (vs: V[]) => vs.map((v) => ({ ...v, guid: schemaGuid(v) }));
    const byGuid = (topic: string, v: V, body: Uint8Array, indexes: number[] = []) => {
      const r = rec(topic, body);
      const guid = Buffer.from(schemaGuid(v).replace(/-/g, ''), 'hex');
      r.headers.__value_schema_id = Uint8Array.from([1, ...guid, ...indexes]);
      return r;
    };
    const records = () => [
      byGuid('orders', SOURCE[0]!, avro(ORDER, { id: 7, note: 'x' })),
      byGuid('proto', SOURCE[4]!, protoB(9), [2, 2]),
    ];

    it('resolve and decode where the target serves the same GUIDs (the message indexes read from the header)', () => {
      expect(ids(check(serving(SOURCE), serving(SOURCE), records()))).toEqual([]);
      // a source read without GUIDs (a snapshot of an older server) is looked up by the GUID Confluent computes
      expect(ids(check(SOURCE, serving(SOURCE), records()))).toEqual([]);
    });

    it('fail on a target that serves no GUIDs, saying whether it holds the schema', () => {
      const found = check(serving(SOURCE), SOURCE, records());
      expect(ids(found)).toEqual([
        'record-guid-not-served-by-target orders/value',
        'record-guid-not-served-by-target proto/value',
      ]);
      const holds = 'the target serves no GUIDs; it holds the schema (orders-value v1), under no GUID it serves';
      expect(found[0]!.message).toMatch(/^orders values with guid [0-9a-f-]{36} \(1 record, first at partition 0 /);
      expect(found[0]!.message.endsWith(`): ${holds}`)).toBe(true);
      const reencoded = SOURCE.map((v) =>
        v.id === 1 ? { ...v, schema: JSON.stringify(JSON.parse(v.schema), null, 1) } : v,
      );
      expect(check(serving(SOURCE), reencoded, records())[0]!.message).toMatch(
        /the target serves no GUIDs, and none of its schemas would have this GUID either$/,
      );
    });

    it('fail where the target serves GUIDs but stores the schema with other bytes (another GUID)', () => {
      const reencoded = SOURCE.map((v) =>
        v.id === 1 ? { ...v, schema: JSON.stringify(JSON.parse(v.schema), null, 1) } : v,
      );
      expect(ids(check(serving(SOURCE), serving(reencoded), records()))).toEqual([
        'record-id-missing-on-target orders/value',
      ]);
    });

    it('name a header they cannot read', () => {
      const r = rec('orders', Buffer.from([1, 2]));
      r.headers.__value_schema_id = Uint8Array.from([2, ...Array<number>(16).fill(9)]);
      const found = check(SOURCE, SOURCE, [r, { ...r, offset: '99' }]);
      expect(ids(found)).toEqual(['record-reference-unreadable orders/value']);
      expect(found[0]!.message).toMatch(/neither a schema id nor a GUID\): unverified$/);
    });
  });

  it("reads Confluent's header framing, the Protobuf message indexes in the header", () => {
    const r = rec('proto', protoB(3));
    r.headers.__value_schema_id = Uint8Array.from([0, 0, 0, 0, 5, 2, 2]);
    expect(ids(check(SOURCE, SOURCE, [r]))).toEqual([]);
    const renumbered = SOURCE.map((v) => (v.id === 5 ? { ...v, schema: PROTO_RENUMBERED } : v));
    expect(ids(check(SOURCE, renumbered, [r]))).toEqual([
      'record-id-content-differs proto/value 5',
      'record-undecodable-on-target proto/value 5',
    ]);
  });

  it('resolves ids in the context a migration moved everything into (an exporter), and only there', () => {
    const target = SOURCE.map((v) => ({
      ...v,
      subject: `:.dr:${v.subject}`,
      references: v.references?.map((r) => ({ ...r, subject: `:.dr:${r.subject}` })),
    }));
    const s = mapRegistry(registry(SOURCE), { targetContext: '.dr' });
    const t = registry(target);
    const run = (src: typeof s) =>
      (recordsResolve as PairCheck).run(
        { ...pairContext(src, t, { idsPreserved: true, deleted: 'compare' }), records: sample(RECORDS()) },
        { topics: ['.*'] },
      );
    expect(ids(run(s).findings.filter((f) => f.id !== 'records-sampled'))).toEqual([]);
    // Unmapped, the ids are looked up in the target's default context, which holds none of them.
    expect(new Set(ids(run(registry(SOURCE)).findings).map((f) => f.split(' ')[0]))).toEqual(
      new Set(['record-id-missing-on-target', 'records-sampled']),
    );
  });

  it('validates JSON records under draft-04/06 schemas too (read as draft-07), and names what fails', () => {
    const d4 = (extra: object) =>
      JSON.stringify({
        $schema: 'http://json-schema.org/draft-04/schema#',
        type: 'object',
        properties: { n: { type: 'integer', ...extra } },
      });
    const source = [{ subject: 'json-value', id: 4, schema: d4({}), schemaType: 'JSON' }];
    const records = [rec('json', framed(4, Buffer.from('{"n":5}')))];
    expect(ids(check(source, source, records))).toEqual([]);
    const found = check(source, [{ ...source[0]!, schema: d4({ maximum: 3 }) }], records);
    expect(ids(found)).toEqual(['record-id-content-differs json/value 4', 'record-undecodable-on-target json/value 4']);
    expect(found[1]!.message).toMatch(/does not decode: does not validate: data\/n must be <= 3/);
  });

  it('reads Apicurio globalId framing when told to, against the registry ids', () => {
    const long = Buffer.alloc(9);
    long.writeBigUInt64BE(1n, 1);
    const value = Buffer.concat([long, avro(ORDER, { id: 1, note: 'n' })]);
    expect(ids(check(SOURCE, SOURCE, [rec('orders', value)], undefined, { framing: 'apicurio-global' }))).toEqual([]);
    // Read with the wrong framing, the id is a number neither registry has: consumers on the target could not read
    // these records either, so the run fails (a framing sr-parity was not told about never passes unverified).
    const wrong = check(SOURCE, SOURCE, [rec('orders', value)]);
    expect(ids(wrong)).toEqual(['record-id-missing-on-target orders/value 0']);
    expect(wrong[0]!.message).toMatch(/neither the target nor the source has a schema with id 0$/);
    expect(wrong[0]!.hint).toBe(
      'if these records name their schema another way, say how: --framing confluent|apicurio-global|apicurio-content',
    );
  });
});

checkTable(recordsResolve, [
  {
    name: 'no topics declared: cannot run',
    source: snapshot({}),
    target: snapshot({}),
    records: sample([]),
    params: { framing: 'auto' },
    error: 'invalid params: params: missing param "topics"',
  },
  {
    name: 'a framing that does not exist: cannot run',
    source: snapshot({}),
    target: snapshot({}),
    records: sample([]),
    params: { topics: ['orders'], framing: 'magic' },
    error:
      'invalid params: framing must be equal to one of the allowed values ("auto", ' +
      '"confluent", "apicurio-global", "apicurio-content")',
  },
]);

describe('records whose schema encrypts fields (client-side field encryption)', () => {
  const encrypt = { name: 'pii', kind: 'TRANSFORM', mode: 'WRITEREAD', type: 'ENCRYPT', tags: ['PII'] };
  const ruleSet = { domainRules: [{ ...encrypt, params: { 'encrypt.kek.name': 'k1' } }] };
  const encrypted = SOURCE.map((v) => (v.id === 1 ? { ...v, ruleSet } : v));
  const kek = { name: 'k1', kmsType: 'local-kms', kmsKeyId: 'k', kmsPropsDigest: null, doc: null, shared: false };
  const dek = { kek: 'k1', subject: 'orders-value', version: 1, algorithm: 'AES256_GCM', material: 'QUFB' };
  const keys = (material = 'QUFB'): DekRegistry => ({
    keks: [{ ...kek, deleted: false }],
    deks: [{ ...dek, material, deleted: false }],
  });
  const records = () => [rec('orders', framed(1, avro(ORDER, { id: 7, note: 'x' })))];

  it("pass where the target holds the DEK the rule's KEK wraps for the subject, as the source does", () => {
    const found = check(encrypted, encrypted, records(), undefined, {}, { source: keys(), target: keys() });
    expect(ids(found)).toEqual([]);
  });

  it('fail where the target lacks it, or holds other key material', () => {
    const none = check(encrypted, encrypted, records(), undefined, {}, { source: keys() });
    expect(ids(none)).toEqual(['record-dek-missing-on-target orders/value 1']);
    expect(none[0]!.message).toBe(
      'orders values with id 1 (1 record): orders-value v1 encrypts with KEK k1, and the target serves no DEK ' +
        'registry for its DEK version(s) 1 as the source does: consumers there cannot decrypt these fields',
    );
    const other = check(encrypted, encrypted, records(), undefined, {}, { source: keys(), target: keys('QkJC') });
    expect(ids(other)).toEqual(['record-dek-missing-on-target orders/value 1']);
    // a disabled rule encrypts nothing
    const disabled = { domainRules: [{ ...ruleSet.domainRules[0], disabled: true }] };
    const off = SOURCE.map((v) => (v.id === 1 ? { ...v, ruleSet: disabled } : v));
    expect(ids(check(off, off, records(), undefined, {}, { source: keys() }))).toEqual([]);
  });
});

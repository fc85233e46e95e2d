import { describe, expect, it } from 'vitest';
import { framingOf, messageIndexes } from '../../src/normalize/wire.js';

const bytes = (...b: number[]) => Uint8Array.from(b);
const long = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
};

describe('framingOf: the schema reference a record carries', () => {
  it('reads Confluent framing: magic byte 0, a 4-byte id, then the body', () => {
    expect(framingOf(bytes(0, 0, 0, 1, 2, 9, 9), {}, 'value', 'confluent')).toEqual({
      kind: 'framed',
      idKind: 'id',
      id: 258,
      via: 'payload',
      body: bytes(9, 9),
      indexed: true,
    });
  });

  it("reads Apicurio's payload framings: an 8-byte globalId (2.x) or a 4-byte contentId (3.x)", () => {
    const v2 = Uint8Array.from([0, ...long(70_000), 7]);
    expect(framingOf(v2, {}, 'value', 'apicurio-global')).toMatchObject({
      idKind: 'globalId',
      id: 70_000,
      body: bytes(7),
    });
    expect(framingOf(bytes(0, 0, 0, 0, 5, 7), {}, 'key', 'apicurio-content')).toMatchObject({
      idKind: 'contentId',
      id: 5,
    });
  });

  it("reads a GUID in Confluent's payload framing: magic byte 1, 16 bytes, then the body (SchemaId.fromBytes)", () => {
    const guid = Buffer.from('0123456789abcdef0123456789abcdef', 'hex');
    expect(framingOf(Uint8Array.from([1, ...guid, 0, 9]), {}, 'value', 'confluent')).toEqual({
      kind: 'framed',
      idKind: 'guid',
      id: '01234567-89ab-cdef-0123-456789abcdef',
      via: 'payload',
      body: bytes(0, 9),
      indexed: true,
    });
    expect(framingOf(Uint8Array.from([1, ...guid.subarray(0, 8)]), {}, 'value', 'confluent')).toEqual({
      kind: 'unknown',
      reason: '9 bytes: too short for a schema GUID',
    });
    // Apicurio's framings have no GUID: a first byte 1 is no framing of theirs
    expect(framingOf(Uint8Array.from([1, ...guid]), {}, 'value', 'apicurio-content')).toMatchObject({
      kind: 'unknown',
    });
  });

  it("prefers Apicurio's id headers, for the part they name, over the payload", () => {
    const headers = { 'apicurio.value.globalId': long(12), 'apicurio.key.contentId': long(3) };
    expect(framingOf(bytes(1, 2), headers, 'value', 'confluent')).toEqual({
      kind: 'framed',
      idKind: 'globalId',
      id: 12,
      via: 'header',
      body: bytes(1, 2),
      indexed: false,
    });
    expect(framingOf(bytes(1, 2), headers, 'key', 'confluent')).toMatchObject({ idKind: 'contentId', id: 3 });
  });

  it('says why a record cannot be read: no magic byte, too short, an id beyond 2^53, a header of neither kind', () => {
    expect(framingOf(bytes(123, 34), {}, 'value', 'confluent')).toEqual({
      kind: 'unknown',
      reason: 'first byte 123, not the magic byte 0',
    });
    expect(framingOf(bytes(0, 0, 1), {}, 'value', 'confluent')).toEqual({
      kind: 'unknown',
      reason: '3 bytes: too short for a schema id',
    });
    const huge = Uint8Array.from([0, 0xff, 0, 0, 0, 0, 0, 0, 1]);
    expect(framingOf(huge, {}, 'value', 'apicurio-global')).toEqual({
      kind: 'unknown',
      reason: 'an 8-byte schema id beyond 2^53',
    });
    for (const header of [Uint8Array.from([2, ...Array<number>(16).fill(7)]), Uint8Array.from([1, 7, 7])])
      expect(framingOf(bytes(0), { __value_schema_id: header }, 'value', 'confluent')).toEqual({
        kind: 'unreadable',
        reason: 'header __value_schema_id is neither a schema id nor a GUID',
      });
    // magic byte 1: the schema's GUID (16 bytes), then a Protobuf record's message indexes (SchemaId.guidToBytes)
    const guid = Uint8Array.from([1, ...Buffer.from('0123456789abcdef0123456789abcdef', 'hex'), 2, 2]);
    expect(framingOf(bytes(9, 9), { __value_schema_id: guid }, 'value', 'confluent')).toEqual({
      kind: 'framed',
      idKind: 'guid',
      id: '01234567-89ab-cdef-0123-456789abcdef',
      via: 'header',
      body: Uint8Array.from([2, 2, 9, 9]),
      indexed: true,
    });
    expect(framingOf(bytes(1), { 'apicurio.value.globalId': bytes(1, 2) }, 'value', 'confluent')).toEqual({
      kind: 'unreadable',
      reason: 'header apicurio.value.globalId holds 2 bytes',
    });
  });

  it(
    "reads Confluent's header framing: magic 0 and the id in __value_schema_id, message " + 'indexes before the body',
    () => {
      const framed = framingOf(bytes(8, 9), { __value_schema_id: bytes(0, 0, 0, 0, 7, 2, 2) }, 'value', 'confluent');
      expect(framed).toEqual({
        kind: 'framed',
        idKind: 'id',
        id: 7,
        via: 'header',
        body: bytes(2, 2, 8, 9),
        indexed: true,
      });
    },
  );

  it('treats null and empty bytes (tombstones, absent keys) as nothing to resolve', () => {
    expect(framingOf(null, {}, 'value', 'confluent')).toEqual({ kind: 'empty' });
    expect(framingOf(bytes(), {}, 'key', 'confluent')).toEqual({ kind: 'empty' });
  });
});

describe("messageIndexes: Confluent's Protobuf message path", () => {
  it('reads the single 0 byte as the first message, and zig-zag varint lists', () => {
    expect(messageIndexes(bytes(0, 8, 9))).toEqual({ indexes: [0], rest: bytes(8, 9) });
    expect(messageIndexes(bytes(4, 2, 6, 1))).toEqual({ indexes: [1, 3], rest: bytes(1) });
    expect(messageIndexes(bytes(2, 0x80, 0x02))).toEqual({ indexes: [128], rest: bytes() });
  });

  it('refuses a list that runs past the end or is negative', () => {
    expect(() => messageIndexes(bytes(4, 2))).toThrow('message indexes run past the end of the record');
    expect(() => messageIndexes(bytes(2, 1))).toThrow('a negative message index');
    expect(() => messageIndexes(bytes(1))).toThrow('a message index list of -1 entries');
  });
});

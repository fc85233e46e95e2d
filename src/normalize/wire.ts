// Where a Kafka record says which schema wrote it: the framings the registries' serializers use.
//   Confluent (and Karapace, AxonOps, Redpanda, Apicurio's ccompat clients): magic byte 0, a 4-byte id, the body
//     (Protobuf: a list of message indexes first).
//   Apicurio 2.x serdes: magic byte 0, an 8-byte globalId; 3.x serdes: magic byte 0, a 4-byte contentId.
//   Apicurio serdes with headers enabled: `apicurio.{key,value}.globalId` or `.contentId` (8 bytes), a bare body.
//   Confluent's header framing: `__{key,value}_schema_id` holds magic byte 0 and the id, or magic byte 1 and the
//     schema's GUID (16 bytes), then (Protobuf) its message indexes; the body is bare (SchemaId.java in Confluent's
//     schema-serializer module). The same magic byte 1 and GUID may lead the payload instead (SchemaId.fromBytes).
// The payload framings look alike, so which one a topic uses is a choice (`Framing`), made from the source registry
// unless the user says.

import { uuidOf } from '../model/guid.js';

export type Framing = 'confluent' | 'apicurio-global' | 'apicurio-content';
export const FRAMINGS: Framing[] = ['confluent', 'apicurio-global', 'apicurio-content'];

/**
 * Which of a registry's names for a schema a record carries: the Confluent API's id, Apicurio's globalId or contentId
 * (numbers), or Confluent 8's GUID (a UUID string).
 */
export type IdKind = 'id' | 'globalId' | 'contentId' | 'guid';

export type Part = 'key' | 'value';

export type Framed =
  | {
      kind: 'framed';
      idKind: IdKind;
      /** A number, or a GUID's UUID string (idKind `guid`). */
      id: number | string;
      via: 'payload' | 'header';
      /** What a deserializer reads: for `indexed` framings, a Protobuf body starts with its message indexes. */
      body: Uint8Array;
      indexed: boolean;
    }
  | { kind: 'empty' } // null or empty bytes (a tombstone, an absent key)
  | { kind: 'unknown'; reason: string } // no schema reference this reads: maybe none at all (plain data)
  | { kind: 'unreadable'; reason: string }; // a header says the record names its schema, in a form not read here

const HEADER_IDS: [string, IdKind][] = [
  ['globalId', 'globalId'],
  ['contentId', 'contentId'],
];

export function framingOf(
  bytes: Uint8Array | null,
  headers: Record<string, Uint8Array>,
  part: Part,
  framing: Framing,
): Framed {
  if (!bytes || !bytes.length) return { kind: 'empty' };
  for (const [name, idKind] of HEADER_IDS) {
    const h = headers[`apicurio.${part}.${name}`];
    if (!h) continue;
    const id = h.length === 8 ? readLong(h, 0) : h.length === 4 ? readInt(h, 0) : null;
    if (id === null) return { kind: 'unreadable', reason: `header apicurio.${part}.${name} holds ${h.length} bytes` };
    return { kind: 'framed', idKind, id, via: 'header', body: bytes, indexed: false };
  }
  const confluent = headers[`__${part}_schema_id`];
  if (confluent) {
    const name = `header __${part}_schema_id`;
    const guid = confluent[0] === 1;
    const width = guid ? 16 : 4;
    if ((confluent[0] !== 0 && !guid) || confluent.length < 1 + width)
      return { kind: 'unreadable', reason: `${name} is neither a schema id nor a GUID` };
    // The message indexes of a Protobuf record follow the id in the header: the body is read as if they led it.
    const body = new Uint8Array(confluent.length - 1 - width + bytes.length);
    body.set(confluent.subarray(1 + width));
    body.set(bytes, confluent.length - 1 - width);
    const id = guid ? uuidOf(confluent.subarray(1, 17)) : readInt(confluent, 1);
    return { kind: 'framed', idKind: guid ? 'guid' : 'id', id, via: 'header', body, indexed: true };
  }
  // Magic byte 1 in the payload: the GUID, then (Protobuf) the message indexes, as in the header; Confluent's
  // deserializers read it there too (DualSchemaIdDeserializer falls back to SchemaId.fromBytes on the payload).
  if (bytes[0] === 1 && framing === 'confluent') {
    if (bytes.length < 17) return { kind: 'unknown', reason: `${bytes.length} bytes: too short for a schema GUID` };
    const id = uuidOf(bytes.subarray(1, 17));
    return { kind: 'framed', idKind: 'guid', id, via: 'payload', body: bytes.subarray(17), indexed: true };
  }
  if (bytes[0] !== 0) return { kind: 'unknown', reason: `first byte ${bytes[0]}, not the magic byte 0` };
  const width = framing === 'apicurio-global' ? 8 : 4;
  if (bytes.length < 1 + width) return { kind: 'unknown', reason: `${bytes.length} bytes: too short for a schema id` };
  const id = width === 8 ? readLong(bytes, 1) : readInt(bytes, 1);
  if (id === null) return { kind: 'unknown', reason: 'an 8-byte schema id beyond 2^53' };
  const idKind: IdKind = framing === 'confluent' ? 'id' : framing === 'apicurio-global' ? 'globalId' : 'contentId';
  return {
    kind: 'framed',
    idKind,
    id,
    via: 'payload',
    body: bytes.subarray(1 + width),
    indexed: framing === 'confluent',
  };
}

/**
 * Confluent's Protobuf message indexes (zig-zag varints: a count, then the path to the message; a single 0 byte
 * means the first message), and the bytes after them.
 */
export function messageIndexes(body: Uint8Array): { indexes: number[]; rest: Uint8Array } {
  let at = 0;
  const next = () => {
    let shift = 0;
    let n = 0;
    for (;;) {
      if (at >= body.length) throw new Error('message indexes run past the end of the record');
      const b = body[at++]!;
      n += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) break;
      shift += 7;
      if (shift > 35) throw new Error('a message index longer than 5 bytes');
    }
    return n % 2 ? -(n + 1) / 2 : n / 2;
  };
  const count = next();
  if (count < 0 || count > 100) throw new Error(`a message index list of ${count} entries`);
  const indexes = count === 0 ? [0] : Array.from({ length: count }, next);
  if (indexes.some((i) => i < 0)) throw new Error('a negative message index');
  return { indexes, rest: body.subarray(at) };
}

function readInt(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

function readLong(b: Uint8Array, at: number): number | null {
  const high = readInt(b, at);
  if (high >= 2 ** 21) return null;
  return high * 2 ** 32 + readInt(b, at + 4);
}

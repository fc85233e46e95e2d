// Decoding a record's body with a schema, as a consumer's deserializer would: Avro with avsc, Protobuf with
// protobufjs (the message found by its indexes), JSON parsed and validated against the JSON Schema. Two schemas
// read a record the same when both decode it to the same value.
import protobuf from 'protobufjs';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { messageIndexes } from './wire.js';
import { avroType } from './avro.js';

export interface DecodableSchema {
  schemaType: string;
  schema: string;
  /** Referenced schemas, dependencies first: the name a reference gives, and the text it points at. */
  references: { name: string; schema: string }[];
}

/** Turns a record body into a comparable value (sorted-key JSON), or throws why it cannot. */
export type Decoder = (body: Uint8Array, indexed: boolean) => string;

export function decoderFor(s: DecodableSchema): Decoder {
  const type = s.schemaType.toUpperCase();
  if (type === 'AVRO') return avroDecoder(s);
  if (type === 'PROTOBUF') return protobufDecoder(s);
  if (type === 'JSON') return jsonDecoder(s);
  throw new Error(`${type} records are not decoded`);
}

function avroDecoder(s: DecodableSchema): Decoder {
  const type = avroType(
    s.schema,
    s.references.map((r) => r.schema),
  );
  return (body) => comparable(type.fromBuffer(Buffer.from(body.buffer, body.byteOffset, body.byteLength)));
}

function protobufDecoder(s: DecodableSchema): Decoder {
  const root = new protobuf.Root();
  for (const r of s.references) protobuf.parse(r.schema, root, { keepCase: true });
  const own = protobuf.parse(s.schema, new protobuf.Root(), { keepCase: true });
  protobuf.parse(s.schema, root, { keepCase: true });
  root.resolveAll();
  // Message indexes count the messages of this file in the order it declares them, nested ones below their parent.
  const base = own.package ? own.root.lookup(own.package) : own.root;
  const messages = (ns: protobuf.ReflectionObject | null): protobuf.Type[] =>
    ns && 'nestedArray' in ns
      ? (ns as protobuf.Namespace).nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type)
      : [];
  return (body, indexed) => {
    const { indexes, rest } = indexed ? messageIndexes(body) : { indexes: [0], rest: body };
    let found: protobuf.Type | undefined;
    let level = messages(base);
    for (const i of indexes) {
      found = level[i];
      if (!found) throw new Error(`no message at index path [${indexes.join(', ')}]`);
      level = messages(found);
    }
    const full = found!.fullName.replace(/^\./, '');
    const decoded = root.lookupType(full).decode(rest);
    return `${full}:${comparable(decoded.$type.toObject(decoded, { longs: String, bytes: String, enums: String }))}`;
  };
}

function jsonDecoder(s: DecodableSchema): Decoder {
  const validate = jsonValidator(s);
  return (body) => {
    const value = JSON.parse(Buffer.from(body).toString('utf8')) as unknown;
    if (validate && !validate(value)) throw new Error(`does not validate: ${validate.errorsText()}`);
    return comparable(value);
  };
}

/**
 * Ajv for the schema's draft (2019-09 and 2020-12 with their own class; 04, 06 and 07 read as 07, the drafts
 * Confluent's serializers write). A schema Ajv cannot compile (a vocabulary it does not know) reads records without
 * validating them: they are then compared as JSON values only.
 */
function jsonValidator(s: DecodableSchema): (((v: unknown) => boolean) & { errorsText(): string }) | undefined {
  const parse = (text: string) => {
    const doc = JSON.parse(text) as Record<string, unknown>;
    if (typeof doc.$schema === 'string' && /draft-0[346]/.test(doc.$schema)) delete doc.$schema;
    return doc;
  };
  const doc = parse(s.schema);
  const draft2020 = typeof doc.$schema === 'string' && /2019-09|2020-12/.test(doc.$schema);
  const ajv = draft2020
    ? new Ajv2020({ strict: false, validateFormats: false })
    : new Ajv({ strict: false, validateFormats: false });
  try {
    for (const r of s.references) ajv.addSchema(parse(r.schema), r.name);
    const compiled = ajv.compile(doc);
    return Object.assign((v: unknown) => compiled(v) as boolean, { errorsText: () => ajv.errorsText(compiled.errors) });
  } catch {
    return undefined;
  }
}

/** Sorted-key JSON of a decoded value; bytes as hex, big integers as text. */
function comparable(value: unknown): string {
  const plain = (v: unknown): unknown => {
    if (v instanceof Uint8Array) return `0x${Buffer.from(v).toString('hex')}`;
    if (typeof v === 'bigint') return v.toString();
    if (Array.isArray(v)) return v.map(plain);
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, plain((v as Record<string, unknown>)[k])]),
      );
    return v;
  };
  return JSON.stringify(plain(value));
}

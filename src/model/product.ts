// The registry software behind a source, where it can be told. It matters to the verdict: registries disagree on
// which spellings of one schema are the same schema, and a client's lookup on the target is the target's to decide.

export type Product = 'confluent' | 'karapace' | 'axonops' | 'apicurio-2' | 'apicurio-3';
export const PRODUCTS: Product[] = ['confluent', 'karapace', 'axonops', 'apicurio-2', 'apicurio-3'];

export const PRODUCT_NAMES: Record<Product, string> = {
  confluent: 'Confluent',
  karapace: 'Karapace',
  axonops: 'AxonOps',
  'apicurio-2': 'Apicurio 2.x',
  'apicurio-3': 'Apicurio 3.x',
};

/** The product of an Apicurio server from the version it reports (`3.3.3`, `2.6.13.Final`). */
export function apicurioProduct(version: string | undefined): Product | undefined {
  const major = /^(\d+)\./.exec(version ?? '')?.[1];
  return major === '2' ? 'apicurio-2' : major === '3' ? 'apicurio-3' : undefined;
}

/**
 * Spellings of one schema that some registries tell apart: in Avro, a number written as an integer and as a decimal
 * (`1`, `1.0`) in a default or a custom property, custom properties in another order, a primitive as
 * `{"type":"string"}` or `"string"`, a full name written whole or split into name and namespace; in a JSON Schema, a
 * number written either way, keys in another order; in a Protobuf schema, declarations in another order (but
 * messages: their order is their index on the wire, so it is part of the schema), enums or services in another order
 * (kept as written even by a normalizing registry), options in another order, an option's value written otherwise,
 * other imports, comments; in any schema, whitespace and the other
 * formatting no parser minds.
 */
export type Spelling =
  | 'avro-number'
  | 'avro-default-number'
  | 'avro-property-order'
  | 'avro-bare-type'
  | 'avro-namespace'
  | 'json-number'
  | 'json-key-order'
  | 'protobuf-declarations'
  | 'protobuf-type-order'
  | 'protobuf-placement'
  | 'protobuf-option-order'
  | 'protobuf-option-value'
  | 'protobuf-comments'
  | 'formatting';

/** Records a spelling found and where (`fields[0].default: 1.0 → 1`); the first place of each kind is kept. */
export type NoteSpelling = (kind: Spelling, place: string) => void;

/**
 * Which spellings each product tells apart: its lookup misses the other spelling, or registering it makes a new
 * schema id (a serializer that auto-registers, the default, registers). Tried on the real servers (Karapace 5.2,
 * AxonOps, Apicurio 2.6 and 3.3). Confluent by its code and its own tests (docs/equality.md, and the table of its
 * test pairs in test/normalize/confluent-pairs.test.ts): a lookup (`AbstractSchemaRegistry.lookUpSchemaUnderSubject`)
 * compares canonical strings first, then each version's parsed schema (`ParsedSchema.canLookup`): for Avro that is
 * Avro's `Schema.equals`, which keeps number kinds (its defaults are Jackson nodes) but not the order of properties,
 * nor how a name or a primitive is written; for JSON Schema and Protobuf it is their canonical strings again, which
 * keep key order and numbers as written (Jackson), and Protobuf's declarations (options too) in their order, messages
 * before enums, fields before oneofs, without comments (`ProtobufSchemaUtils.toString`). AxonOps sorts Protobuf
 * declarations by name or number and leaves imports, options and comments out.
 */
const TELLS_APART: Record<Product, Spelling[]> = {
  confluent: [
    'avro-number',
    'avro-default-number',
    'json-number',
    'json-key-order',
    'protobuf-declarations',
    'protobuf-type-order',
    'protobuf-option-order',
    'protobuf-option-value',
  ],
  karapace: [
    'avro-number',
    'avro-default-number',
    'avro-bare-type',
    'avro-namespace',
    'json-number',
    'protobuf-declarations',
    'protobuf-type-order',
    'protobuf-option-value',
    'protobuf-comments',
  ],
  axonops: ['avro-bare-type'],
  // Apicurio 2.6's ccompat lookup hashes the text as it is: whitespace alone makes another schema.
  'apicurio-2': [
    'avro-number',
    'avro-default-number',
    'avro-property-order',
    'avro-bare-type',
    'avro-namespace',
    'json-number',
    'json-key-order',
    'protobuf-declarations',
    'protobuf-type-order',
    'protobuf-placement',
    'protobuf-option-order',
    'protobuf-option-value',
    'protobuf-comments',
    'formatting',
  ],
  'apicurio-3': [
    'avro-property-order',
    'json-number',
    'protobuf-declarations',
    'protobuf-type-order',
    'protobuf-placement',
    'protobuf-option-value',
    'protobuf-comments',
  ],
};

/**
 * What Confluent still tells apart where a subject's config says `normalize: true` (it then normalizes what is
 * registered and what is looked up: `SubjectsResource` takes the config when the request does not say). Its
 * normalized forms (`AvroSchema.normalize`, `JsonSchema.normalize`, `ProtobufSchemaUtils.toNormalizedString`) sort
 * Avro properties and print names and primitives one way, turning defaults into the field's type; sort JSON Schema
 * keys; sort Protobuf fields, oneofs, enum values, imports, options and reserved ranges, resolve type names and drop
 * `syntax = "proto2"`. They keep numbers in Avro properties and JSON as written, and enums and services in their order.
 */
const TELLS_APART_NORMALIZED: Partial<Record<Product, Spelling[]>> = {
  confluent: ['avro-number', 'json-number', 'protobuf-type-order'],
};

/**
 * Whether `product` tells the spellings apart; undefined where the product is not known. `normalizes`: the subject's
 * effective config on that registry says `normalize: true` (only Confluent reads it).
 */
export function tellsApart(product: Product | undefined, spelling: Spelling, normalizes = false): boolean | undefined {
  if (product === undefined) return undefined;
  const table = normalizes ? (TELLS_APART_NORMALIZED[product] ?? TELLS_APART[product]) : TELLS_APART[product];
  return table.includes(spelling);
}

export function isProduct(value: unknown): value is Product {
  return typeof value === 'string' && (PRODUCTS as string[]).includes(value);
}

// A small registry's worth of real schemas: Avro with a named-type reference, JSON Schema, Protobuf with an import.
import type { Reference } from '../../src/model/types.js';

export interface SampleVersion {
  subject: string;
  schema: string;
  schemaType?: string;
  references?: Reference[];
}

const order = (fields: object[]) =>
  JSON.stringify({
    type: 'record',
    name: 'Order',
    namespace: 'com.acme',
    fields: [{ name: 'id', type: 'string' }, ...fields],
  });

export const SAMPLE: SampleVersion[] = [
  {
    subject: 'address',
    schema: JSON.stringify({
      type: 'record',
      name: 'Address',
      namespace: 'com.acme',
      fields: [{ name: 'street', type: 'string' }],
    }),
  },
  {
    subject: 'customer-value',
    schema: JSON.stringify({
      type: 'record',
      name: 'Customer',
      namespace: 'com.acme',
      fields: [{ name: 'address', type: 'com.acme.Address' }],
    }),
    references: [{ name: 'com.acme.Address', subject: 'address', version: 1 }],
  },
  { subject: 'orders-value', schema: order([]) },
  { subject: 'orders-value', schema: order([{ name: 'amount', type: 'double', default: 0 }]) },
  {
    subject: 'events-value',
    schemaType: 'JSON',
    schema: JSON.stringify({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { id: { type: 'string' } },
      required: ['id'],
    }),
  },
  {
    subject: 'common-proto',
    schemaType: 'PROTOBUF',
    schema: 'syntax = "proto3";\npackage acme;\nmessage Money {\n  string currency = 1;\n  int64 units = 2;\n}\n',
  },
  {
    subject: 'users-proto',
    schemaType: 'PROTOBUF',
    schema:
      'syntax = "proto3";\npackage acme;\nimport "common.proto";\nmessage User {\n  string name = 1;\n  ' +
      'acme.Money balance = 2;\n}\n',
    references: [{ name: 'common.proto', subject: 'common-proto', version: 1 }],
  },
];

/** An Avro record with an `id` and, each a compatible addition, optional string fields: a copy's next versions. */
export const avroRecord = (name: string, ...optional: string[]) =>
  JSON.stringify({
    type: 'record',
    name,
    fields: [
      { name: 'id', type: 'string' },
      ...optional.map((f) => ({ name: f, type: ['null', 'string'], default: null })),
    ],
  });

/** The Avro order record the data-plane tests produce (shop.Order: an id and an amount). */
export const SHOP_ORDER = {
  type: 'record',
  name: 'Order',
  namespace: 'shop',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'amount', type: 'double' },
  ],
};

// Which subjects a Kafka-backed registry's `_schemas` records name (watch reads only those again), and which records
// cannot be read as the registry's own (the pass then reads the registry another way). Keys and values as Karapace
// (schema_reader.py) and Confluent (SchemaRegistryKeyType) write them.
import { describe, expect, it } from 'vitest';
import { subjectsNamed } from '../../src/sources/kafka/schemas-topic.js';

let offset = 0;
const rec = (key: unknown, value?: unknown) => ({
  key: key === null ? null : Buffer.from(typeof key === 'string' ? key : JSON.stringify(key)),
  value: value === undefined ? null : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
  offset: String(offset++),
  partition: 0,
});
const named = (...records: ReturnType<typeof rec>[]) => {
  const { subjects, unsure } = subjectsNamed(records);
  return { subjects: [...subjects].sort(), unsure };
};

describe('the subjects _schemas records name', () => {
  it('every kind of write names its subject; a global config or mode, a NOOP and a context name none', () => {
    offset = 0;
    expect(
      named(
        rec({ keytype: 'SCHEMA', subject: 'orders-value', version: 1, magic: 1 }, { subject: 'orders-value', id: 1 }),
        rec({ keytype: 'SCHEMA', subject: 'users-value', version: 2, magic: 1 }), // a tombstone: deleted for good
        rec({ keytype: 'CONFIG', subject: 'pay-value', magic: 0 }, { compatibilityLevel: 'FULL' }),
        rec({ keytype: 'CONFIG', subject: null, magic: 0 }, { compatibilityLevel: 'NONE' }),
        rec({ keytype: 'MODE', subject: 'audit-value', magic: 0 }, { mode: 'READONLY' }),
        rec({ keytype: 'MODE', magic: 0 }, { mode: 'IMPORT' }),
        rec({ keytype: 'DELETE_SUBJECT', subject: 'old-value', magic: 0 }, { subject: 'old-value', version: 3 }),
        rec({ keytype: 'CLEAR_SUBJECT', subject: 'gone-value', magic: 0 }),
        rec({ keytype: 'NOOP', magic: 0 }),
        rec({ keytype: 'CONTEXT', tenant: 'default', context: '.eu', magic: 0 }),
      ),
    ).toEqual({
      subjects: ['audit-value', 'gone-value', 'old-value', 'orders-value', 'pay-value', 'users-value'],
      unsure: undefined,
    });
  });

  it('subjects in a context keep it; the default context written out is the bare name', () => {
    expect(
      named(
        rec({ keytype: 'SCHEMA', subject: ':.eu:orders-value', version: 1 }),
        rec({ keytype: 'CONFIG', subject: ':.:a' }),
      ),
    ).toEqual({ subjects: [':.eu:orders-value', 'a'], unsure: undefined });
  });

  it("a SCHEMA value's subject is named too (Karapace takes a version's subject from its value)", () => {
    const key = { keytype: 'SCHEMA', subject: 'a-value', version: 1, magic: 1 };
    expect(named(rec(key, { subject: 'b-value', version: 1, id: 3, schema: '"string"' })).subjects).toEqual([
      'a-value',
      'b-value',
    ]);
  });

  it.each([
    ['a record without a key', rec(null, { subject: 'x' }), 'has no key the registry writes'],
    ['a key that is not JSON', rec('orders-value'), 'has no key the registry writes'],
    ['a key that is a JSON list', rec(['SCHEMA']), 'has no key the registry writes'],
    [
      'an unknown keytype',
      rec({ keytype: 'ASSOCIATION', subject: 's' }),
      'is of a kind not known here (keytype "ASSOCIATION")',
    ],
    ['no keytype', rec({ subject: 's' }), 'is of a kind not known here (keytype undefined)'],
    ['a SCHEMA key without a subject', rec({ keytype: 'SCHEMA', version: 1 }), 'names no subject'],
  ])('%s: not guessed at', (_, r, why) => {
    expect(named(rec({ keytype: 'NOOP' }), r).unsure).toBe(`the record at offset ${r.offset} of partition 0 ${why}`);
  });
});

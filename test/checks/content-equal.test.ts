import { contentEqual } from '../../src/checks/kinds/content-equal.js';
import { avro, checkTable, registry } from './table.js';

const one = (schema: string, extra = {}) => registry({ 'orders-value': [{ schema, ...extra }] });
const withDefault = (d: string) =>
  `{"type":"record","name":"A","fields":[{"name":"x","type":"double","default":${d}}]}`;
const address = (...fields: string[]) => ({ schema: avro('Address', ...fields) });
const customer = (subject: string) => ({
  schema: JSON.stringify({ type: 'record', name: 'C', fields: [{ name: 'a', type: 'Address' }] }),
  references: [{ name: 'Address', subject, version: 1 }],
});
const rule = (expr: string) => ({
  domainRules: [{ name: 'positive', kind: 'CONDITION', type: 'CEL', mode: 'WRITE', expr }],
});

checkTable(contentEqual, [
  { name: 'the same texts: nothing', source: one(avro('A', 'x')), target: one(avro('A', 'x')), findings: [] },
  {
    name: 'another structure',
    source: one(avro('A', 'x')),
    target: one(avro('A', 'y')),
    findings: ['error version-content-differs: orders-value v1: schema content differs at fields[0].name: "x" → "y"'],
  },
  {
    name: 'the same structure, another default',
    source: one(withDefault('0')),
    target: one(withDefault('1')),
    findings: ['error version-semantic-differs: orders-value v1: same structure, but fields[0].default: 0 → 1'],
  },
  {
    name: 'a spelling some registries tell apart (1.0 and 1)',
    source: one(withDefault('1.0')),
    target: one(withDefault('1')),
    findings: [
      'warning version-spelling-differs: orders-value v1: spelled in a way some registries ' +
        'tell apart: fields[0].default: 1.0 → 1',
    ],
  },
  {
    name: 'whitespace only',
    source: one(avro('A', 'x')),
    target: one(JSON.stringify(JSON.parse(avro('A', 'x')), null, 2)),
    findings: ['info version-raw-differs: orders-value v1: text differs only in formatting'],
  },
  {
    name: 'whitespace with strict raw: an error',
    source: one(avro('A', 'x')),
    target: one(JSON.stringify(JSON.parse(avro('A', 'x')), null, 2)),
    params: { strict: 'raw' },
    findings: ['error version-raw-differs: orders-value v1: text differs only in formatting'],
  },
  {
    name: 'another schemaType',
    source: one('{"type":"string"}'),
    target: one('{"type":"string"}', { schemaType: 'JSON' }),
    findings: ['error schema-type-differs: orders-value v1: schemaType AVRO on the source, JSON on the target'],
  },
  {
    name: 'a referenced schema that differs',
    source: registry({ address: [address('street')], 'customer-value': [customer('address')] }),
    target: registry({ address: [address('city')], 'customer-value': [customer('address')] }),
    findings: [
      'error version-content-differs: address v1: schema content differs at fields[0].name: "street" → "city"',
      'error references-differ: customer-value v1: referenced content differs: Address (address v1)',
    ],
  },
  {
    name: 'a reference to another subject holding the same content',
    source: registry({ address: [address('street')], 'customer-value': [customer('address')] }),
    target: registry({
      address: [address('street')],
      'address-copy': [{ ...address('street'), id: 1 }],
      'customer-value': [customer('address-copy')],
    }),
    findings: [
      'warning reference-pointer-differs: customer-value v1: references point elsewhere with the same content',
    ],
  },
  {
    name: 'other metadata',
    source: one(avro('A'), { metadata: { properties: { owner: 'team-a' } } }),
    target: one(avro('A'), { metadata: { properties: { owner: 'team-b' } } }),
    findings: ['error metadata-differs: orders-value v1: metadata differs'],
  },
  {
    name: 'another rule set',
    source: one(avro('A'), { ruleSet: rule('message.x >= 0') }),
    target: one(avro('A'), { ruleSet: rule('message.x > 0') }),
    findings: ['error ruleset-differs: orders-value v1: ruleSet differs'],
  },
  {
    name: 'texts that do not parse, differing',
    source: one('{"type": "record", "name": '),
    target: one('{"type": "record", "name":  '),
    findings: [
      'warning schema-unparseable: orders-value v1: source and target schemas cannot be parsed ' +
        '(AVRO: Unexpected end of JSON input)',
      'info version-raw-differs: orders-value v1: text differs only in formatting',
    ],
  },
  {
    name: 'an unknown strictness: cannot run',
    source: one(avro('A')),
    target: one(avro('A')),
    params: { strict: 'bytes' },
    error: 'invalid params: strict must be equal to one of the allowed values ("raw", "canonical", "semantic")',
  },
]);

import { referencesResolve } from '../../src/checks/kinds/references-resolve.js';
import { avro, checkTable, registry } from './table.js';

const ref = (subject: string, version = 1) => ({
  schema: JSON.stringify({ type: 'record', name: 'C', fields: [{ name: 'a', type: 'Address' }] }),
  references: [{ name: 'Address', subject, version }],
});

checkTable(referencesResolve, [
  {
    name: 'every reference resolves: nothing',
    target: registry({ address: [{ schema: avro('Address') }], customer: [ref('address')] }),
    findings: [],
  },
  {
    name: 'a reference to a subject that is not ' + 'there',
    target: registry({ customer: [ref('address')] }),
    findings: ['error reference-dangling: customer v1: reference Address points at address v1, which does not exist'],
  },
  {
    name: 'a live version referencing a soft-deleted one',
    target: registry({ address: [{ schema: avro('Address'), deleted: true }], customer: [ref('address')] }),
    findings: [
      'warning reference-to-deleted-version: customer v1: reference Address points at ' + 'soft-deleted address v1',
    ],
  },
  {
    name: 'references in a cycle',
    target: registry({ a: [{ ...ref('b'), schema: avro('A') }], b: [{ ...ref('a'), schema: avro('B') }] }),
    findings: ['error reference-cycle: a v1 is part of a reference cycle'],
  },
  {
    name: 'an unknown param: cannot run',
    params: { deep: true },
    error: 'invalid params: ' + 'params: unknown param "deep"',
  },
]);

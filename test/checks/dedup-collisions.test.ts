import { dedupCollisions } from '../../src/checks/kinds/dedup-collisions.js';
import { avro, checkTable, registry } from './table.js';

checkTable(dedupCollisions, [
  {
    name: 'one id per content: nothing',
    target: registry({ a: [{ id: 1, schema: avro('A') }], b: [{ id: 1, schema: avro('A') }] }),
    findings: [],
  },
  {
    name: 'the same content under two ids',
    target: registry({ a: [{ id: 1, schema: avro('A') }], b: [{ id: 2, schema: avro('A') }] }),
    findings: [
      'warning dedup-collision: the same content is id 1 (a v1) and 2 (b v1): a ' +
        'deduplicating target keeps 1, so consumers of the others need an id map',
    ],
  },
  { name: 'an unknown param: cannot run', params: { ids: 2 }, error: 'invalid params: params: unknown param "ids"' },
]);

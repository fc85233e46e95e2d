import { idMapConsistent, idsEqual, idsPreserved } from '../../src/checks/kinds/ids-equal.js';
import { avro, checkTable, registry } from './table.js';

const three = registry({ a: [{ id: 1 }], b: [{ id: 2 }], c: [{ id: 3 }] });
const shared = (ids: [number, number]) =>
  registry({ a: [{ id: ids[0], schema: avro('S') }], b: [{ id: ids[1], schema: avro('S') }] });

checkTable(idsEqual, [
  { name: 'ids preserved and equal: nothing', source: three, target: three, findings: [] },
  {
    name: 'one version under another id',
    source: three,
    target: registry({ a: [{ id: 1 }], b: [{ id: 2 }], c: [{ id: 99 }] }),
    findings: [
      'error version-id-differs: c v1: id 3 on the source, 99 on the target',
      'error id-missing-on-target: schema id 3 (first used by c v1) does not exist on the target',
    ],
  },
  {
    name: 'one id holding other content',
    source: registry({ a: [{ id: 1, schema: avro('A') }] }),
    target: registry({ a: [{ id: 1, schema: avro('B') }] }),
    findings: ['error id-content-differs: schema id 1 holds different content: source a v1, target a v1'],
  },
  {
    name: 'every id renumbered: one root cause',
    source: three,
    target: registry({ a: [{ id: 101 }], b: [{ id: 102 }], c: [{ id: 103 }] }),
    findings: [
      'error ids-renumbered: 3 of 3 versions have another id on the target (every id +100): ids were renumbered',
      'error version-id-differs: a v1: id 1 on the source, 101 on the target',
      'error version-id-differs: b v1: id 2 on the source, 102 on the target',
      'error version-id-differs: c v1: id 3 on the source, 103 on the target',
      'error id-missing-on-target: schema id 1 (first used by a v1) does not exist on the target',
      'error id-missing-on-target: schema id 2 (first used by b v1) does not exist on the target',
      'error id-missing-on-target: schema id 3 (first used by c v1) does not exist on the target',
    ],
  },
  {
    name: 'ids not preserved: one source id split into two target ids',
    source: shared([1, 1]),
    target: shared([10, 11]),
    ids: 'not-preserved',
    findings: ['error id-map-inconsistent: source id 1 became target id 10 (a v1) and 11 (b v1)'],
  },
  {
    name: 'an id map that records another target id',
    source: three,
    target: registry({ a: [{ id: 10 }], b: [{ id: 20 }], c: [{ id: 30 }] }),
    idMap: { 1: 10, 2: 20, 3: 31 },
    findings: ['error id-map-mismatch: c v1: the id map says source id 3 is target id 31, the target has 30'],
  },
  {
    name: 'an id map without an id the migration carried',
    source: three,
    target: registry({ a: [{ id: 10 }], b: [{ id: 20 }], c: [{ id: 30 }] }),
    idMap: { 1: 10, 2: 20 },
    findings: ['error id-map-entry-missing: the id map has no entry for source id 3'],
  },
  {
    name: 'an unknown param: cannot run',
    source: three,
    target: three,
    params: { ids: 'x' },
    error: 'invalid params: params: unknown param "ids"',
  },
]);

checkTable(idsPreserved, [
  {
    name: 'preserved whatever the spec defaults say: another id is an error',
    source: three,
    target: registry({ a: [{ id: 1 }], b: [{ id: 2 }], c: [{ id: 99 }] }),
    ids: 'not-preserved',
    findings: [
      'error version-id-differs: c v1: id 3 on the source, 99 on the target',
      'error id-missing-on-target: schema id 3 (first used by c v1) does not exist on the target',
    ],
  },
]);

checkTable(idMapConsistent, [
  {
    name: 'not preserved: ids may change, each consistently',
    source: three,
    target: registry({ a: [{ id: 10 }], b: [{ id: 20 }], c: [{ id: 30 }] }),
    findings: [],
  },
  {
    name: 'one source id split',
    source: shared([1, 1]),
    target: shared([10, 11]),
    findings: ['error id-map-inconsistent: source id 1 became target id 10 (a v1) and 11 (b v1)'],
  },
]);

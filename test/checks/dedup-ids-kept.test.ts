import { dedupIdsKept } from '../../src/checks/kinds/dedup-ids-kept.js';
import { avro, checkTable, registry } from './table.js';

// The source holds one content under ids 1 and 2; a deduplicating target (Kora) keeps one id for it.
const source = registry({ a: [{ id: 1, schema: avro('A') }], b: [{ id: 2, schema: avro('A') }] });
const kept = (id: number) => registry({ a: [{ id, schema: avro('A') }], b: [{ id, schema: avro('A') }] });

checkTable(dedupIdsKept, [
  { name: 'both ids kept: nothing', source, target: source, findings: [] },
  { name: 'the lowest id kept, the other mapped to it', source, target: kept(1), idMap: { 2: 1 }, findings: [] },
  {
    name: 'the lowest id kept, the other neither kept nor mapped',
    source,
    target: kept(1),
    findings: [
      'error dedup-id-unresolvable: id 2 (b v1) is gone from the target and no id map is ' +
        'given: map it to 1, the id the target kept for the same content',
    ],
  },
  {
    name: 'the other id mapped elsewhere',
    source,
    target: kept(1),
    idMap: { 1: 1, 2: 7 },
    findings: [
      'error dedup-id-unresolvable: the id map sends id 2 (b v1) to 7, but the target kept the content as id 1',
    ],
  },
  {
    name: 'the lowest id not kept',
    source,
    target: kept(2),
    findings: [
      'error dedup-canonical-id-lost: id 1 (a v1, the lowest id of content also registered as ' +
        '2) is not on the target with that content',
    ],
  },
  {
    name: 'an unknown param: cannot run',
    source,
    target: source,
    params: { keep: 'lowest' },
    error: 'invalid params: params: unknown param "keep"',
  },
]);

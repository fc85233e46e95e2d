import { baseline } from '../../src/checks/kinds/baseline.js';
import { toBaseline } from '../../src/normalize/baseline.js';
import { fromSnapshot, type SnapshotFile } from '../../src/sources/files/native.js';
import { avro, checkTable, registry } from './table.js';

const before = registry({ a: [{ schema: avro('A') }, { schema: avro('A', 'x') }], b: [{ schema: avro('B') }] });
const file = (s: SnapshotFile = before) => ({
  path: 'before.json',
  document: JSON.parse(JSON.stringify(toBaseline(fromSnapshot(s, 'before.json'), 'test'))),
});

checkTable(baseline, [
  { name: 'as the baseline recorded: nothing', target: before, params: { file: file() }, findings: [] },
  {
    name: 'a subject gone, another new',
    target: registry({ a: [{ schema: avro('A') }, { schema: avro('A', 'x') }], c: [{ schema: avro('B') }] }),
    params: { file: file() },
    findings: [
      'error baseline-subject-missing: b (1 version in the baseline) is not on target',
      'warning baseline-subject-extra: c is new since the baseline',
    ],
  },
  {
    name: 'a version gone, another new',
    target: registry({
      a: [{ schema: avro('A') }, { version: 3, schema: avro('A', 'y') }],
      b: [{ schema: avro('B') }],
    }),
    params: { file: file() },
    findings: [
      'error baseline-version-missing: a v2 (id 2) is not on target',
      'warning baseline-version-extra: a v3 is new since the baseline',
    ],
  },
  {
    name: 'content changed, an id changed, a version soft-deleted',
    target: registry({
      a: [{ schema: avro('A', 'z') }, { schema: avro('A', 'x'), id: 42, deleted: true }],
      b: [{ id: 3, schema: avro('B') }],
    }),
    params: { file: file() },
    findings: [
      'error baseline-count-differs: versionsDeleted: 0 in the baseline, 1 on target',
      'error baseline-version-changed: a v1: content differs from the baseline',
      'error baseline-version-id-changed: a v2: id 2 in the baseline, 42 now',
      'error baseline-version-state-changed: a v2 was active, is soft-deleted now',
    ],
  },
  {
    name: 'ids not preserved: the same content under another number',
    target: registry({
      a: [
        { version: 5, schema: avro('A') },
        { version: 6, schema: avro('A', 'x') },
      ],
      b: [{ schema: avro('B') }],
    }),
    params: { file: file(), ids: 'not-preserved' },
    findings: [
      'warning baseline-version-renumbered: a v1 is version 5 now',
      'warning baseline-version-renumbered: a v2 is version 6 now',
    ],
  },
  { name: 'no file: cannot run', target: before, params: {}, error: 'invalid params: params: missing param "file"' },
  {
    name: 'a file that is no baseline: cannot run',
    target: before,
    params: { file: { path: 'before.json', document: { kind: 'something else' } } },
    error: 'before.json: not an sr-parity baseline (kind is not "sr-parity-baseline")',
  },
]);

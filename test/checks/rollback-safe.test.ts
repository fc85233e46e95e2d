import { rollbackSafe } from '../../src/checks/kinds/rollback-safe.js';
import { checkTable, registry } from './table.js';

const before = registry({ a: [{ id: 1 }], b: [{ id: 2 }] });

checkTable(rollbackSafe, [
  { name: 'nothing new on the target: nothing', source: before, target: before, findings: [] },
  {
    name: 'a version registered on the target only, under an id above the source',
    source: before,
    target: registry({ a: [{ id: 1 }, { id: 3 }], b: [{ id: 2 }] }),
    findings: [
      'error rollback-version-lost: a v2 (id 3) was registered on the target only: a ' + 'fallback loses it',
      'error rollback-id-unknown: id 3 (a v2) exists only on the target: records written with ' +
        'it cannot be read after a fallback',
      "error rollback-id-reissued: context .: the target's highest id is 3, the source's 2: " +
        'after a fallback the source would issue ids 3..3 again, to other schemas',
    ],
  },
  {
    name: 'a subject registered on the target only',
    source: before,
    target: registry({ a: [{ id: 1 }], b: [{ id: 2 }], c: [{ id: 5 }] }),
    findings: [
      'error rollback-version-lost: c v1 (id 5) was registered on the target only: a ' + 'fallback loses it',
      'error rollback-id-unknown: id 5 (c v1) exists only on the target: records written with ' +
        'it cannot be read after a fallback',
      "error rollback-id-reissued: context .: the target's highest id is 5, the source's 2: " +
        'after a fallback the source would issue ids 3..5 again, to other schemas',
    ],
  },
  {
    name: 'a soft-deleted subject only the target holds counts too',
    source: registry({ a: [{ id: 1 }], b: [{ id: 2 }] }),
    target: registry({ a: [{ id: 1 }], b: [{ id: 2 }], old: { deleted: true, versions: [{ id: 9, deleted: true }] } }),
    findings: [
      'error rollback-version-lost: old v1 (id 9) was registered on the target only: ' + 'a fallback loses it',
      'error rollback-id-unknown: id 9 (old v1) exists only on the target: records written ' +
        'with it cannot be read after a fallback',
      "error rollback-id-reissued: context .: the target's highest id is 9, the source's 2: " +
        'after a fallback the source would issue ids 3..9 again, to other schemas',
    ],
  },
  {
    name: 'an unknown param: cannot run',
    source: before,
    target: before,
    params: { since: '1h' },
    error: 'invalid params: params: unknown param "since"',
  },
]);

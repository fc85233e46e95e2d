import { versionsEqual } from '../../src/checks/kinds/versions-equal.js';
import { avro, checkTable, registry } from './table.js';

const two = registry({ 'orders-value': [{}, {}] });

checkTable(versionsEqual, [
  { name: 'the same versions: nothing', source: two, target: two, findings: [] },
  {
    name: 'an active version missing on the target',
    source: two,
    target: registry({ 'orders-value': [{}] }),
    findings: ['error version-missing-on-target: version 2 of orders-value is missing on the target'],
  },
  {
    name: 'a soft-deleted version missing on the target',
    source: registry({ 'orders-value': [{}, { deleted: true }] }),
    target: registry({ 'orders-value': [{}] }),
    findings: ['error soft-deleted-version-lost: soft-deleted version 2 of orders-value is not on the target'],
  },
  {
    name: 'a version only the target holds',
    source: registry({ 'orders-value': [{}] }),
    target: two,
    findings: ['error version-extra-on-target: version 2 of orders-value exists only on the target'],
  },
  {
    name: 'soft-deleted on the target only',
    source: two,
    target: registry({ 'orders-value': [{}, { deleted: true }] }),
    findings: [
      'error version-deleted-state-differs: version 2 of orders-value is active on the source ' +
        'but soft-deleted on the target',
    ],
  },
  {
    name: 'ids not preserved: the same content under another number is a warning',
    source: registry({ 'orders-value': [{ schema: avro('A', 'x') }] }),
    target: registry({ 'orders-value': [{ version: 2, id: 7, schema: avro('A', 'x') }] }),
    ids: 'not-preserved',
    findings: ['warning version-number-differs: version 1 of orders-value is version 2 on the target'],
  },
  {
    name: 'an unknown param: cannot run',
    source: two,
    target: two,
    params: { versions: 2 },
    error: 'invalid params: params: unknown param "versions"',
  },
]);

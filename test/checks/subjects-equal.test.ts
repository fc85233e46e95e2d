import { subjectsEqual } from '../../src/checks/kinds/subjects-equal.js';
import { checkTable, registry } from './table.js';

const both = registry({ 'orders-value': [{}], 'users-value': [{}] });

checkTable(subjectsEqual, [
  { name: 'the same subjects: nothing', source: both, target: both, findings: [] },
  {
    name: 'an active subject missing on the target',
    source: both,
    target: registry({ 'orders-value': [{}] }),
    findings: ['error subject-missing-on-target: subject users-value is missing on the target'],
  },
  {
    name: 'a soft-deleted subject missing on the target',
    source: registry({ 'orders-value': [{}], 'old-value': { deleted: true, versions: [{ deleted: true }] } }),
    target: registry({ 'orders-value': [{}] }),
    findings: ['error soft-deleted-subject-lost: soft-deleted subject old-value (1 version) is not on the target'],
  },
  {
    name: 'a subject only the target holds: error, info on a shared target',
    source: registry({ 'orders-value': [{}] }),
    target: both,
    findings: ['error subject-extra-on-target: subject users-value exists only on the target'],
  },
  {
    name: 'a shared target (allowExtra): its own subject is info',
    source: registry({ 'orders-value': [{}] }),
    target: both,
    allowExtra: true,
    findings: ['info subject-extra-on-target: subject users-value exists only on the target'],
  },
  {
    name: 'soft-deleted on one side, active on the other',
    source: both,
    target: registry({ 'orders-value': [{}], 'users-value': { deleted: true, versions: [{ deleted: true }] } }),
    findings: [
      'error subject-deleted-state-differs: subject users-value is active on the source but soft-deleted on the target',
    ],
  },
  {
    name: 'deleted: ignore leaves soft-deleted subjects out',
    source: registry({ 'orders-value': [{}], 'old-value': { deleted: true, versions: [{ deleted: true }] } }),
    target: registry({ 'orders-value': [{}] }),
    deleted: 'ignore',
    findings: [],
  },
  {
    name: 'an unknown param: cannot run',
    source: both,
    target: both,
    params: { strict: 'raw' },
    error: 'invalid params: params: unknown param "strict"',
  },
]);

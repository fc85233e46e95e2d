import { contextsEqual } from '../../src/checks/kinds/contexts-equal.js';
import { checkTable, registry } from './table.js';

const eu = registry({ a: [{}], ':.eu:a': [{}] }, { contexts: ['.', '.eu'] });
const plain = registry({ a: [{}] });

checkTable(contextsEqual, [
  { name: 'the same contexts: nothing', source: eu, target: eu, findings: [] },
  {
    name: 'a context missing on the target',
    source: eu,
    target: plain,
    findings: ['error context-missing-on-target: context .eu has 1 subject(s) on the source but none on the target'],
  },
  {
    name: 'a context only the target holds',
    source: plain,
    target: eu,
    findings: ['error context-extra-on-target: context .eu has subjects only on the target'],
  },
  {
    name: 'a shared target: its own context is info',
    source: plain,
    target: eu,
    allowExtra: true,
    findings: ['info context-extra-on-target: context .eu has subjects only on the target'],
  },
  {
    name: 'an empty context on one side only holds nothing: no finding',
    source: plain,
    target: registry({ a: [{}] }, { contexts: ['.', '.old'] }),
    findings: [],
  },
  {
    name: 'an unknown param: cannot run',
    params: { context: '.eu' },
    error: 'invalid params: params: unknown param "context"',
  },
]);

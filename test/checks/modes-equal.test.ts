import { modesEqual } from '../../src/checks/kinds/modes-equal.js';
import { checkTable, registry } from './table.js';

const mode = (m: string | null, subjects = { a: [{}] }) =>
  registry(subjects, { global: { config: { compatibility: 'BACKWARD' }, mode: m } });

checkTable(modesEqual, [
  { name: 'both READWRITE: nothing', source: mode('READWRITE'), target: mode('READWRITE'), findings: [] },
  {
    name: 'a frozen source, a target taking writes: a difference, not an outage',
    source: mode('READONLY'),
    target: mode('READWRITE'),
    findings: ['warning mode-differs: global mode: READONLY on the source, READWRITE on the target'],
  },
  {
    name: 'a target left in IMPORT mode',
    source: mode('READWRITE'),
    target: mode('IMPORT'),
    findings: ['error target-left-in-import-mode: the target registry is in IMPORT mode'],
  },
  {
    name: 'a target refusing writes',
    source: mode('READWRITE'),
    target: mode('READONLY'),
    findings: [
      'error target-refuses-writes: the global mode is READONLY on the target but READWRITE on ' +
        'the source: producers that register schemas will be refused',
    ],
  },
  {
    name: 'a subject left in IMPORT mode',
    source: mode('READWRITE'),
    target: registry({ a: { versions: [{}], mode: 'IMPORT' } }),
    findings: ['error target-left-in-import-mode: a is in IMPORT mode on the target'],
  },
  {
    name: 'a registry without modes is READWRITE',
    source: mode(null),
    target: mode('READWRITE'),
    findings: [],
  },
  {
    name: 'an unknown param: cannot run',
    params: { mode: 'READWRITE' },
    error: 'invalid params: params: unknown param "mode"',
  },
]);

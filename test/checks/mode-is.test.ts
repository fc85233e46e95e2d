import { modeIs } from '../../src/checks/kinds/mode-is.js';
import { checkTable, registry } from './table.js';

const at = (mode: string, subjects = {}) => registry(subjects, { global: { config: null, mode } });

checkTable(modeIs, [
  { name: 'in the declared mode: nothing', target: at('READWRITE'), params: { mode: 'READWRITE' }, findings: [] },
  {
    name: 'the registry in another mode',
    target: at('IMPORT'),
    params: { mode: 'READWRITE' },
    findings: ['error mode-unexpected: target is in IMPORT mode, expected READWRITE'],
  },
  {
    name: 'a subject in another mode, checked unless level is global',
    target: at('READWRITE', { a: { versions: [{}], mode: 'READONLY' } }),
    params: { mode: 'READWRITE' },
    findings: ['error mode-unexpected: a on target is in READONLY mode, expected READWRITE'],
  },
  {
    name: 'level global: only the registry',
    target: at('READWRITE', { a: { versions: [{}], mode: 'READONLY' } }),
    params: { mode: 'READWRITE', level: 'global' },
    findings: [],
  },
  {
    name: 'no mode declared: cannot run',
    target: at('READWRITE'),
    params: {},
    error: 'invalid params: params: missing param "mode"',
  },
  {
    name: 'a mode no registry has: ' + 'cannot run',
    target: at('READWRITE'),
    params: { mode: 'FROZEN' },
    error:
      'invalid params: mode must be equal to one of the allowed values ("READWRITE", ' +
      '"READONLY", "READONLY_OVERRIDE", "IMPORT")',
  },
]);

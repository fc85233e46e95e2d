import { configIs } from '../../src/checks/kinds/config-is.js';
import { checkTable, registry } from './table.js';

const at = (config: Record<string, unknown>, subjects = {}) => registry(subjects, { global: { config, mode: null } });

checkTable(configIs, [
  {
    name: 'the declared config: nothing',
    target: at({ compatibility: 'BACKWARD' }),
    params: { compatibility: 'BACKWARD' },
    findings: [],
  },
  {
    name: 'another global compatibility',
    target: at({ compatibility: 'NONE' }),
    params: { compatibility: 'BACKWARD' },
    findings: ['error config-unexpected: target global config: compatibility is NONE, expected BACKWARD'],
  },
  {
    name: 'normalize unset counts as false',
    target: at({ compatibility: 'BACKWARD' }),
    params: { normalize: true },
    findings: ['error config-unexpected: target global config: normalize is none, expected true'],
  },
  {
    name: "a subject's own config",
    target: at({ compatibility: 'BACKWARD' }, { a: { versions: [{}], config: { compatibility: 'NONE' } } }),
    params: { compatibility: 'BACKWARD' },
    findings: ['error config-unexpected: a: compatibility is NONE, expected BACKWARD'],
  },
  {
    name: 'a compatibility level that does not exist: cannot run',
    target: at({ compatibility: 'BACKWARD' }),
    params: { compatibility: 'BACKWARDS' },
    error:
      'invalid params: compatibility must be equal to one of the allowed values ' +
      '("BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE", "NONE")',
  },
]);

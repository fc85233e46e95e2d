import { configEqual } from '../../src/checks/kinds/config-equal.js';
import { checkTable, registry } from './table.js';

const global = (compatibility: string) => ({ global: { config: { compatibility }, mode: 'READWRITE' } });

checkTable(configEqual, [
  {
    name: 'the same configs: nothing',
    source: registry({ a: [{}] }, global('FULL')),
    target: registry({ a: [{}] }, global('FULL')),
    findings: [],
  },
  {
    name: 'another global compatibility',
    source: registry({ a: [{}] }, global('BACKWARD')),
    target: registry({ a: [{}] }, global('FULL')),
    findings: [
      'error config-differs: global config: {"compatibility":"BACKWARD"} on the source, ' +
        '{"compatibility":"FULL"} on the target',
    ],
  },
  {
    name: "a subject's own config, inherited on the other side with the same effect",
    source: registry({ a: { versions: [{}], config: { compatibility: 'FULL' } } }, global('BACKWARD')),
    target: registry({ a: [{}] }, global('FULL')),
    findings: [
      'error config-differs: global config: {"compatibility":"BACKWARD"} on the source, ' +
        '{"compatibility":"FULL"} on the target',
      'warning config-inheritance-differs: a: {"compatibility":"FULL"} is set here on the ' +
        'source but inherited on the target',
    ],
  },
  {
    name: 'compatibilityLevel and compatibility are one setting',
    source: registry({ a: [{}] }, { global: { config: { compatibilityLevel: 'FULL' }, mode: 'READWRITE' } }),
    target: registry({ a: [{}] }, global('FULL')),
    findings: [],
  },
  {
    name: 'a context config',
    source: registry(
      { ':.eu:a': [{}] },
      { contexts: ['.', '.eu'], contextSettings: { '.eu': { config: { compatibility: 'NONE' }, mode: null } } },
    ),
    target: registry({ ':.eu:a': [{}] }, { contexts: ['.', '.eu'] }),
    findings: [
      'error config-differs: context .eu: config {"compatibility":"NONE"} on the source, ' +
        '{"compatibility":"BACKWARD"} (inherited) on the target',
    ],
  },
  {
    name: 'an unknown param: cannot run',
    params: { level: 'all' },
    error: 'invalid params: params: unknown param "level"',
  },
]);

import { exporterState } from '../../src/checks/kinds/exporter-state.js';
import { answers, checkTable } from './table.js';

const exporter = (status: Record<string, unknown>, info: Record<string, unknown> = {}) =>
  answers({
    '/exporters': ['dr'],
    '/exporters/dr': { name: 'dr', contextType: 'CUSTOM', context: 'dr', subjects: ['*'], ...info },
    '/exporters/dr/status': { name: 'dr', state: 'RUNNING', offset: 10, ts: Date.now(), trace: '', ...status },
  });

checkTable(exporterState, [
  {
    name: 'running as declared: nothing',
    io: exporter({}),
    params: { source: 'source', exporter: 'dr' },
    findings: [],
  },
  {
    name: 'no such exporter',
    io: exporter({}),
    params: { source: 'source', exporter: 'backup' },
    findings: ['error exporter-missing: exporter backup is not defined on source (it has dr)'],
  },
  {
    name: 'no exporter at all',
    io: answers({ '/exporters': [] }),
    params: { source: 'source' },
    findings: ['error exporter-missing: no exporter is defined on source'],
  },
  {
    name: 'failed, with its trace',
    io: exporter({ state: 'ERROR', trace: 'io.confluent...RestClientException: Unauthorized; error code: 401' }),
    params: { source: 'source', exporter: 'dr' },
    findings: [
      'error exporter-failed: exporter dr is ERROR: ' +
        'io.confluent...RestClientException: Unauthorized; error code: 401',
    ],
  },
  {
    name: 'paused',
    io: exporter({ state: 'PAUSED' }),
    params: { source: 'source', exporter: 'dr' },
    findings: ['error exporter-state-unexpected: exporter dr is PAUSED, expected RUNNING'],
  },
  {
    name: 'exporting to another context than declared',
    io: exporter({}, { context: 'backup' }),
    params: { source: 'source', exporter: 'dr', context: 'dr', exportedSubjects: ['orders-value'] },
    findings: [
      'error exporter-config-differs: exporter dr: context is "backup", expected "dr"',
      'error exporter-config-differs: exporter dr exports ["*"], expected ["orders-value"]',
    ],
  },
  {
    name: 'a status older than allowed',
    io: exporter({ ts: Date.parse('2026-01-01T00:00:00Z') }),
    params: { source: 'source', exporter: 'dr', maxStatusAgeSeconds: 60 },
    findings: [
      'warning exporter-status-stale: exporter dr last reported at ' + '2026-01-01T00:00:00.000Z, more than 60 s ago',
    ],
  },
  {
    name: 'a registry without exporters: cannot run',
    io: answers({}),
    params: { source: 'source', exporter: 'dr' },
    error: 'GET http://registry/exporters: HTTP 404',
  },
  {
    name: 'a state exporters do not have: ' + 'cannot run',
    io: exporter({}),
    params: { source: 'source', state: 'UP' },
    error: 'invalid params: state must be equal to one of the allowed values ("RUNNING", "PAUSED")',
  },
]);

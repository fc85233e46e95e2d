import { apicurioV3Core } from '../../src/checks/kinds/apicurio-v3-core.js';
import { answers, checkTable, registry } from './table.js';
import { apicurio, artifact, changed } from './apicurio.js';

const reg = apicurio();
const versions = reg.subjects.reduce((n, s) => n + s.versions.length, 0);
const types = [...new Set(reg.subjects.map((s) => s.apicurio!.artifactType))].map((name) => ({ name }));
const server = (over: Record<string, unknown> = {}) =>
  answers({
    '/system/info': { name: 'Apicurio Registry', version: '3.3.3' },
    '/search/artifacts?limit=1': { count: reg.subjects.length },
    '/search/groups?limit=1': { count: Object.keys(reg.apicurio!.groups).length },
    '/search/versions?limit=1': { count: versions },
    '/admin/rules': Object.keys(reg.global.config ?? {}).map((k) => k.toUpperCase()),
    '/admin/config/properties': [],
    '/admin/config/artifactTypes': types,
    ...over,
  });

checkTable(apicurioV3Core, [
  { name: 'a 3.x agreeing with itself: nothing', target: reg, live: true, io: server(), findings: [] },
  {
    name: 'a 2.x answering /system/info',
    target: reg,
    live: true,
    io: server({ '/system/info': { version: '2.6.13.Final' } }),
    findings: ['error apicurio-v3-not-3x: /system/info on target reports version 2.6.13.Final, not 3.x'],
  },
  {
    name: 'a search count off, a rule it does not list, a type it does not support',
    target: reg,
    live: true,
    io: server({
      '/search/versions?limit=1': { count: versions + 1 },
      '/admin/rules': ['VALIDITY', 'INTEGRITY'],
      '/admin/config/artifactTypes': types.filter((t) => t.name !== 'WSDL'),
    }),
    findings: [
      'error apicurio-v3-count-differs: /search/versions on target counts 15, the ' +
        'registry loaded through the API holds 14',
      'error apicurio-v3-rules-differ: /admin/rules on target lists ["VALIDITY","INTEGRITY"], loaded ["VALIDITY"]',
      'error apicurio-v3-artifact-type-unsupported: artifact type WSDL is in use but ' +
        '/admin/config/artifactTypes on target does not list it',
    ],
  },
  {
    name: 'an endpoint that fails',
    target: reg,
    live: true,
    io: server({ '/admin/config/properties': { status: 500, body: 'boom' } }),
    findings: ['error apicurio-v3-request-failed: GET /admin/config/properties on target: HTTP 500'],
  },
  {
    name: 'an artifact whose latest branch lacks a version',
    target: changed((s) => {
      artifact(s, 'com.acme/orders').apicurio!.branches!.latest = ['1'];
    }),
    live: true,
    io: server(),
    findings: [
      'error apicurio-v3-latest-branch: com.acme/orders: the latest branch lists ' +
        '["1"], the artifact has ["1","2","3"]',
    ],
  },
  {
    name: 'a snapshot, not a live 3.x: cannot run',
    target: reg,
    io: server(),
    error:
      'apicurio-v3-core needs "target" to be a live Apicurio 3.x loaded through ' +
      '/apis/registry/v3 (it is apicurio-export-v3: target.json)',
  },
  {
    name: 'a Confluent registry: ' + 'cannot run',
    target: registry({ a: [{}] }),
    live: true,
    io: server(),
    error:
      'apicurio-v3-core needs "target" to be a live Apicurio 3.x loaded through ' +
      '/apis/registry/v3 (it is rest: http://registry)',
  },
]);

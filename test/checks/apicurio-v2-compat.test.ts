import { apicurioV2Compat } from '../../src/checks/kinds/apicurio-v2-compat.js';
import { answers, checkTable } from './table.js';

const V2 = '/apis/registry/v2';
const art = `${V2}/groups/g/artifacts/a`;
// One artifact with one version on both servers; `over` changes what either answers (`source ...` / `target ...`).
const servers = (over: Record<string, unknown> = {}) =>
  answers({
    [`${V2}/admin/rules`]: [],
    [`${V2}/groups?limit=1000`]: { groups: [{ id: 'g' }], count: 1 },
    [`${V2}/search/artifacts?limit=1000&orderby=name`]: { artifacts: [{ groupId: 'g', id: 'a' }], count: 1 },
    [`${art}/meta`]: { groupId: 'g', id: 'a', type: 'AVRO', labels: ['pii'] },
    [art]: '"string"',
    [`${art}/rules`]: [],
    [`${art}/versions?limit=1000`]: { versions: [{ version: '1', globalId: 5, contentId: 5, state: 'ENABLED' }] },
    [`${art}/versions/1`]: '"string"',
    [`${art}/versions/1/meta`]: { version: '1', globalId: 5, contentId: 5 },
    [`${art}/versions/1/references`]: [],
    [`${V2}/ids/globalIds/5`]: '"string"',
    [`${V2}/ids/contentIds/5`]: '"string"',
    ...over,
  });
const both = { source: 'source', target: 'target' };

checkTable(apicurioV2Compat, [
  { name: 'the same answers: nothing', io: servers(), params: both, findings: [] },
  {
    name: 'another status',
    io: servers({ [`target ${art}/rules`]: { status: 404, body: { error_code: 404 } } }),
    params: both,
    findings: [
      'error apicurio-v2-status-differs: GET ' +
        '/apis/registry/v2/groups/g/artifacts/a/rules: HTTP 200 on source, 404 on target',
    ],
  },
  {
    name: 'an answer that lacks what the reference said',
    io: servers({ [`target ${art}/meta`]: { groupId: 'g', id: 'a', type: 'AVRO', labels: [] } }),
    params: both,
    findings: [
      'error apicurio-v2-answer-differs: GET ' +
        '/apis/registry/v2/groups/g/artifacts/a/meta: $.labels: 1 item(s) → 0 item(s)',
    ],
  },
  {
    name: 'other content by globalId',
    io: servers({ [`target ${V2}/ids/globalIds/5`]: '"int"' }),
    params: both,
    findings: [
      'error apicurio-v2-answer-differs: GET /apis/registry/v2/ids/globalIds/5: the ' +
        'content differs (8 bytes on source, 5 on target)',
    ],
  },
  {
    name: 'a server that does not answer',
    io: servers({ [`target ${V2}/admin/rules`]: new Error('connect ECONNREFUSED 127.0.0.1:18080') }),
    params: both,
    findings: [
      'error apicurio-v2-request-failed: GET /apis/registry/v2/admin/rules on target: ' +
        'connect ECONNREFUSED 127.0.0.1:18080',
    ],
  },
  {
    name: "a DISABLED version's content served where the reference answers 404",
    io: servers({
      [`${art}/versions?limit=1000`]: { versions: [{ version: '1', globalId: 5, contentId: 5, state: 'DISABLED' }] },
      [`source ${art}/versions/1`]: { status: 404, body: { error_code: 404 } },
      [`source ${V2}/ids/globalIds/5`]: { status: 404, body: { error_code: 404 } },
    }),
    params: both,
    findings: [
      'info apicurio-v2-disabled-served: GET ' +
        '/apis/registry/v2/groups/g/artifacts/a/versions/1: a DISABLED version, 404 on source but served by target',
      'info apicurio-v2-disabled-served: GET /apis/registry/v2/ids/globalIds/5: a DISABLED ' +
        'version, 404 on source but served by target',
    ],
  },
  {
    name: 'a path that is no path: cannot run',
    io: servers(),
    params: { ...both, requests: [{ path: 'x' }] },
    error: 'invalid params: requests.0.path must match pattern "^/"',
  },
]);

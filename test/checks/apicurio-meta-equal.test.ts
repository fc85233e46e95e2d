import { apicurioMetaEqual } from '../../src/checks/kinds/apicurio-meta-equal.js';
import { checkTable } from './table.js';
import { apicurio, scenario } from './apicurio.js';

checkTable(apicurioMetaEqual, [
  { name: 'the same attributes: nothing', source: apicurio(), target: apicurio(), findings: [] },
  {
    name: 'apicurio-version-renamed',
    source: apicurio(),
    target: scenario('version-renamed'),
    findings: [
      'error apicurio-version-renamed: com.acme/orders globalId 165: version "1" on ' + 'the source, "0" on the target',
      'error apicurio-version-renamed: com.acme/orders globalId 166: version "2" on the source, "1" on the target',
      'error apicurio-version-renamed: com.acme/orders globalId 167: version "3" on the source, "2" on the target',
      'error apicurio-branch-differs: com.acme/orders branch latest: ["1","2","3"] on the ' +
        'source, ["0","1","2"] on the target',
    ],
  },
  {
    name: 'apicurio-state-differs',
    source: apicurio(),
    target: scenario('state-differs'),
    findings: [
      'error apicurio-state-differs: com.acme/orders version 3 is ENABLED on the ' + 'source, DISABLED on the target',
    ],
  },
  {
    name: 'apicurio-version-metadata-differs',
    source: apicurio(),
    target: scenario('version-metadata-differs'),
    findings: ['error apicurio-version-metadata-differs: com.acme/orders version 2: labels owner: team-a → team-b'],
  },
  {
    name: 'apicurio-artifact-type-differs',
    source: apicurio(),
    target: scenario('artifact-type-differs'),
    findings: ['error apicurio-artifact-type-differs: connector is KCONNECT on the source, JSON on the target'],
  },
  {
    name: 'apicurio-artifact-metadata-differs',
    source: apicurio(),
    target: scenario('artifact-metadata-differs'),
    findings: ['error apicurio-artifact-metadata-differs: petstore: description none → the pet store'],
  },
  {
    name: 'apicurio-branch-extra',
    source: apicurio(),
    target: scenario('branch-extra'),
    findings: ['warning apicurio-branch-extra-on-target: petstore branch stable exists only on the target'],
  },
  {
    name: 'apicurio-groups-differ',
    source: apicurio(),
    target: scenario('groups-differ'),
    findings: [
      'error apicurio-group-missing-on-target: group com.acme does not exist on the target',
      'error apicurio-group-metadata-differs: group payments: description Payment schemas → Payments',
      'warning apicurio-group-extra-on-target: group billing exists only on the target',
    ],
  },
  {
    name: 'apicurio-group-rules-differ',
    source: apicurio(),
    target: scenario('group-rules-differ'),
    findings: ['error apicurio-group-rules-differ: group payments rules: VALIDITY only on the target'],
  },
  {
    name: 'an unknown param: cannot run',
    source: apicurio(),
    target: apicurio(),
    params: { labels: false },
    error: 'invalid params: params: unknown param "labels"',
  },
]);

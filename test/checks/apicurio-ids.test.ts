import { apicurioIds } from '../../src/checks/kinds/apicurio-ids.js';
import { checkTable } from './table.js';
import { apicurio, scenario } from './apicurio.js';

checkTable(apicurioIds, [
  { name: 'the same globalIds and contentIds: nothing', source: apicurio(), target: apicurio(), findings: [] },
  {
    name: 'a version under another globalId',
    source: apicurio(),
    target: scenario('global-id-differs'),
    findings: ['error apicurio-global-id-differs: petstore version 1: globalId 175 expected, the target has 9001'],
  },
  {
    name: 'a version under another contentId',
    source: apicurio(),
    target: scenario('content-id-differs'),
    findings: [
      'error apicurio-content-id-differs: petstore version 1: contentId 175 on the ' + 'source, 9001 on the target',
    ],
  },
  {
    name: 'versions sharing a contentId split on the target',
    source: scenario('content-id-split', 'source'),
    target: scenario('content-id-split'),
    findings: [
      'error apicurio-content-id-differs: connector version 1: contentId 177 on the ' + 'source, 500 on the target',
      'error apicurio-content-id-differs: events-api version 1: contentId 177 on the source, 501 on the target',
      'error apicurio-content-id-split: events-api version 1: source contentId 177 is target ' +
        'contentId 500 for connector version 1 but 501 here',
    ],
  },
  {
    name: 'ids not preserved: renumbered ids are no finding',
    source: apicurio(),
    target: scenario('global-id-differs'),
    ids: 'not-preserved',
    findings: [],
  },
  {
    name: 'an unknown param: cannot run',
    source: apicurio(),
    target: apicurio(),
    params: { ids: 'global' },
    error: 'invalid params: params: unknown param "ids"',
  },
]);

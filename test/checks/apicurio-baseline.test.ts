import { apicurioBaseline } from '../../src/checks/kinds/apicurio-baseline.js';
import { toBaseline } from '../../src/normalize/baseline.js';
import { fromSnapshot, type SnapshotFile } from '../../src/sources/files/native.js';
import { checkTable, registry } from './table.js';
import { apicurio, artifact, changed, scenario } from './apicurio.js';

const file = (s: SnapshotFile = apicurio()) => ({
  path: 'before.json',
  document: JSON.parse(JSON.stringify(toBaseline(fromSnapshot(s, 'before.json'), 'test'))),
});

checkTable(apicurioBaseline, [
  { name: 'as the baseline recorded: nothing', target: apicurio(), params: { file: file() }, findings: [] },
  {
    name: 'an artifact removed: the counts and the artifact',
    target: changed((s) => {
      s.subjects = s.subjects.filter((a) => a.name !== 'billing');
    }),
    params: { file: file() },
    findings: [
      'error apicurio-baseline-count-differs: artifacts: 10 in the baseline, 9 on target',
      'error apicurio-baseline-count-differs: versions: 14 in the baseline, 13 on target',
      'error apicurio-baseline-artifact-missing: billing (1 version in the baseline) is not on target',
    ],
  },
  {
    name: 'an artifact gone, another new',
    target: changed((s) => {
      artifact(s, 'billing').name = 'invoicing';
    }),
    params: { file: file() },
    findings: [
      'error apicurio-baseline-artifact-missing: billing (1 version in the baseline) ' + 'is not on target',
      'warning apicurio-baseline-artifact-extra: invoicing is new since the baseline',
    ],
  },
  {
    name: 'a version gone, another new, a content changed',
    target: changed((s) => {
      const orders = artifact(s, 'com.acme/orders');
      orders.versions.pop();
      const first = orders.versions[0]!;
      orders.versions.push({ ...first, version: 9, id: 9001, apicurio: { ...first.apicurio!, version: '9' } });
      const pet = artifact(s, 'petstore').versions[0]!;
      pet.schema = pet.schema.replace('Pet', 'Animal');
    }),
    params: { file: file() },
    findings: [
      'error apicurio-baseline-version-missing: com.acme/orders version 3 (globalId ' + '167) is not on target',
      'warning apicurio-baseline-version-extra: com.acme/orders version 9 (globalId 9001) is new since the baseline',
      'error apicurio-baseline-content-differs: petstore version 1: content differs from the baseline',
    ],
  },
  {
    name: 'versions renumbered from 0',
    target: scenario('version-renamed'),
    params: { file: file() },
    findings: [
      'error apicurio-baseline-version-renumbered: com.acme/orders globalId 165: version "1" ' +
        'in the baseline, "0" on target',
      'error apicurio-baseline-version-renumbered: com.acme/orders globalId 166: version "2" ' +
        'in the baseline, "1" on target',
      'error apicurio-baseline-version-renumbered: com.acme/orders globalId 167: version "3" ' +
        'in the baseline, "2" on target',
    ],
  },
  {
    name: 'another contentId',
    target: scenario('content-id-differs'),
    params: { file: file() },
    findings: [
      'error apicurio-baseline-id-differs: petstore version 1: globalId/contentId 175/175 in ' +
        'the baseline, 175/9001 on target',
    ],
  },
  {
    name: 'another contentId, ids not preserved: no finding',
    target: scenario('content-id-differs'),
    params: { file: file(), ids: 'not-preserved' },
    findings: [],
  },
  {
    name: 'a version disabled',
    target: scenario('state-differs'),
    params: { file: file() },
    findings: ['error apicurio-baseline-state-differs: com.acme/orders version 3 was ENABLED, is DISABLED on target'],
  },
  {
    name: 'an artifact rule changed',
    target: scenario('rule-differs'),
    params: { file: file() },
    findings: [
      'error apicurio-baseline-rule-differs: com.acme/orders rules: COMPATIBILITY BACKWARD in ' +
        'the baseline, FULL on target',
    ],
  },
  {
    name: 'a Confluent registry: cannot run',
    target: registry({ a: [{}] }),
    params: { file: file() },
    error:
      'apicurio-baseline needs "target" to be Apicurio\'s native API or an export ZIP (it ' +
      'is snapshot: target.json)',
  },
  {
    name: 'no file: cannot run',
    target: apicurio(),
    params: {},
    error: 'invalid params: ' + 'params: missing param "file"',
  },
]);

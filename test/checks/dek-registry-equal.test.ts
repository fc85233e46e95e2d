import { dekRegistryEqual } from '../../src/checks/kinds/dek-registry-equal.js';
import type { DekRegistry } from '../../src/model/types.js';
import { checkTable, registry } from './table.js';

const kek = { name: 'k', kmsType: 'aws-kms', kmsKeyId: 'arn:k', kmsPropsDigest: null, doc: null, shared: false };
const dek = {
  kek: 'k',
  subject: 'orders-value',
  version: 1,
  algorithm: 'AES256_GCM',
  material: 'QUFB',
  deleted: false,
};
const dekRegistry = (change: (d: DekRegistry) => void = () => undefined) => {
  const d: DekRegistry = { keks: [{ ...kek, deleted: false }], deks: [{ ...dek }] };
  change(d);
  return registry({ 'orders-value': [{}] }, { dekRegistry: d });
};

checkTable(dekRegistryEqual, [
  { name: 'the same KEKs and DEKs: nothing', source: dekRegistry(), target: dekRegistry(), findings: [] },
  {
    name: 'a source without a DEK registry: nothing to compare',
    source: registry({ 'orders-value': [{}] }),
    target: dekRegistry(),
    findings: [],
  },
  {
    name: 'a target that serves none',
    source: dekRegistry(),
    target: registry({ 'orders-value': [{}] }),
    findings: [
      'error dek-registry-not-served-by-target: the source holds 1 KEK(s) and 1 ' +
        'DEK(s); the target serves no DEK registry (/dek-registry/v1)',
    ],
  },
  {
    name: 'a KEK missing',
    source: dekRegistry(),
    target: dekRegistry((d) => d.keks.pop()),
    findings: ['error kek-missing-on-target: KEK k is not on the target'],
  },
  {
    name: 'a KEK with another key and KMS properties (never shown)',
    source: dekRegistry(),
    target: dekRegistry((d) => Object.assign(d.keks[0]!, { kmsKeyId: 'arn:other', kmsPropsDigest: 'f00d' })),
    findings: ['error kek-differs: KEK k: KMS key id, KMS properties differ'],
  },
  {
    name: 'a KEK only the target holds, info on a shared target',
    source: dekRegistry(),
    target: dekRegistry((d) => d.keks.push({ ...d.keks[0]!, name: 'other' })),
    allowExtra: true,
    findings: ['info kek-extra-on-target: KEK other exists only on the target'],
  },
  {
    name: 'a DEK missing',
    source: dekRegistry(),
    target: dekRegistry((d) => d.deks.pop()),
    findings: ['error dek-missing-on-target: DEK of orders-value v1 (KEK k) is not on the target'],
  },
  {
    name: 'a DEK whose wrapped material differs',
    source: dekRegistry(),
    target: dekRegistry((d) => (d.deks[0]!.material = 'QkJC')),
    findings: [
      'error dek-material-differs: DEK of orders-value v1 (KEK k): its wrapped key ' +
        "material differs: records encrypted with the source's cannot be decrypted",
    ],
  },
  {
    name: 'a DEK with another algorithm',
    source: dekRegistry(),
    target: dekRegistry((d) => (d.deks[0]!.algorithm = 'AES128_GCM')),
    findings: ['error dek-differs: DEK of orders-value v1 (KEK k): algorithm AES256_GCM -> AES128_GCM'],
  },
  {
    name: 'a DEK only the target holds',
    source: dekRegistry(),
    target: dekRegistry((d) => d.deks.push({ ...dek, version: 2 })),
    findings: ['error dek-extra-on-target: DEK of orders-value v2 (KEK k) exists only on the target'],
  },
  {
    name: 'an unknown param: cannot run',
    params: { keks: true },
    error: 'invalid params: ' + 'params: unknown param "keks"',
  },
]);

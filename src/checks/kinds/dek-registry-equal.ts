// Client-side field encryption: a schema's rule names a KEK, whose DEKs wrap the key each field is encrypted with.
// Copy the schemas but not the KEKs and DEKs, and no consumer decrypts a field on the target. Compared where the
// source serves a DEK registry; a source without one (404, a file without it) has nothing to compare.
import { defineFindings, extraFinding, finding } from '../../engine/finding.js';
import { definePairCheck } from '../../engine/types.js';
import type { Finding } from '../../engine/types.js';
import { dekKey, kekDifferences, type Dek } from '../../model/types.js';

const F = defineFindings({
  'dek-registry-not-served-by-target': {
    severity: 'error',
    description: 'The source holds KEKs and the target serves no DEK registry: no encrypted field can be decrypted.',
    hint:
      'Move to a target that serves /dek-registry/v1 (Confluent, AxonOps), or keep encrypted topics on the ' +
      'source: no consumer can decrypt there.',
  },
  'kek-missing-on-target': {
    severity: 'error',
    description: 'A KEK of the source does not exist on the target.',
    hint:
      'Copy the KEK to the target (apply copies KEKs and DEKs, KMS properties read from the source just ' +
      'before writing).',
  },
  'kek-extra-on-target': {
    severity: 'error',
    description: 'The target has a KEK the source does not (info with --allow-extra / allowExtra).',
    hint: 'Remove it if the copy created it by mistake, or pass --allow-extra where the target is shared.',
  },
  'kek-differs': {
    severity: 'error',
    description:
      'A KEK names another KMS type, key id or KMS properties (compared by digest, never shown), or differs in ' +
      'shared or soft-deleted state.',
    hint:
      "Make the target's KEK name the same KMS key (type, key id, properties), shared flag and state: DEKs " +
      "wrapped by the source's key are unwrapped with it.",
  },
  'dek-missing-on-target': {
    severity: 'error',
    description: 'A DEK (KEK, subject, version) of the source does not exist on the target.',
    hint:
      'Copy the DEK with its wrapped material as it is (apply does): a new DEK on the target cannot decrypt ' +
      "what the source's encrypted.",
  },
  'dek-extra-on-target': {
    severity: 'error',
    description: 'The target has a DEK the source does not (info with --allow-extra / allowExtra).',
    hint: 'Remove it if the copy created it by mistake, or pass --allow-extra where the target is shared.',
  },
  'dek-material-differs': {
    severity: 'error',
    description: "A DEK's wrapped key material differs: what the source encrypted, the target's key cannot decrypt.",
    hint:
      "Replace the target's DEK with the source's wrapped material (delete it on the target, then copy): the " +
      "target's key cannot decrypt existing records.",
  },
  'dek-differs': {
    severity: 'error',
    description: "A DEK's algorithm or soft-deleted state differs.",
    hint: "Copy the DEK again with the source's algorithm and soft-deleted state.",
  },
});

const dekWhere = (d: Dek) => ({ subject: d.subject, version: d.version, place: `kek ${d.kek}` });

export const dekRegistryEqual = definePairCheck({
  scope: 'pair',
  kind: 'dek-registry-equal',
  description:
    'The DEK registry (client-side field encryption) holds the same KEKs and DEKs on both sides, each DEK with the ' +
    'same wrapped key material; nothing to compare where the source serves none.',
  findings: Object.values(F),
  run({ source, target, options }) {
    const from = source.dekRegistry;
    if (!from) return { cases: [], findings: [] };
    const findings: Finding[] = [];
    const to = target.dekRegistry;
    if (!to) {
      if (from.keks.length)
        findings.push(
          finding(
            F['dek-registry-not-served-by-target'],
            { place: 'dek-registry' },
            `the source holds ${from.keks.length} KEK(s) and ${from.deks.length} DEK(s); the target serves no DEK ` +
              'registry (/dek-registry/v1)',
          ),
        );
      return { cases: ['dek-registry'], findings };
    }
    const keks = new Map(to.keks.map((k) => [k.name, k]));
    for (const k of from.keks) {
      const t = keks.get(k.name);
      const differs = t ? kekDifferences(k, t) : [];
      if (!t)
        findings.push(
          finding(F['kek-missing-on-target'], { place: `kek ${k.name}` }, `KEK ${k.name} is not on the target`),
        );
      else if (differs.length)
        findings.push(
          finding(
            F['kek-differs'],
            { place: `kek ${k.name}` },
            `KEK ${k.name}: ${differs.join(', ')} differ${differs.length === 1 ? 's' : ''}`,
          ),
        );
    }
    const sourceKeks = new Set(from.keks.map((k) => k.name));
    for (const t of to.keks)
      if (!sourceKeks.has(t.name))
        findings.push(
          extraFinding(
            F['kek-extra-on-target'],
            { place: `kek ${t.name}` },
            `KEK ${t.name} exists only on the target`,
            options.allowExtra,
          ),
        );
    const deks = new Map(to.deks.map((d) => [dekKey(d), d]));
    for (const d of from.deks) {
      const t = deks.get(dekKey(d));
      const what = `DEK of ${d.subject} v${d.version} (KEK ${d.kek})`;
      if (!t) findings.push(finding(F['dek-missing-on-target'], dekWhere(d), `${what} is not on the target`));
      else if (d.material !== t.material)
        findings.push(
          finding(
            F['dek-material-differs'],
            dekWhere(d),
            `${what}: its wrapped key material differs: records encrypted with the source's cannot be decrypted`,
          ),
        );
      else if (d.algorithm !== t.algorithm || d.deleted !== t.deleted) {
        const diff = d.algorithm !== t.algorithm ? `algorithm ${d.algorithm} -> ${t.algorithm}` : 'soft-deleted state';
        findings.push(
          finding(F['dek-differs'], { ...dekWhere(d), source: d.algorithm, target: t.algorithm }, `${what}: ${diff}`),
        );
      }
    }
    const sourceDeks = new Set(from.deks.map(dekKey));
    for (const t of to.deks)
      if (!sourceDeks.has(dekKey(t)))
        findings.push(
          extraFinding(
            F['dek-extra-on-target'],
            dekWhere(t),
            `DEK of ${t.subject} v${t.version} (KEK ${t.kek}) exists only on the target`,
            options.allowExtra,
          ),
        );
    // the places reports list: each KEK, and each subject a DEK belongs to (on either side)
    const all = [...from.keks, ...to.keks].map((k) => `kek ${k.name}`);
    const cases = [...new Set([...all, ...[...from.deks, ...to.deks].map((d) => d.subject)])].sort();
    return { cases, findings };
  },
});

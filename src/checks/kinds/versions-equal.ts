import { defineFindings, extraFinding, finding } from '../../engine/finding.js';
import { definePairCheck } from '../../engine/types.js';
import type { Finding } from '../../engine/types.js';

const F = defineFindings({
  'version-missing-on-target': {
    severity: 'error',
    description: 'An active source version has no counterpart on the target.',
    hint:
      'Copy the missing versions (apply registers them in order, with their ids in IMPORT mode); a migration ' +
      'still running may not have reached them yet.',
  },
  'soft-deleted-version-lost': {
    severity: 'error',
    description: 'A soft-deleted source version is not on the target: `?deleted=true` readers see a different history.',
    hint:
      'Copy soft-deleted versions too (apply includes them unless --no-include-deleted), or pass --deleted ' +
      'ignore if ?deleted=true readers do not matter to you.',
  },
  'version-extra-on-target': {
    severity: 'error',
    description: 'The target has a version the source does not (info with --allow-extra / allowExtra).',
    hint:
      'Find who registered it on the target (a producer after cutover, a test); remove it if it is a mistake, ' +
      'or pass --allow-extra where the target is shared.',
  },
  'version-deleted-state-differs': {
    severity: 'error',
    description: 'A version is soft-deleted on one side and active on the other.',
    hint:
      'Soft-delete the version on the side that should not serve it (DELETE ' +
      '/subjects/{subject}/versions/{version}), or re-copy it.',
  },
  'version-number-differs': {
    severity: 'warning',
    description: 'With ids not preserved, the matching target version has another number.',
    hint:
      'Expected when ids were not preserved and numbering differs; clients that pin version numbers need the ' +
      "target's numbers. Keep ids (IMPORT mode) to keep numbers.",
  },
});

export const versionsEqual = definePairCheck({
  scope: 'pair',
  kind: 'versions-equal',
  description: 'Every version of every subject (soft-deleted included) exists on the target in the same state.',
  findings: Object.values(F),
  run({ pairs, options }) {
    const findings: Finding[] = [];
    const cases: string[] = [];
    for (const sp of pairs.subjects) {
      if (!sp.target) continue; // subjects-equal reports the whole subject
      cases.push(sp.source.name);
      for (const { source: s, target: t } of sp.versions) {
        const where = { subject: s.subject, version: s.version, schemaId: s.id };
        if (!t) {
          findings.push(
            s.deleted
              ? finding(
                  F['soft-deleted-version-lost'],
                  where,
                  `soft-deleted version ${s.version} of ${s.subject} is not on the target`,
                )
              : finding(
                  F['version-missing-on-target'],
                  where,
                  `version ${s.version} of ${s.subject} is missing on the target`,
                ),
          );
          continue;
        }
        if (s.deleted !== t.deleted) {
          findings.push(
            finding(
              F['version-deleted-state-differs'],
              { ...where, source: s.deleted, target: t.deleted },
              `version ${s.version} of ${s.subject} is ${s.deleted ? 'soft-deleted' : 'active'} on the source but ` +
                `${t.deleted ? 'soft-deleted' : 'active'} on the target`,
            ),
          );
        }
        if (!options.idsPreserved && s.version !== t.version) {
          findings.push(
            finding(
              F['version-number-differs'],
              { ...where, source: s.version, target: t.version },
              `version ${s.version} of ${s.subject} is version ${t.version} on the target`,
            ),
          );
        }
      }
      for (const t of sp.extraTarget) {
        const message = `version ${t.version} of ${t.subject} exists only on the target`;
        const where = { subject: t.subject, version: t.version, schemaId: t.id };
        findings.push(extraFinding(F['version-extra-on-target'], where, message, options.allowExtra));
      }
    }
    return { cases, findings };
  },
});

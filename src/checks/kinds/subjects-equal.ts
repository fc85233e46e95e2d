import { defineFindings, extraFinding, finding } from '../../engine/finding.js';
import { definePairCheck } from '../../engine/types.js';
import type { Finding } from '../../engine/types.js';

const F = defineFindings({
  'subject-missing-on-target': {
    severity: 'error',
    description: 'An active source subject does not exist on the target.',
    hint:
      'Copy the subject with its whole history (apply copies what is missing), or leave it out of the ' +
      "comparison on purpose (--exclude, a spec's subjects filter).",
  },
  'soft-deleted-subject-lost': {
    severity: 'error',
    description: 'A soft-deleted source subject is not on the target, so `?deleted=true` readers lose its history.',
    hint:
      'Copy the subject with its soft-deleted versions (apply includes them by default), or pass --deleted ' +
      'ignore if ?deleted=true readers do not matter to you.',
  },
  'subject-extra-on-target': {
    severity: 'error',
    description: 'The target has a subject the source does not (info with --allow-extra / allowExtra).',
    hint:
      'Remove the subject from the target if the copy put it there by mistake; if the target is shared on ' +
      'purpose, pass --allow-extra (a spec: allowExtra).',
  },
  'subject-deleted-state-differs': {
    severity: 'error',
    description: 'A subject is soft-deleted on one side and active on the other.',
    hint:
      'Soft-delete (DELETE /subjects/{subject}) or re-register on the target so it matches the source; a ' +
      're-run of apply settles soft-deleted state.',
  },
});

export const subjectsEqual = definePairCheck({
  scope: 'pair',
  kind: 'subjects-equal',
  description:
    'Every source subject exists on the target, with the same soft-deleted state, and the target has no others.',
  findings: Object.values(F),
  run({ pairs, options }) {
    const findings: Finding[] = [];
    const cases: string[] = [];
    for (const { source: s, target: t } of pairs.subjects) {
      cases.push(s.name);
      const where = { subject: s.name };
      if (!t) {
        findings.push(
          s.deleted
            ? finding(
                F['soft-deleted-subject-lost'],
                where,
                `soft-deleted subject ${s.name} (${s.versions.length} version${s.versions.length === 1 ? '' : 's'}) ` +
                  `is not on the target`,
              )
            : finding(F['subject-missing-on-target'], where, `subject ${s.name} is missing on the target`),
        );
      } else if (s.deleted !== t.deleted) {
        findings.push(
          finding(
            F['subject-deleted-state-differs'],
            { ...where, source: state(s.deleted), target: state(t.deleted) },
            `subject ${s.name} is ${state(s.deleted)} on the source but ${state(t.deleted)} on the target`,
          ),
        );
      }
    }
    for (const t of pairs.extraSubjects) {
      cases.push(t.name);
      const message = `subject ${t.name} exists only on the target`;
      findings.push(extraFinding(F['subject-extra-on-target'], { subject: t.name }, message, options.allowExtra));
    }
    return { cases, findings };
  },
});

const state = (deleted: boolean) => (deleted ? 'soft-deleted' : 'active');

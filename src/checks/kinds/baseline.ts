import { defineFindings, finding } from '../../engine/finding.js';
import type { Finding } from '../../engine/types.js';
import { defineSingleCheck } from '../../engine/types.js';
import { summarize, type RegistrySummary, type SchemaVersion } from '../../model/types.js';
import type { BaselineVersion } from '../../model/baseline.js';
import { isEmptyFilter } from '../../model/filter.js';
import {
  baselineParams,
  openBaseline,
  walkBaseline,
  type BaselineParams,
  type VersionJudge,
} from '../shared/baseline.js';

const F = defineFindings({
  'baseline-count-differs': {
    severity: 'error',
    description: 'A count (subjects, versions, soft-deleted ones, schema ids, contexts) differs from the baseline.',
    hint:
      'Fix the first difference this count follows from (a missing subject or version), or capture a new ' +
      'baseline if the change is intended.',
  },
  'baseline-subject-missing': {
    severity: 'error',
    description: 'A subject of the baseline is gone.',
    hint:
      'Restore the subject (copy it again, or undelete by re-registering its versions), or capture a new ' +
      'baseline if it was removed on purpose.',
  },
  'baseline-subject-extra': {
    severity: 'warning',
    description: 'A subject exists that the baseline did not have.',
    hint: 'Nothing to do if someone registered it on purpose; capture a new baseline to accept it.',
  },
  'baseline-version-missing': {
    severity: 'error',
    description: 'A version of the baseline is gone.',
    hint: 'Restore the version from the source or a backup, or capture a new baseline if it was removed on purpose.',
  },
  'baseline-version-extra': {
    severity: 'warning',
    description: 'A version exists that the baseline did not have.',
    hint: 'Nothing to do if it was registered on purpose; capture a new baseline to accept it.',
  },
  'baseline-version-changed': {
    severity: 'error',
    description: "A version's content (or what its references resolve to) differs from the baseline.",
    hint:
      "Re-copy the version's text as the baseline holds it: a changed schema under the same version breaks " +
      'consumers that cached it.',
  },
  'baseline-version-id-changed': {
    severity: 'error',
    description: 'A version has another id than in the baseline (unless `ids: not-preserved`).',
    hint:
      'Restore the id (copy in IMPORT mode with ids), or declare ids: not-preserved with an id map if the ' +
      'renumbering is intended.',
  },
  'baseline-version-renumbered': {
    severity: 'warning',
    description:
      'With `ids: not-preserved`, a version holds the same content under another number (e.g. numbering that starts ' +
      'at 0).',
    hint:
      'Expected with ids: not-preserved if numbering differs; clients that pin version numbers need the new ' +
      'numbers.',
  },
  'baseline-version-state-changed': {
    severity: 'error',
    description: 'A version is soft-deleted now and was not, or the reverse.',
    hint:
      'Soft-delete or restore the version to match the baseline, or capture a new baseline if the change is ' +
      'intended.',
  },
});

export const baseline = defineSingleCheck<BaselineParams>({
  scope: 'single',
  kind: 'baseline',
  description:
    'The registry named by `on` still holds what `file` (from `sr-parity baseline capture`) recorded: the same ' +
    'counts, subjects, versions, ids and content hashes, every version compared.',
  findings: Object.values(F),
  ...baselineParams('ids'),
  example: '- kind: baseline\n  on: target\n  file: baselines/before-cutover.json',
  run({ registry, refs: current, name, filter }, params) {
    const { base, closure } = openBaseline(params.file, registry, current);
    const findings: Finding[] = [];
    const cases: string[] = [];
    const now = summarize(registry);
    if (isEmptyFilter(filter)) {
      // counts of a filtered registry cannot match the whole baseline's
      for (const m of Object.keys(base.summary) as (keyof RegistrySummary)[]) {
        cases.push(m);
        if (base.summary[m] !== now[m])
          findings.push(
            finding(
              F['baseline-count-differs'],
              { place: m, source: base.summary[m], target: now[m] },
              `${m}: ${base.summary[m]} in the baseline, ${now[m]} on ${name}`,
            ),
          );
      }
    }
    const idsKept = params.ids !== 'not-preserved';
    cases.push(
      ...walkBaseline(base, registry, filter, {
        // Ids kept: versions match by number. Not kept: by content in order, as compare does.
        same: idsKept ? (bv, v) => v.version === bv.version : (bv, v) => closure(v) === bv.hash,
        fallback: idsKept ? () => false : (bv, v) => v.version === bv.version,
        subjectMissing: (subject, b) =>
          findings.push(
            finding(
              F['baseline-subject-missing'],
              { subject },
              `${subject} (${b.versions.length} version${b.versions.length === 1 ? '' : 's'} in the baseline) ` +
                `is not on ${name}`,
            ),
          ),
        version: (subject, bv, v) => findings.push(...versionFindings(subject, bv, v, { name, idsKept, closure })),
        versionExtra: (subject, v) =>
          findings.push(
            finding(
              F['baseline-version-extra'],
              { subject, version: v.version, schemaId: v.id },
              `${subject} v${v.version} is new since the baseline`,
            ),
          ),
        subjectExtra: (subject) =>
          findings.push(finding(F['baseline-subject-extra'], { subject }, `${subject} is new since the baseline`)),
      }),
    );
    return { cases, findings };
  },
});

function versionFindings(
  subject: string,
  bv: BaselineVersion,
  v: SchemaVersion | undefined,
  { name, idsKept, closure }: VersionJudge,
): Finding[] {
  const where = { subject, version: bv.version, schemaId: bv.id };
  if (!v)
    return [finding(F['baseline-version-missing'], where, `${subject} v${bv.version} (id ${bv.id}) is not on ${name}`)];
  const found: Finding[] = [];
  const hash = closure(v);
  if (hash !== bv.hash)
    found.push(
      finding(
        F['baseline-version-changed'],
        { ...where, source: bv.hash, target: hash },
        `${subject} v${bv.version}: content differs from the baseline`,
      ),
    );
  if (idsKept && v.id !== bv.id)
    found.push(
      finding(
        F['baseline-version-id-changed'],
        { ...where, source: bv.id, target: v.id },
        `${subject} v${bv.version}: id ${bv.id} in the baseline, ${v.id} now`,
      ),
    );
  if (!idsKept && v.version !== bv.version)
    found.push(
      finding(
        F['baseline-version-renumbered'],
        { ...where, source: bv.version, target: v.version },
        `${subject} v${bv.version} is version ${v.version} now`,
      ),
    );
  if (v.deleted !== bv.deleted)
    found.push(
      finding(
        F['baseline-version-state-changed'],
        { ...where, source: bv.deleted, target: v.deleted },
        `${subject} v${bv.version} was ${bv.deleted ? 'soft-deleted' : 'active'}, is ` +
          `${v.deleted ? 'soft-deleted' : 'active'} now`,
      ),
    );
  return found;
}

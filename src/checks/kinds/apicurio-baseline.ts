// Apicurio's migration procedure captures baseline metrics on 2.6 before the export and checks them on 3.x after the
// import. This is that check, for every artifact and version rather than counts and a sample of five: a baseline
// from `sr-parity baseline capture` of the 2.6 registry (native API or export ZIP) against the 3.x registry `on`.
import { defineFindings, finding, show } from '../../engine/finding.js';
import type { Finding } from '../../engine/types.js';
import { defineSingleCheck } from '../../engine/types.js';
import type { BaselineVersion } from '../../model/baseline.js';
import { isEmptyFilter } from '../../model/filter.js';
import {
  baselineParams,
  openBaseline,
  walkBaseline,
  type BaselineParams,
  type VersionJudge,
} from '../shared/baseline.js';
import type { Config, SchemaVersion } from '../../model/types.js';

const F = defineFindings({
  'apicurio-baseline-count-differs': {
    severity: 'error',
    description: 'A count (artifacts, versions, groups, global rules, artifact rules) differs from the baseline.',
    hint: 'Fix the first difference this count follows from, or capture a new baseline if the change is intended.',
  },
  'apicurio-baseline-rule-differs': {
    severity: 'error',
    description: 'A global or artifact rule is missing, extra or configured differently.',
    hint:
      'Set the rule as the baseline has it (/admin/rules, /groups/{g}/artifacts/{a}/rules), or capture a new ' +
      'baseline.',
  },
  'apicurio-baseline-artifact-missing': {
    severity: 'error',
    description: 'An artifact of the baseline is gone.',
    hint: 'Re-import the artifact (export/import), or capture a new baseline if it was removed on purpose.',
  },
  'apicurio-baseline-artifact-extra': {
    severity: 'warning',
    description: 'An artifact exists that the baseline did not have.',
    hint: 'Nothing to do if it was created on purpose; capture a new baseline to accept it.',
  },
  'apicurio-baseline-version-missing': {
    severity: 'error',
    description: 'A version of the baseline is gone (no version with its globalId or version string).',
    hint: 'Re-import the version, or capture a new baseline if it was removed on purpose.',
  },
  'apicurio-baseline-version-extra': {
    severity: 'warning',
    description: 'A version exists that the baseline did not have.',
    hint: 'Nothing to do if it was created on purpose; capture a new baseline to accept it.',
  },
  'apicurio-baseline-content-differs': {
    severity: 'error',
    description: "A version's content (or what its references resolve to) differs from the baseline.",
    hint: "Re-import the version's content as the baseline holds it.",
  },
  'apicurio-baseline-version-renumbered': {
    severity: 'error',
    description:
      "The version with the baseline's globalId has another version string (e.g. numbering that starts at 0, not 1).",
    hint: "Import with the baseline's version strings (export/import keeps them).",
  },
  'apicurio-baseline-id-differs': {
    severity: 'error',
    description: 'A version has another globalId or contentId than in the baseline (unless `ids: not-preserved`).',
    hint: 'Import with ids kept (export/import), or declare ids: not-preserved if the renumbering is intended.',
  },
  'apicurio-baseline-state-differs': {
    severity: 'error',
    description: "A version's state (ENABLED, DISABLED, DEPRECATED) differs from the baseline.",
    hint: "Set the version's state as the baseline has it (PUT .../versions/{v}/state).",
  },
});

export const apicurioBaseline = defineSingleCheck<BaselineParams>({
  scope: 'single',
  kind: 'apicurio-baseline',
  description:
    'The Apicurio registry `on` holds what the baseline `file` (from `sr-parity baseline capture` of the 2.6 ' +
    'registry or its export ZIP) recorded: artifact, version and group counts, global and artifact rules, and every ' +
    'version of every artifact with its version string, globalId, contentId, state and content hash.',
  findings: Object.values(F),
  ...baselineParams('globalIds and contentIds'),
  example: '- kind: apicurio-baseline\n  on: target\n  file: baselines/apicurio-2.6.json',
  run({ name, registry, refs: current, filter }, params) {
    const { base, closure } = openBaseline(params.file, registry, current);
    if (!base.apicurio)
      throw new Error(
        `${params.file.path} is not an Apicurio baseline (capture it from /apis/registry/v2|v3 or an export ZIP)`,
      );
    if (!registry.apicurio)
      throw new Error(
        `apicurio-baseline needs "${name}" to be Apicurio's native API or an export ZIP (it is ` +
          `${registry.info.flavor ?? registry.info.kind}: ${registry.info.location})`,
      );
    const idsKept = params.ids !== 'not-preserved';
    const findings: Finding[] = [];
    const cases: string[] = [];

    if (isEmptyFilter(filter)) {
      const artifactRules = (cfg: (Config | null)[]) =>
        cfg.reduce((n: number, c) => n + Object.keys(c ?? {}).length, 0);
      const counts: [string, number, number][] = [
        ['artifacts', Object.keys(base.subjects).length, registry.subjects.size],
        [
          'versions',
          Object.values(base.subjects).reduce((n, s) => n + s.versions.length, 0),
          [...registry.subjects.values()].reduce((n, s) => n + s.versions.length, 0),
        ],
        ['groups', base.apicurio.groups.length, Object.keys(registry.apicurio.groups).length],
        ['global rules', Object.keys(base.global.config ?? {}).length, Object.keys(registry.globalConfig ?? {}).length],
        [
          'artifact rules',
          artifactRules(Object.values(base.subjects).map((s) => s.config)),
          artifactRules([...registry.subjects.values()].map((s) => s.config)),
        ],
      ];
      for (const [metric, was, now] of counts) {
        cases.push(metric);
        if (was !== now)
          findings.push(
            finding(
              F['apicurio-baseline-count-differs'],
              { place: metric, source: was, target: now },
              `${metric}: ${was} in the baseline, ${now} on ${name}`,
            ),
          );
      }
      rules('global rules', base.global.config, registry.globalConfig, { place: 'global rules' }, findings, name);
    }

    // The same globalId is the same version (through an import); else the same version string.
    const label = (bv: BaselineVersion) => bv.apicurio?.version ?? String(bv.version);
    cases.push(
      ...walkBaseline(base, registry, filter, {
        same: idsKept ? (bv, v) => v.id === bv.id : (bv, v) => closure(v) === bv.hash,
        fallback: (bv, v) => v.apicurio?.version === label(bv),
        subjectMissing: (subject, b) =>
          findings.push(
            finding(
              F['apicurio-baseline-artifact-missing'],
              { subject },
              `${subject} (${b.versions.length} version${b.versions.length === 1 ? '' : 's'} in the baseline) ` +
                `is not on ${name}`,
            ),
          ),
        subject: (subject, b, s) =>
          rules(`${subject} rules`, b.config, s.config, { subject, place: 'rules' }, findings, name),
        version: (subject, bv, v) => versionFindings(subject, bv, v, { name, idsKept, closure }, findings),
        versionExtra: (subject, v) =>
          findings.push(
            finding(
              F['apicurio-baseline-version-extra'],
              { subject, version: v.version, schemaId: v.id },
              `${subject} version ${v.apicurio?.version ?? v.version} (globalId ${v.id}) is new since the baseline`,
            ),
          ),
        subjectExtra: (subject) =>
          findings.push(
            finding(F['apicurio-baseline-artifact-extra'], { subject }, `${subject} is new since the baseline`),
          ),
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
  findings: Finding[],
): void {
  const label = bv.apicurio?.version ?? String(bv.version);
  const where = { subject, version: bv.version, schemaId: bv.id };
  if (!v) {
    findings.push(
      finding(
        F['apicurio-baseline-version-missing'],
        where,
        `${subject} version ${label} (globalId ${bv.id}) is not on ${name}`,
      ),
    );
    return;
  }
  if (closure(v) !== bv.hash)
    findings.push(
      finding(
        F['apicurio-baseline-content-differs'],
        { ...where, source: bv.hash, target: closure(v) },
        `${subject} version ${label}: content differs from the baseline`,
      ),
    );
  const now = v.apicurio;
  if (now && bv.apicurio && now.version !== bv.apicurio.version) {
    findings.push(
      finding(
        F['apicurio-baseline-version-renumbered'],
        { ...where, source: bv.apicurio.version, target: now.version },
        `${subject} globalId ${bv.id}: version "${bv.apicurio.version}" in the baseline, "${now.version}" on ${name}`,
      ),
    );
  }
  if (idsKept && (v.id !== bv.id || (now && bv.apicurio && now.contentId !== bv.apicurio.contentId))) {
    findings.push(
      finding(
        F['apicurio-baseline-id-differs'],
        {
          ...where,
          source: { globalId: bv.id, contentId: bv.apicurio?.contentId },
          target: { globalId: v.id, contentId: now?.contentId },
        },
        `${subject} version ${label}: globalId/contentId ${bv.id}/${bv.apicurio?.contentId ?? '?'} in the baseline, ` +
          `${v.id}/${now?.contentId ?? '?'} on ${name}`,
      ),
    );
  }
  if (now && bv.apicurio && now.state !== bv.apicurio.state) {
    findings.push(
      finding(
        F['apicurio-baseline-state-differs'],
        { ...where, source: bv.apicurio.state, target: now.state },
        `${subject} version ${label} was ${bv.apicurio.state}, is ${now.state} on ${name}`,
      ),
    );
  }
}

function rules(
  what: string,
  was: Config | null,
  now: Config | null,
  where: { subject?: string; place: string },
  findings: Finding[],
  name: string,
): void {
  const a = was ?? {};
  const b = now ?? {};
  for (const rule of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (a[rule] !== b[rule]) {
      findings.push(
        finding(
          F['apicurio-baseline-rule-differs'],
          { ...where, place: `${where.place} ${rule.toUpperCase()}`, source: a[rule] ?? null, target: b[rule] ?? null },
          `${what}: ${rule.toUpperCase()} ${show(a[rule])} in the baseline, ${show(b[rule])} on ${name}`,
        ),
      );
    }
  }
}

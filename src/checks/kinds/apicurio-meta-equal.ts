// What Apicurio keeps beside schema content, compared where both sides are Apicurio's native API or export ZIP:
// version strings, states, names, descriptions and labels of versions and artifacts, artifact types, branches
// (when both sides have them: 2.6 has none) and groups.
import { defineFindings, finding, show } from '../../engine/finding.js';
import { definePairCheck } from '../../engine/types.js';
import type { CheckContext, Finding } from '../../engine/types.js';
import type { ApicurioArtifactInfo, ApicurioVersionInfo, Labels } from '../../model/types.js';

const F = defineFindings({
  'apicurio-version-renamed': {
    severity: 'error',
    description:
      'The version with the same globalId has another Apicurio version string on the target (e.g. numbering that ' +
      'starts at 0, not 1).',
    hint:
      "Import with the source's version strings (export/import keeps them); clients that fetch by version " +
      'string need the same ones.',
  },
  'apicurio-state-differs': {
    severity: 'error',
    description: 'A version is ENABLED, DISABLED, DEPRECATED or DRAFT on one side and another state on the other.',
    hint: "Set the version's state on the target (PUT .../versions/{v}/state) as on the source.",
  },
  'apicurio-version-metadata-differs': {
    severity: 'error',
    description: "A version's name, description or labels (2.6: labels and properties) differ.",
    hint: "Copy the version's name, description and labels (PUT .../versions/{v}) as the source has them.",
  },
  'apicurio-artifact-type-differs': {
    severity: 'error',
    description: 'An artifact has another type on the target.',
    hint: "Re-create the artifact with the source's type (a type guessed from content on import can differ).",
  },
  'apicurio-artifact-metadata-differs': {
    severity: 'error',
    description: "An artifact's name, description or labels differ (2.6's are its latest version's).",
    hint: "Copy the artifact's name, description and labels (PUT /groups/{g}/artifacts/{a}) as the source has them.",
  },
  'apicurio-branch-differs': {
    severity: 'error',
    description: 'A branch is missing on the target or lists other versions.',
    hint:
      "Create or update the branch on the target with the source's versions (3.x: " +
      '/groups/{g}/artifacts/{a}/branches).',
  },
  'apicurio-branch-extra-on-target': {
    severity: 'warning',
    description: 'The target has a branch the source does not.',
    hint: 'Remove the branch if the copy created it by mistake; else nothing to do.',
  },
  'apicurio-group-missing-on-target': {
    severity: 'error',
    description: 'A group of the source does not exist on the target.',
    hint: 'Create the group on the target with its description and labels (POST /groups), or import it.',
  },
  'apicurio-group-extra-on-target': {
    severity: 'warning',
    description: 'The target has a group the source does not.',
    hint: 'Remove the group if the copy created it by mistake; else nothing to do.',
  },
  'apicurio-group-metadata-differs': {
    severity: 'error',
    description: "A group's description or labels differ.",
    hint: "Copy the group's description and labels (PUT /groups/{g}) as the source has them.",
  },
  'apicurio-group-rules-differ': {
    severity: 'error',
    description: "A group's rules (3.x: between artifact and global rules) differ; 2.x has none.",
    hint: "Set the group's rules on the target as on the source (/groups/{g}/rules), or remove the ones added.",
  },
});

/** The Apicurio checks compare what only Apicurio's native API or export carries: without it they cannot run. */
export function requireApicurio({ source, target }: Pick<CheckContext, 'source' | 'target'>, kind: string): void {
  const missing = [source, target].filter((r) => !r.apicurio).map((r) => r.info.location);
  if (missing.length)
    throw new Error(
      `${kind} needs Apicurio's native API (/apis/registry/v2 or v3) or an Apicurio export ZIP on both sides; not: ` +
        `${missing.join(', ')}`,
    );
}

export const apicurioMetaEqual = definePairCheck({
  scope: 'pair',
  kind: 'apicurio-meta-equal',
  description:
    'Apicurio-only attributes match: version strings, states, names, descriptions and labels of versions and ' +
    'artifacts, artifact types, branches (where both sides have them) and groups.',
  findings: Object.values(F),
  example: '- kind: apicurio-meta-equal',
  run(ctx: CheckContext) {
    requireApicurio(ctx, 'apicurio-meta-equal');
    const findings: Finding[] = [];
    const cases: string[] = [];
    for (const sp of ctx.pairs.subjects) {
      const sa = sp.source.apicurio;
      const ta = sp.target?.apicurio;
      if (!sa || !ta) continue;
      cases.push(sp.source.name);
      const subject = sp.source.name;
      if (sa.artifactType !== ta.artifactType) {
        findings.push(
          finding(
            F['apicurio-artifact-type-differs'],
            { subject, source: sa.artifactType, target: ta.artifactType },
            `${subject} is ${sa.artifactType} on the source, ${ta.artifactType} on the target`,
          ),
        );
      }
      const artifactDiff = metadataDiff(sa, ta);
      if (artifactDiff)
        findings.push(
          finding(
            F['apicurio-artifact-metadata-differs'],
            { subject, source: pick(sa), target: pick(ta) },
            `${subject}: ${artifactDiff}`,
          ),
        );
      for (const { source: s, target: t } of sp.versions) {
        const sv = s.apicurio;
        const tv = t?.apicurio;
        if (!sv || !tv) continue;
        const where = { subject, version: s.version, schemaId: s.id };
        const label = `${subject} version ${sv.version}`;
        if (sv.version !== tv.version) {
          findings.push(
            finding(
              F['apicurio-version-renamed'],
              { ...where, source: sv.version, target: tv.version },
              `${subject} globalId ${s.id}: version "${sv.version}" on the source, "${tv.version}" on the target`,
            ),
          );
        }
        if (sv.state !== tv.state)
          findings.push(
            finding(
              F['apicurio-state-differs'],
              { ...where, source: sv.state, target: tv.state },
              `${label} is ${sv.state} on the source, ${tv.state} on the target`,
            ),
          );
        const diff = metadataDiff(sv, tv);
        if (diff)
          findings.push(
            finding(
              F['apicurio-version-metadata-differs'],
              { ...where, source: pick(sv), target: pick(tv) },
              `${label}: ${diff}`,
            ),
          );
      }
      branches(subject, sa, ta, findings);
    }
    groups(ctx, findings, cases);
    return { cases, findings };
  },
});

type Meta = Pick<ApicurioVersionInfo | ApicurioArtifactInfo, 'name' | 'description' | 'labels'>;

const pick = (m: Meta) => ({ name: m.name, description: m.description, labels: m.labels });

function metadataDiff(s: Meta, t: Meta): string {
  const parts: string[] = [];
  if (s.name !== t.name) parts.push(`name ${show(s.name)} → ${show(t.name)}`);
  if (s.description !== t.description) parts.push(`description ${show(s.description)} → ${show(t.description)}`);
  const labels = labelsDiff(s.labels, t.labels);
  if (labels) parts.push(`labels ${labels}`);
  return parts.join('; ');
}

function labelsDiff(s: Labels, t: Labels): string {
  const keys = [...new Set([...Object.keys(s), ...Object.keys(t)])].sort();
  const out: string[] = [];
  for (const k of keys) {
    if (!(k in t)) out.push(`${k} missing on the target`);
    else if (!(k in s)) out.push(`${k} only on the target`);
    else if (s[k] !== t[k]) out.push(`${k}: ${show(s[k])} → ${show(t[k])}`);
  }
  return out.join(', ');
}

function branches(subject: string, s: ApicurioArtifactInfo, t: ApicurioArtifactInfo, findings: Finding[]): void {
  if (!s.branches || !t.branches) return; // 2.6 has no branches; 3.x's "latest" is checked by apicurio-v3-core
  for (const [branch, versions] of Object.entries(s.branches)) {
    const other = t.branches[branch];
    if (!other || other.join('\u0000') !== versions.join('\u0000')) {
      findings.push(
        finding(
          F['apicurio-branch-differs'],
          { subject, place: `branch ${branch}`, source: versions, target: other ?? null },
          `${subject} branch ${branch}: ${show(versions)} on the source, ${other ? show(other) : 'missing'} on the ` +
            `target`,
        ),
      );
    }
  }
  for (const branch of Object.keys(t.branches)) {
    if (!(branch in s.branches))
      findings.push(
        finding(
          F['apicurio-branch-extra-on-target'],
          { subject, place: `branch ${branch}` },
          `${subject} branch ${branch} exists only on the target`,
        ),
      );
  }
}

function groups({ source, target }: CheckContext, findings: Finding[], cases: string[]): void {
  const sg = source.apicurio!.groups;
  const tg = target.apicurio!.groups;
  for (const [id, s] of Object.entries(sg)) {
    cases.push(`group ${id}`);
    const t = tg[id];
    if (!t) {
      findings.push(
        finding(
          F['apicurio-group-missing-on-target'],
          { place: `group ${id}` },
          `group ${id} does not exist on the target`,
        ),
      );
      continue;
    }
    const diff = metadataDiff({ name: null, ...s }, { name: null, ...t });
    if (diff)
      findings.push(
        finding(
          F['apicurio-group-metadata-differs'],
          { place: `group ${id}`, source: s, target: t },
          `group ${id}: ${diff}`,
        ),
      );
    const rules = labelsDiff(s.rules ?? {}, t.rules ?? {});
    if (rules)
      findings.push(
        finding(
          F['apicurio-group-rules-differ'],
          { place: `group ${id}`, source: s.rules ?? {}, target: t.rules ?? {} },
          `group ${id} rules: ${rules}`,
        ),
      );
  }
  for (const id of Object.keys(tg)) {
    if (id in sg) continue;
    cases.push(`group ${id}`);
    findings.push(
      finding(F['apicurio-group-extra-on-target'], { place: `group ${id}` }, `group ${id} exists only on the target`),
    );
  }
}

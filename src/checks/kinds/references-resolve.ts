import { defineFindings, finding } from '../../engine/finding.js';
import { defineSingleCheck } from '../../engine/types.js';
import type { Finding } from '../../engine/types.js';
import type { SchemaVersion } from '../../model/types.js';

const F = defineFindings({
  'reference-dangling': {
    severity: 'error',
    description: 'A reference points at a subject/version that does not exist.',
    hint: 'Register the referenced subject and version (before the versions that use it), or correct the reference.',
  },
  'reference-to-deleted-version': {
    severity: 'warning',
    description: 'A live version references a soft-deleted version.',
    hint:
      'Keep the soft-deleted version (a hard delete breaks the reference), or register a new version of the ' +
      'schema that references a live one.',
  },
  'reference-cycle': {
    severity: 'error',
    description: 'References form a cycle: no registry can register them in order.',
    hint: 'Break the cycle in the schemas: no registry can register them in order, so no copy can reproduce them.',
  },
});

export const referencesResolve = defineSingleCheck({
  scope: 'single',
  kind: 'references-resolve',
  description:
    'Every reference of every version in the registry named by `on` resolves, to a live version, without cycles.',
  findings: Object.values(F),
  example: '- kind: references-resolve\n  on: target',
  run({ registry, refs }) {
    const findings: Finding[] = [];
    const cases: string[] = [];
    const state = new Map<SchemaVersion, 'visiting' | 'done'>();
    const cycles = new Set<SchemaVersion>();
    const visit = (v: SchemaVersion) => {
      if (state.get(v) === 'done') return;
      if (state.get(v) === 'visiting') {
        cycles.add(v);
        return;
      }
      state.set(v, 'visiting');
      for (const r of v.references) {
        const dep = refs.resolve(r);
        if (dep) visit(dep);
      }
      state.set(v, 'done');
    };
    for (const s of registry.subjects.values()) {
      cases.push(s.name);
      for (const v of s.versions) {
        visit(v);
        for (const r of v.references) {
          const dep = refs.resolve(r);
          const where = { subject: v.subject, version: v.version, schemaId: v.id, target: r };
          if (!dep)
            findings.push(
              finding(
                F['reference-dangling'],
                where,
                `${v.subject} v${v.version}: reference ${r.name} points at ${r.subject} v${r.version}, ` +
                  `which does not exist`,
              ),
            );
          else if (dep.deleted && !v.deleted)
            findings.push(
              finding(
                F['reference-to-deleted-version'],
                where,
                `${v.subject} v${v.version}: reference ${r.name} points at soft-deleted ${r.subject} v${r.version}`,
              ),
            );
        }
      }
    }
    for (const v of cycles)
      findings.push(
        finding(
          F['reference-cycle'],
          { subject: v.subject, version: v.version },
          `${v.subject} v${v.version} is part of a reference cycle`,
        ),
      );
    return { cases, findings };
  },
});

// The DEK registry's part of a plan: each KEK and DEK of the source the target lacks, created as it is (a DEK's
// wrapped material byte for byte, so the same KEK unwraps it); one the target holds otherwise is a conflict.
import { dekKey, kekDifferences, type Dek, type Registry } from '../../model/types.js';
import type { PlanProblem, Step } from '../../model/plan.js';
import { isIdentityMapping, type SubjectMapping } from '../../model/mapping.js';

const dekName = (d: Dek) => `DEK ${d.subject} v${d.version} (KEK ${d.kek})`;

export function dekRegistrySteps(
  source: Registry,
  target: Registry,
  mapping: SubjectMapping,
  problems: PlanProblem[],
): Step[] {
  const from = source.dekRegistry;
  if (!from?.keks.length) return [];
  const refuse = (message: string) => problems.push({ kind: 'dek-registry', message });
  if (!isIdentityMapping(mapping)) {
    refuse(
      `the source holds ${from.keks.length} KEK(s) and ${from.deks.length} DEK(s), kept by subject name: apply ` +
        'copies them only without --rename or --target-context',
    );
    return [];
  }
  const to = target.dekRegistry;
  if (!to) {
    refuse(`the source holds ${from.keks.length} KEK(s); the target serves no DEK registry (/dek-registry/v1)`);
    return [];
  }
  const steps: Step[] = [];
  const keks = new Map(to.keks.map((k) => [k.name, k]));
  const created = new Set<string>();
  for (const k of from.keks) {
    const t = keks.get(k.name);
    if (t) {
      const differs = kekDifferences(k, t, { deleted: false });
      if (differs.length)
        refuse(`KEK ${k.name} is on the target with another ${differs.join(', ')}: apply does not change it`);
      continue;
    }
    steps.push({ key: `kek ${k.name}`, phase: 'write', after: [], op: 'create-kek', kek: k });
    if (k.deleted)
      steps.push({ key: `kek delete ${k.name}`, phase: 'settle', after: [], op: 'soft-delete-kek', name: k.name });
    created.add(k.name);
  }
  const deks = new Map(to.deks.map((d) => [dekKey(d), d]));
  for (const d of from.deks) {
    const t = deks.get(dekKey(d));
    if (t) {
      if (t.material !== d.material || t.algorithm !== d.algorithm)
        refuse(`${dekName(d)} is on the target with other ${t.material !== d.material ? 'key material' : 'algorithm'}`);
      continue;
    }
    if (d.material === null) {
      refuse(`${dekName(d)}: the source serves no key material for it, so no copy could unwrap the same key`);
      continue;
    }
    const after = created.has(d.kek) ? [`kek ${d.kek}`] : [];
    steps.push({ key: `dek ${d.kek} ${d.subject} ${d.version}`, phase: 'write', after, op: 'create-dek', dek: d });
  }
  return steps;
}

// Which of the source's history is copied, and how much of it the target already holds: versions carried (with
// the soft-deleted ones active versions reference), reference cycles no order registers, and each subject's target
// history matched against the source's.
import type { Registry, SchemaVersion, Subject } from '../../model/types.js';
import type { PlanProblem, Strategy } from '../../model/plan.js';
import type { ReferenceResolver } from '../../normalize/references.js';

/** Versions to copy: all, or the active ones plus soft-deleted ones that active ones reference. */
export function carriedVersions(
  source: Registry,
  refs: ReferenceResolver,
  target: Registry,
  includeDeleted: boolean,
  problems: PlanProblem[],
  notes: string[],
): Set<SchemaVersion> {
  const carried = new Set<SchemaVersion>();
  const queue: SchemaVersion[] = [];
  let dropped = 0;
  for (const s of source.subjects.values()) {
    for (const v of s.versions) {
      if (includeDeleted || !v.deleted) queue.push(v);
      else dropped++;
    }
  }
  let pulledIn = 0;
  while (queue.length) {
    const v = queue.pop()!;
    if (carried.has(v)) continue;
    if (v.deleted && !includeDeleted) pulledIn++;
    carried.add(v);
    for (const r of v.references) {
      const dep = refs.resolve(r);
      if (dep) queue.push(dep);
      else if (!target.subjects.get(r.subject)?.versions.some((t) => t.version === r.version)) {
        problems.push({
          kind: 'dangling-reference',
          subject: v.subject,
          message:
            `${v.subject} v${v.version}: reference "${r.name}" points at ${r.subject} v${r.version}, which is ` +
            `neither in the selected source nor on the target`,
        });
      }
    }
  }
  if (dropped - pulledIn > 0) {
    const count = `${dropped - pulledIn} soft-deleted version(s) are not copied (--no-include-deleted)`;
    notes.push(`${count}: the target will differ from the source; compare afterwards with --deleted ignore`);
  }
  if (pulledIn)
    notes.push(
      `${pulledIn} soft-deleted version(s) are copied anyway, and soft-deleted on the target, because ` +
        `active versions reference them`,
    );
  return carried;
}

export function countLeftOut(source: Registry, carried: Set<SchemaVersion>): number {
  let n = 0;
  for (const s of source.subjects.values()) for (const v of s.versions) if (v.deleted && !carried.has(v)) n++;
  return n;
}

/** Reference cycles among the copied versions: no order registers them, so the plan refuses before writing. */
export function cycles(source: Registry, refs: ReferenceResolver, carried: Set<SchemaVersion>): PlanProblem[] {
  const state = new Map<SchemaVersion, 'open' | 'done'>();
  const out: PlanProblem[] = [];
  const label = (v: SchemaVersion) => `${v.subject} v${v.version}`;
  const visit = (v: SchemaVersion, path: SchemaVersion[]) => {
    const st = state.get(v);
    if (st === 'done') return;
    if (st === 'open') {
      const loop = [...path.slice(path.indexOf(v)), v].map(label).join(' -> ');
      out.push({ kind: 'reference-cycle', subject: v.subject, message: `reference cycle: ${loop}` });
      return;
    }
    state.set(v, 'open');
    for (const r of v.references) {
      const dep = refs.resolve(r);
      if (dep && carried.has(dep)) visit(dep, [...path, v]);
    }
    state.set(v, 'done');
  };
  for (const s of source.subjects.values()) for (const v of s.versions) if (carried.has(v)) visit(v, []);
  return out;
}

/**
 * Which source versions the target already holds, as an identical prefix of the subject's history (same content,
 * and with --ids preserved the same version and id; versions not copied may be absent), and which are left to
 * register after them. Null, with a problem, when the target's history differs.
 */
export function matchTarget(
  s: Subject,
  t: Subject | undefined,
  carried: Set<SchemaVersion>,
  srcRefs: ReferenceResolver,
  tgtRefs: ReferenceResolver,
  strategy: Strategy,
  problems: PlanProblem[],
): { existing: [SchemaVersion, SchemaVersion][]; todo: SchemaVersion[] } | null {
  const conflict = (message: string) => {
    problems.push({ kind: 'subject-conflict', subject: s.name, message: `${s.name}: ${message}; it is not written` });
    return null;
  };
  const tv = t?.versions ?? [];
  const existing: [SchemaVersion, SchemaVersion][] = [];
  const todo: SchemaVersion[] = [];
  let ti = 0;
  for (const sv of s.versions) {
    const next = tv[ti];
    if (next && srcRefs.sameContent(sv, tgtRefs, next)) {
      if (strategy === 'preserve' && (next.version !== sv.version || next.id !== sv.id)) {
        return conflict(
          `target v${next.version} (id ${next.id}) has the content of source v${sv.version} but not its version and ` +
            `id (id ${sv.id})`,
        );
      }
      if (next.deleted && !sv.deleted)
        return conflict(`v${next.version} is soft-deleted on the target but active on the source`);
      existing.push([sv, next]);
      ti++;
    } else if (carried.has(sv)) {
      const later = next && laterMatch(s, sv, next, srcRefs, tgtRefs);
      if (later)
        return conflict(
          `source v${sv.version} is missing on the target, which holds later versions (its v${next!.version} is ` +
            `source v${later.version}): was it deleted there? A version cannot be written below the ones a ` +
            'subject holds; delete the subject on the target and apply again',
        );
      if (next) return conflict(`target v${next.version} holds other content than source v${sv.version}`);
      todo.push(sv);
    }
  }
  if (ti < tv.length)
    return conflict(`the target has ${tv.length - ti} version(s) the source does not (from v${tv[ti]!.version})`);
  return { existing, todo };
}

/** The later source version the target's `next` holds (a target that lost `sv` and kept what followed), if any. */
function laterMatch(
  s: Subject,
  sv: SchemaVersion,
  next: SchemaVersion,
  srcRefs: ReferenceResolver,
  tgtRefs: ReferenceResolver,
): SchemaVersion | undefined {
  return s.versions.find((later) => later.version > sv.version && srcRefs.sameContent(later, tgtRefs, next));
}

// Which source version corresponds to which target version. Computed once per run and shared by the checks.
import type { SettingsPair } from '../model/inheritance.js';
import type { ReferenceResolver } from '../normalize/references.js';
import type { Registry, SchemaVersion, Subject } from '../model/types.js';
import type { CompareOptions } from './compare-options.js';

export interface VersionPair {
  source: SchemaVersion;
  target?: SchemaVersion;
}

export interface SubjectPair {
  source: Subject;
  target?: Subject;
  versions: VersionPair[];
  extraTarget: SchemaVersion[]; // target versions no source version matched
}

/**
 * A subject with no versions on either side: only a config or mode (Karapace lists a subject configured before its
 * first registration among the deleted ones; other registries hold the setting without listing the subject).
 */
export interface Pairing {
  subjects: SubjectPair[];
  extraSubjects: Subject[]; // on the target only
  settingsOnly: SettingsPair[];
}

const hasVersions = (s: Subject | undefined): boolean => !!s?.versions.length;

export function pairRegistries(
  source: Registry,
  target: Registry,
  sourceRefs: ReferenceResolver,
  targetRefs: ReferenceResolver,
  options: CompareOptions,
): Pairing {
  const visible = (v: SchemaVersion) => options.deleted === 'compare' || !v.deleted;
  const subjects: SubjectPair[] = [];
  const settingsOnly: SettingsPair[] = [];
  for (const s of source.subjects.values()) {
    if (!hasVersions(s) && !hasVersions(target.subjects.get(s.name))) {
      settingsOnly.push({ name: s.name, source: s, target: target.subjects.get(s.name) });
      continue;
    }
    const srcVersions = s.versions.filter(visible);
    if (options.deleted === 'ignore' && srcVersions.length === 0) continue;
    const t = target.subjects.get(s.name);
    const tgtVersions = t ? t.versions.filter(visible) : [];
    const { versions, extraTarget } = !options.idsPreserved
      ? byContent(srcVersions, tgtVersions, sourceRefs, targetRefs)
      : s.apicurio && t?.apicurio
        ? byGlobalId(srcVersions, tgtVersions)
        : byNumber(srcVersions, tgtVersions);
    subjects.push({ source: s, target: t, versions, extraTarget });
  }
  const targetOnly = [...target.subjects.values()].filter((t) => !source.subjects.has(t.name));
  const extraSubjects = targetOnly.filter(
    (t) => hasVersions(t) && (options.deleted === 'compare' || t.versions.some(visible)),
  );
  for (const t of targetOnly) if (!hasVersions(t)) settingsOnly.push({ name: t.name, target: t });
  return { subjects, extraSubjects, settingsOnly };
}

function byNumber(src: SchemaVersion[], tgt: SchemaVersion[]) {
  const byVersion = new Map(tgt.map((v) => [v.version, v]));
  const versions = src.map((s) => ({ source: s, target: byVersion.get(s.version) }));
  const used = new Set(versions.map((p) => p.target));
  return { versions, extraTarget: tgt.filter((v) => !used.has(v)) };
}

/**
 * Apicurio versions keep their globalId through an export/import, even where the version strings shifted (0 vs 1):
 * the same globalId is the same version; one whose globalId is gone pairs by its version string (re-created content).
 */
function byGlobalId(src: SchemaVersion[], tgt: SchemaVersion[]) {
  const { pairs, extra } = matchInOrder(
    src,
    tgt,
    (s, t) => s.id === t.id,
    (s, t) => s.apicurio?.version === t.apicurio?.version,
  );
  return { versions: pairs.map(([source, target]) => ({ source, target })), extraTarget: extra };
}

/** When ids (and so often version numbers) were not preserved: same content in the same order is the same version. */
function byContent(src: SchemaVersion[], tgt: SchemaVersion[], sr: ReferenceResolver, tr: ReferenceResolver) {
  const { pairs, extra } = matchInOrder(
    src,
    tgt,
    (s, t) => sr.sameContent(s, tr, t),
    (s, t) => t.version === s.version,
  );
  return { versions: pairs.map(([source, target]) => ({ source, target })), extraTarget: extra };
}

/**
 * Pairs each `a` with the first unused `b` that is the `same`; an `a` left over pairs with an unused `b` that
 * `fallback` accepts (so changed content is reported as a change, not as a loss plus an addition).
 */
export function matchInOrder<A, B>(as: A[], bs: B[], same: (a: A, b: B) => boolean, fallback: (a: A, b: B) => boolean) {
  const free = [...bs];
  const take = (pred: (b: B) => boolean) => {
    const i = free.findIndex(pred);
    return i < 0 ? undefined : free.splice(i, 1)[0];
  };
  const pairs: [A, B | undefined][] = as.map((a) => [a, take((b) => same(a, b))]);
  for (const p of pairs) if (!p[1]) p[1] = take((b) => fallback(p[0], b));
  return { pairs, extra: free };
}

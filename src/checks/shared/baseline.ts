// What the two baseline checks (baseline, apicurio-baseline) share: the baseline read with a resolver of its
// hashes, and the walk over its subjects and versions against the registry as it is now, each check saying what
// a missing subject, a version pair, a new version and a new subject mean to it.
import type { LoadedFile } from '../../engine/types.js';
import { matchInOrder } from '../../engine/pairing.js';
import { parseBaseline, type BaselineFile, type BaselineVersion } from '../../model/baseline.js';
import { subjectMatcher, type SubjectFilter } from '../../model/filter.js';
import type { Registry, SchemaVersion, Subject } from '../../model/types.js';
import type { ReferenceResolver } from '../../normalize/references.js';
import { baselineResolver } from '../../normalize/baseline.js';

export type BaselineSubject = BaselineFile['subjects'][string];

/** The params both baseline checks take: the file (read for the check) and whether ids must match. */
export interface BaselineParams {
  file: LoadedFile;
  ids?: 'preserved' | 'not-preserved';
}

export const baselineParams = (ids: string) => ({
  params: {
    file: { type: 'string', description: 'baseline file, relative to the spec' },
    ids: {
      enum: ['preserved', 'not-preserved'],
      default: 'preserved',
      description: `whether ${ids} must match the baseline`,
    },
  },
  required: ['file'],
  loads: ['file'],
});

/** What judging one version against its baseline needs: the registry's name, whether ids must match, its hashes. */
export interface VersionJudge {
  name: string;
  idsKept: boolean;
  closure: (v: SchemaVersion) => string;
}

export interface OpenBaseline {
  base: BaselineFile;
  /** Closure hashes of the registry's versions, in the forms the baseline was hashed with. */
  closure: (v: SchemaVersion) => string;
}

export function openBaseline(file: LoadedFile, registry: Registry, current: ReferenceResolver): OpenBaseline {
  const base = parseBaseline(file.document, file.path);
  const refs = baselineResolver(base, registry, current);
  return { base, closure: (v) => refs.closure(v) };
}

export interface BaselineWalk {
  /** Whether a baseline version and one of now are the same version at first sight, and as a fallback. */
  same(bv: BaselineVersion, v: SchemaVersion): boolean;
  fallback(bv: BaselineVersion, v: SchemaVersion): boolean;
  subjectMissing(subject: string, b: BaselineSubject): void;
  /** A subject on both sides, before its versions. */
  subject?(subject: string, b: BaselineSubject, now: Subject): void;
  version(subject: string, bv: BaselineVersion, now: SchemaVersion | undefined): void;
  versionExtra(subject: string, now: SchemaVersion): void;
  subjectExtra(subject: string): void;
}

/** Every subject of the baseline and of the registry the filter keeps, in that order; returns the cases walked. */
export function walkBaseline(base: BaselineFile, registry: Registry, filter: SubjectFilter, w: BaselineWalk): string[] {
  const keep = subjectMatcher(filter);
  const cases: string[] = [];
  for (const [subject, b] of Object.entries(base.subjects)) {
    if (!keep(subject)) continue;
    cases.push(subject);
    const s = registry.subjects.get(subject);
    if (!s) {
      w.subjectMissing(subject, b);
      continue;
    }
    w.subject?.(subject, b, s);
    const { pairs, extra } = matchInOrder(b.versions, s.versions, w.same, w.fallback);
    for (const [bv, v] of pairs) w.version(subject, bv, v);
    for (const v of extra) w.versionExtra(subject, v);
  }
  for (const subject of registry.subjects.keys()) {
    if (!(subject in base.subjects) && keep(subject)) {
      cases.push(subject);
      w.subjectExtra(subject);
    }
  }
  return cases;
}

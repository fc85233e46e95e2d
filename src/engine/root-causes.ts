// One finding per root cause: a subject missing on the target also shows up as its versions' and ids' findings, a
// changed schema as the ids and the referrers that hold it. Those follow-on findings keep their ids, severities and
// fingerprints (exit codes do not change) and point at the finding that explains them (`causedBy`); reports show
// the root and fold the rest under it. No I/O: findings in, the same findings marked out.
import { contextOf, idKey, type Reference } from '../model/types.js';
import { SEVERITIES, type CheckOutcome, type Finding } from './types.js';

/** Gone or extra on the target: everything found at the same place (or below it) follows from it. */
const CONTEXT_GONE = new Set(['context-missing-on-target', 'context-extra-on-target']);
const SUBJECT_GONE = new Set(['subject-missing-on-target', 'soft-deleted-subject-lost', 'subject-extra-on-target']);
const VERSION_GONE = new Set(['version-missing-on-target', 'soft-deleted-version-lost', 'version-extra-on-target']);
/** A version whose schema differs: its id's content differs too, and so does every referrer's closure. */
const CONTENT_CHANGED = new Set(['version-content-differs', 'version-semantic-differs', 'schema-type-differs']);
/** Findings about an id, explained by whatever changed the version that holds it. */
const ID_FINDINGS = new Set(['id-content-differs', 'id-missing-on-target']);
/** Explained by `ids-renumbered` when a whole migration renumbered ids. */
const RENUMBERED = new Set(['version-id-differs', 'id-missing-on-target', 'id-content-differs']);

/**
 * A count that differs (from the registry compared with, or from a baseline) is the sum of the differences listed
 * at its places: it folds under the first of them, by the metric it counts. A count against a number a spec
 * declares (`count-unexpected`) is its own finding.
 */
const COUNT_FINDINGS = new Set(['count-differs', 'baseline-count-differs', 'apicurio-baseline-count-differs']);
const SUBJECT_LEVEL = [
  ...SUBJECT_GONE,
  ...CONTEXT_GONE,
  'subject-deleted-state-differs',
  'baseline-subject-missing',
  'baseline-subject-extra',
  'apicurio-baseline-artifact-missing',
  'apicurio-baseline-artifact-extra',
];
const VERSION_LEVEL = [
  ...SUBJECT_LEVEL,
  ...VERSION_GONE,
  'version-deleted-state-differs',
  'baseline-version-missing',
  'baseline-version-extra',
  'baseline-version-state-changed',
  'apicurio-baseline-version-missing',
  'apicurio-baseline-version-extra',
];
const COUNTED_BY: Record<string, Set<string>> = {
  subjects: new Set(SUBJECT_LEVEL),
  subjectsDeleted: new Set(SUBJECT_LEVEL),
  artifacts: new Set(SUBJECT_LEVEL),
  versions: new Set(VERSION_LEVEL),
  versionsDeleted: new Set(VERSION_LEVEL),
  schemas: new Set([...VERSION_LEVEL, ...ID_FINDINGS, 'version-id-differs', 'baseline-version-id-changed']),
  contexts: CONTEXT_GONE,
};

const at = (subject: string, version: number | undefined) => `${subject}\u0000${version ?? ''}`;

/**
 * The subject a finding is about: its own, or the one an endpoint it names belongs to (Apicurio's
 * /groups/{g}/artifacts/{a}/..., ccompat's /subjects/{s}/...), so a deleted artifact explains its reads' findings.
 */
function subjectOf(f: Finding): string | undefined {
  if (f.subject !== undefined || !f.place) return f.subject;
  const artifact = /\/groups\/([^/?]+)\/artifacts\/([^/?]+)/.exec(f.place);
  if (artifact) {
    const [group, id] = [decodeURIComponent(artifact[1]!), decodeURIComponent(artifact[2]!)];
    return group === 'default' ? id : `${group}/${id}`;
  }
  const subject = /\/subjects\/([^/?]+)\//.exec(f.place);
  return subject ? decodeURIComponent(subject[1]!) : undefined;
}
const idOf = (f: Finding) => idKey(f.context ?? (f.subject ? contextOf(f.subject) : '.'), f.schemaId!);

export function foldRootCauses(outcomes: CheckOutcome[]): CheckOutcome[] {
  const all = outcomes.flatMap((o) => o.findings);
  const first = <K>(pick: (f: Finding) => K | undefined): Map<K, Finding> => {
    const m = new Map<K, Finding>();
    for (const f of all) {
      const k = pick(f);
      if (k !== undefined && !m.has(k)) m.set(k, f);
    }
    return m;
  };
  const contexts = first((f) => (CONTEXT_GONE.has(f.id) ? f.context : undefined));
  const subjects = first((f) => (SUBJECT_GONE.has(f.id) ? f.subject : undefined));
  const versions = first((f) => (VERSION_GONE.has(f.id) && f.subject ? at(f.subject, f.version) : undefined));
  const changed = first((f) => (CONTENT_CHANGED.has(f.id) && f.subject ? at(f.subject, f.version) : undefined));
  const changedIds = first((f) => (CONTENT_CHANGED.has(f.id) && f.schemaId !== undefined ? idOf(f) : undefined));
  const referrers = first((f) => (f.id === 'references-differ' && f.subject ? at(f.subject, f.version) : undefined));
  const referrerIds = first((f) => (f.id === 'references-differ' && f.schemaId !== undefined ? idOf(f) : undefined));
  const movedIds = first((f) => (f.id === 'version-id-differs' && f.schemaId !== undefined ? idOf(f) : undefined));
  const unresolvable = first((f) =>
    f.id === 'dedup-id-unresolvable' && f.subject ? at(f.subject, f.version) : undefined,
  );
  const renumbered = all.find((f) => f.id === 'ids-renumbered');
  const countedBy = (metric: string | undefined) => {
    const ids = metric !== undefined ? COUNTED_BY[metric] : undefined;
    return ids && all.find((f) => ids.has(f.id));
  };
  const subjectStates = first((f) => (f.id === 'subject-deleted-state-differs' ? f.subject : undefined));

  const direct = (f: Finding): Finding | undefined => {
    const ctx = f.context ?? (f.subject ? contextOf(f.subject) : undefined);
    const candidates = [
      ctx !== undefined && !CONTEXT_GONE.has(f.id) ? contexts.get(ctx) : undefined,
      subjectOf(f) !== undefined && !CONTEXT_GONE.has(f.id) ? subjects.get(subjectOf(f)!) : undefined,
      f.subject !== undefined && f.version !== undefined ? versions.get(at(f.subject, f.version)) : undefined,
      // a subject soft-deleted on one side: its versions' states differ, or they are hidden (--deleted ignore)
      (f.id === 'version-deleted-state-differs' || VERSION_GONE.has(f.id)) && f.subject
        ? subjectStates.get(f.subject)
        : undefined,
      f.id === 'references-differ' ? referencedCause(f) : undefined,
      ID_FINDINGS.has(f.id) && f.schemaId !== undefined
        ? (changedIds.get(idOf(f)) ?? referrerIds.get(idOf(f)) ?? movedIds.get(idOf(f)))
        : undefined,
      (f.id === 'version-id-differs' || f.id === 'id-missing-on-target') && f.subject
        ? unresolvable.get(at(f.subject, f.version))
        : undefined,
      renumbered && RENUMBERED.has(f.id) ? renumbered : undefined,
      COUNT_FINDINGS.has(f.id) ? countedBy(f.place) : undefined,
    ];
    return candidates.find((c) => c !== undefined && c !== f);
  };
  // A referrer's closure differs because something it references changed, went missing, or differs in turn.
  const referencedCause = (f: Finding): Finding | undefined => {
    for (const r of Array.isArray(f.source) ? (f.source as Reference[]) : []) {
      const key = at(r.subject, r.version);
      const cause = changed.get(key) ?? versions.get(key) ?? subjects.get(r.subject) ?? referrers.get(key);
      if (cause && cause !== f) return cause;
    }
    return undefined;
  };
  const rootOf = (f: Finding): Finding | undefined => {
    const seen = new Set<Finding>([f]);
    let cause = direct(f);
    while (cause && !seen.has(cause)) {
      seen.add(cause);
      const next = direct(cause);
      if (!next || seen.has(next)) break;
      cause = next;
    }
    return cause;
  };
  // A finding is folded only under a root at least as severe: an error never hides under a warning or an info.
  const rank = (f: Finding) => SEVERITIES.indexOf(f.severity);

  const byPrint = new Map(all.map((f) => [f.fingerprint, f]));
  const explained = new Map<Finding, number>();
  const roots = new Map<Finding, Finding>();
  for (const f of all) {
    // a check may know the cause itself (a subject's config differs only through what it inherits)
    const given = f.causedBy ? byPrint.get(f.causedBy) : undefined;
    const root = given ? (rootOf(given) ?? given) : rootOf(f);
    if (!root || rank(root) > rank(f)) continue;
    roots.set(f, root);
    explained.set(root, (explained.get(root) ?? 0) + 1);
  }
  // Marked in place: the findings are this run's own, and a copy of each would double what a run where everything
  // differs holds (100,000 findings and more).
  for (const o of outcomes) {
    for (const f of o.findings) {
      const root = roots.get(f);
      if (root) f.causedBy = root.fingerprint;
      else {
        if ('causedBy' in f) delete f.causedBy; // a cause given by a check but not folded (less severe)
        const n = explained.get(f);
        if (n) f.explains = n;
      }
    }
  }
  return outcomes;
}

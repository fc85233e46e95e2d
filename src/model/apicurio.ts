// Apicurio's groups, artifacts and versions as the registry every check reads. Both Apicurio sources (the v2/v3
// REST APIs and the export ZIP) gather the same raw shape, and this file alone turns it into subjects:
// - an artifact is the subject `artifactId` in the default group, `groupId/artifactId` in any other;
// - its versions are numbered as Apicurio numbers them where every version string is a number ("1", "2"), else by
//   position (1, 2, ... for "1.0.0", "1.1.0"); the string is kept beside it, and checks pair versions by globalId,
//   so numbering that shifted (0 vs 1) is reported as such rather than as every version missing;
// - id is the globalId (the contentId is kept too); rules become config (`compatibility`, `validity`,
//   `integrity`), so config checks compare them; state, labels, names and branches are kept for the Apicurio checks.
import { dictionary } from './copy.js';
import { intern } from './intern.js';
import type { Config, Labels, Reference, Registry, SchemaVersion, SourceInfo, Subject } from './types.js';

export const DEFAULT_GROUP = 'default';

export interface RawReference {
  groupId?: string | null;
  artifactId: string;
  version?: string | null;
  name: string;
}

export interface RawVersion {
  version: string;
  globalId: number;
  contentId: number;
  /** Sort key within the artifact: versionOrder (3.x), versionId (2.6 export) or globalId. */
  order: number;
  state?: string | null;
  name?: string | null;
  description?: string | null;
  labels: Labels;
  content: string;
  references: RawReference[];
}

export interface RawArtifact {
  groupId?: string | null;
  artifactId: string;
  artifactType: string;
  /** Artifact-level metadata (3.x); 2.6 has none of its own: the latest version's stands in. */
  name?: string | null;
  description?: string | null;
  labels?: Labels;
  rules: Record<string, string>;
  branches?: Record<string, string[]>;
  versions: RawVersion[];
}

export interface RawApicurio {
  api: 'v2' | 'v3';
  systemVersion: string;
  globalRules: Record<string, string>;
  groups: Record<string, { description?: string | null; labels?: Labels; rules?: Record<string, string> }>;
  artifacts: RawArtifact[];
}

export function groupOf(groupId: string | null | undefined): string {
  return groupId ? groupId : DEFAULT_GROUP;
}

export function artifactSubject(groupId: string | null | undefined, artifactId: string): string {
  const g = groupOf(groupId);
  return g === DEFAULT_GROUP ? artifactId : `${g}/${artifactId}`;
}

/** v2 keeps labels (a list) and properties (a map); 3.x merged them into one map, labels becoming keys with null. */
export function v2Labels(labels: unknown, properties: unknown): Labels {
  const out: Labels = dictionary();
  if (Array.isArray(labels)) for (const l of labels) if (typeof l === 'string') out[l] = null;
  if (properties && typeof properties === 'object')
    for (const [k, v] of Object.entries(properties)) out[k] = v == null ? null : String(v);
  return out;
}

export function v3Labels(labels: unknown): Labels {
  const out: Labels = dictionary();
  if (labels && typeof labels === 'object' && !Array.isArray(labels))
    for (const [k, v] of Object.entries(labels)) out[k] = v == null ? null : String(v);
  return out;
}

/** Rules as config: `{compatibility: 'BACKWARD', validity: 'FULL'}`; none is null (inherits the global rules). */
export function rulesConfig(rules: Record<string, string>): Config | null {
  const entries = Object.entries(rules).map(([type, config]) => [type.toLowerCase(), config] as const);
  return entries.length ? byKey(Object.fromEntries(entries)) : null;
}

/** Keys in order, whichever order a source read them in (requests finish in any order), so snapshots are stable. */
function byKey<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export function apicurioRegistry(raw: RawApicurio, info: SourceInfo): Registry {
  // The number of each version string per artifact (references name Apicurio version strings).
  const positions = new Map<string, Map<string, number>>();
  const ordered = raw.artifacts.map((a) => {
    const versions = [...a.versions].sort((x, y) => x.order - y.order || x.globalId - y.globalId);
    const subject = artifactSubject(a.groupId, a.artifactId);
    const numeric = versions.every((v) => /^(0|[1-9]\d{0,8})$/.test(v.version));
    positions.set(subject, new Map(versions.map((v, i) => [v.version, numeric ? Number(v.version) : i + 1])));
    return { a, subject, versions };
  });
  const reference = (r: RawReference): Reference => {
    const subject = artifactSubject(r.groupId, r.artifactId);
    const byString = positions.get(subject);
    const version =
      r.version == null
        ? Math.max(0, ...(byString?.values() ?? []))
        : (byString?.get(r.version) ?? (Number(r.version) || 0));
    return { name: r.name, subject, version };
  };
  const subjects = new Map<string, Subject>();
  for (const { a, subject, versions } of ordered.sort((x, y) =>
    x.subject < y.subject ? -1 : x.subject > y.subject ? 1 : 0,
  )) {
    const latest = versions.at(-1);
    const number = positions.get(subject)!;
    const schemaVersions = versions.map((v): SchemaVersion => ({
      subject,
      version: number.get(v.version)!,
      id: v.globalId,
      schemaType: a.artifactType,
      schema: intern(v.content),
      references: v.references.map(reference),
      deleted: false, // Apicurio has no soft delete; DISABLED is a state, compared by apicurio-meta-equal
      apicurio: {
        version: v.version,
        contentId: v.contentId,
        state: v.state ?? 'ENABLED',
        name: v.name ?? null,
        description: v.description ?? null,
        labels: v.labels,
      },
    }));
    subjects.set(subject, {
      name: subject,
      context: '.',
      deleted: false,
      versions: schemaVersions,
      config: rulesConfig(a.rules),
      mode: null,
      apicurio: {
        groupId: groupOf(a.groupId),
        artifactId: a.artifactId,
        artifactType: a.artifactType,
        name: (a.name !== undefined ? a.name : latest?.name) ?? null,
        description: (a.description !== undefined ? a.description : latest?.description) ?? null,
        labels: a.labels ?? latest?.labels ?? {},
        ...(a.branches ? { branches: byKey(a.branches) } : {}),
      },
    });
  }
  return {
    info,
    globalConfig: rulesConfig(raw.globalRules),
    globalMode: null,
    contexts: ['.'],
    contextSettings: {},
    subjects,
    apicurio: {
      api: raw.api,
      systemVersion: raw.systemVersion,
      groups: Object.fromEntries(
        Object.entries(raw.groups).map(([g, m]) => [
          g,
          { description: m.description ?? null, labels: m.labels ?? {}, ...(m.rules ? { rules: byKey(m.rules) } : {}) },
        ]),
      ),
    },
  };
}

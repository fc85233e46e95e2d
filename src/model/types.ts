// The normalized in-memory registry every stage works on. Sources fill it, checks read it.
import type { Product } from './product.js';

export const DEFAULT_CONTEXT = '.';

export interface Reference {
  name: string;
  subject: string;
  version: number;
}

export interface SchemaVersion {
  subject: string; // qualified: `:.ctx:name` outside the default context
  version: number;
  id: number;
  schemaType: string; // AVRO when the server omitted it
  schema: string;
  references: Reference[];
  deleted: boolean; // soft-deleted: only visible with ?deleted=true
  metadata?: unknown;
  ruleSet?: unknown;
  /** The GUID the registry answered for this schema (Confluent 8, Redpanda 26.3); model/guid.ts computes one. */
  guid?: string;
  apicurio?: ApicurioVersionInfo;
}

export interface Subject {
  name: string; // qualified, as above
  context: string;
  deleted: boolean; // every version soft-deleted (absent from GET /subjects)
  versions: SchemaVersion[]; // ascending by version
  config: Config | null; // subject-level only; null = inherits global
  mode: string | null; // subject-level only
  apicurio?: ApicurioArtifactInfo;
  /** Where a mapped subject came from (--target-context): its ids were numbered in that context, not this one. */
  sourceContext?: string;
}

// Compatibility and the other config fields (normalize, alias, defaultMetadata...) as the server returned them,
// with `compatibilityLevel` renamed to `compatibility` so GET and PUT shapes compare equal.
export type Config = Record<string, unknown>;

export interface SourceInfo {
  kind: 'rest' | 'snapshot';
  location: string; // URL with credentials removed, or file path
  flavor?: string;
  /** The registry software, where it could be told: it decides which spellings of a schema are the same. */
  product?: Product;
  capturedAt?: string;
  requests?: number;
  /** Read from the read before it (watch's cheap passes): only what the listings showed changed was read again. */
  refreshed?: boolean;
  /** Those requests' answers by HTTP status (`error`: no answer), for a live registry. */
  responses?: Record<string, number>;
  /** What a reader of the results should know about this source (e.g. what its format leaves out). */
  notes?: string[];
  /** Records a file holds that its registry discards (a Karapace backup of another topic): reports name each. */
  skipped?: SkippedRecord[];
}

export interface SkippedRecord {
  at: string; // where in the file: `line 4`, `[2]`, `a-topic:0.data record 3`
  why: string;
}

export interface Registry {
  info: SourceInfo;
  globalConfig: Config | null;
  globalMode: string | null;
  contexts: string[];
  /**
   * Context-level config and mode (`/config/:.ctx:`, `/mode/:.ctx:`), between subject and global; non-default contexts
   * only.
   */
  contextSettings: Record<string, ContextSettings>;
  subjects: Map<string, Subject>;
  apicurio?: ApicurioRegistryInfo;
  /** The DEK registry (client-side field encryption), where the source serves one; absent where it serves none. */
  dekRegistry?: DekRegistry;
}

/**
 * A key-encryption key as the DEK registry keeps it: where the key lives (KMS type and key id) and how to reach it.
 * Its KMS properties can hold credentials: only a digest of them is kept, never their values.
 */
export interface Kek {
  name: string;
  kmsType: string;
  kmsKeyId: string;
  /** sha of the KMS properties (sorted JSON), or null where it has none. */
  kmsPropsDigest: string | null;
  doc: string | null;
  shared: boolean;
  deleted: boolean;
}

/** A data-encryption key, wrapped by its KEK: the material is copied as it is, so the same KEK unwraps it. */
export interface Dek {
  kek: string;
  subject: string;
  version: number;
  algorithm: string;
  /** The wrapped key material (base64), absent for a shared KEK's DEK the registry does not hold. */
  material: string | null;
  deleted: boolean;
}

export interface DekRegistry {
  keks: Kek[];
  deks: Dek[];
}

/** A DEK's place in its registry: KEK, subject, version. */
export const dekKey = (d: Dek): string => `${d.kek}\u0000${d.subject}\u0000${d.version}`;

/**
 * What of two KEKs of one name differs, by label (KMS properties by their digest); with `deleted` false, whether
 * they are soft-deleted is left out.
 */
export function kekDifferences(a: Kek, b: Kek, { deleted = true } = {}): string[] {
  const differs: string[] = [];
  if (a.kmsType !== b.kmsType) differs.push(`KMS type (${a.kmsType} -> ${b.kmsType})`);
  if (a.kmsKeyId !== b.kmsKeyId) differs.push('KMS key id');
  if (a.kmsPropsDigest !== b.kmsPropsDigest) differs.push('KMS properties');
  if (a.shared !== b.shared) differs.push('shared setting');
  if (deleted && a.deleted !== b.deleted) differs.push('soft-deleted state');
  return differs;
}

// Apicurio-only attributes, kept where a source is Apicurio's native API or its export ZIP (see model/apicurio.ts).
/** Labels as 3.x has them: v2's labels are keys without a value, its properties keys with one. */
export type Labels = Record<string, string | null>;

export interface ApicurioVersionInfo {
  version: string; // Apicurio's own version string; SchemaVersion.version is the position (1, 2, ...)
  contentId: number;
  state: string; // ENABLED, DISABLED, DEPRECATED (3.x also DRAFT)
  name: string | null;
  description: string | null;
  labels: Labels;
}

export interface ApicurioArtifactInfo {
  groupId: string; // 'default' for the null group
  artifactId: string;
  artifactType: string;
  name: string | null;
  description: string | null;
  labels: Labels;
  /** 3.x only: branch -> version strings, in order. */
  branches?: Record<string, string[]>;
}

export interface ApicurioRegistryInfo {
  api: 'v2' | 'v3';
  systemVersion: string;
  /** Group metadata; `rules` (3.x only: group rules, between artifact and global rules) by rule type. */
  groups: Record<string, { description: string | null; labels: Labels; rules?: Record<string, string> }>;
}

export interface ContextSettings {
  config: Config | null;
  mode: string | null;
}

export interface RegistrySummary {
  subjects: number;
  subjectsDeleted: number;
  versions: number;
  versionsDeleted: number;
  schemas: number; // distinct (context, id)
  contexts: number;
}

export function contextOf(qualifiedSubject: string): string {
  const m = /^:(\.[^:]*):/.exec(qualifiedSubject);
  return m ? m[1]! : DEFAULT_CONTEXT;
}

export function qualify(context: string, subject: string): string {
  return context === DEFAULT_CONTEXT ? subject : `:${context}:${subject}`;
}

/** A subject name as a server may give it inside a context: bare names belong to that context. */
export function qualifyIn(context: string, subject: string): string {
  return subject.startsWith(':') ? subject : qualify(context, subject);
}

/** A context as registries spell it (`.name`, `name`, `:.name:`; `.`, `''` or `:.:` for the default) as `.name`. */
export function asContextName(raw: string): string {
  const bare = raw.replace(/^:/, '').replace(/:$/, '');
  return bare === '' || bare === '.' ? DEFAULT_CONTEXT : bare.startsWith('.') ? bare : `.${bare}`;
}

/** The subject name without its `:.ctx:` prefix. */
export function bareName(subject: string): string {
  return subject.replace(/^:\.[^:]*:/, '');
}

/** The context a subject's ids were numbered in: its source's, when a mapping moved it. */
export function idContextOf(s: Subject): string {
  return s.sourceContext ?? s.context;
}

/** Ids are unique per context, so an id is only meaningful with its context. */
export function idKey(context: string, id: number): string {
  return context === DEFAULT_CONTEXT ? String(id) : `${context}:${id}`;
}

/** The contexts a set of subjects lives in, the default one always among them, sorted. */
export function contextsOf(subjects: Iterable<Subject>): string[] {
  const contexts = new Set([DEFAULT_CONTEXT]);
  for (const s of subjects) contexts.add(s.context);
  return [...contexts].sort();
}

/** Each (context, id) of a registry with its first version: what the id resolves to. */
export function versionsById(reg: Registry): Map<string, SchemaVersion> {
  const out = new Map<string, SchemaVersion>();
  for (const s of reg.subjects.values()) {
    for (const v of s.versions) {
      const k = idKey(s.context, v.id);
      if (!out.has(k)) out.set(k, v);
    }
  }
  return out;
}

/** Counts; `mapId` translates ids first (a migration's id map), so ids it merged count once. */
export function summarize(reg: Registry, mapId?: (context: string, id: number) => number): RegistrySummary {
  let versions = 0;
  let versionsDeleted = 0;
  let subjectsDeleted = 0;
  const ids = new Set<string>();
  // Contexts in use: a context left listed after its subjects were hard-deleted (AxonOps) holds nothing.
  const contexts = new Set([DEFAULT_CONTEXT]);
  let subjects = 0;
  for (const s of reg.subjects.values()) {
    if (!s.versions.length) continue; // only a config or mode: no subject a client can see
    subjects++;
    if (s.deleted) subjectsDeleted++;
    contexts.add(s.context);
    for (const v of s.versions) {
      versions++;
      if (v.deleted) versionsDeleted++;
      ids.add(idKey(s.context, mapId ? mapId(s.context, v.id) : v.id));
    }
  }
  return {
    subjects,
    subjectsDeleted,
    versions,
    versionsDeleted,
    schemas: ids.size,
    contexts: contexts.size,
  };
}

/** Config as compared: server spelling unified, empty means not set. */
export function normalizeConfig(raw: unknown): Config | null {
  if (!raw || typeof raw !== 'object') return null;
  const out: Config = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (v === null || v === undefined) continue;
    out[k === 'compatibilityLevel' ? 'compatibility' : k] = v;
  }
  return Object.keys(out).length ? out : null;
}

/**
 * A version's metadata as its owner set it: registries add `confluent:version` themselves, and an empty entry is
 * no entry. Undefined when nothing is left. (Compared by content-equal; sent by apply.)
 */
export function userMetadata(m: unknown): Record<string, unknown> | undefined {
  if (!m || typeof m !== 'object') return undefined;
  const copy = { ...(m as Record<string, unknown>) };
  const props = copy.properties as Record<string, unknown> | undefined;
  if (props && typeof props === 'object') {
    const { 'confluent:version': _v, ...rest } = props;
    copy.properties = rest;
  }
  const empty = (v: unknown) => v === null || (typeof v === 'object' && v !== null && !Object.keys(v).length);
  for (const [k, v] of Object.entries(copy)) if (empty(v)) delete copy[k];
  return Object.keys(copy).length ? copy : undefined;
}

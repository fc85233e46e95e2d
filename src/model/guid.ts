// The GUID Confluent Schema Registry (8.x) gives a schema: the MD5 of its text, references, metadata and rule set,
// written as a UUID. Header-based serializers put it in each record (`__value_schema_id`: 0x01 and its 16 bytes), so
// a target that stores the same schema with other bytes (re-encoded text, metadata dropped) cannot resolve it.
// As in confluentinc/schema-registry client/.../rest/entities: Schema.updateHash and getGuid, SchemaReference,
// Metadata (sorted maps and sets), RuleSet and Rule updateHash; held to GUIDs Confluent's own classes computed
// (test/fixtures/guid, scripts/fixtures/confluent-guid).
import { createHash, type Hash } from 'node:crypto';
import type { Reference, Registry } from './types.js';

/** What a GUID is computed from: a version as the registry stores it. */
export interface GuidInput {
  schema: string;
  references?: readonly Reference[] | null;
  metadata?: unknown;
  ruleSet?: unknown;
}

export function schemaGuid(v: GuidInput): string {
  const md = createHash('md5');
  md.update(v.schema, 'utf8');
  for (const r of v.references ?? []) {
    text(md, r.name);
    // A reference's subject as the registry stores it: a context-qualified one keeps its `:.ctx:` prefix.
    text(md, r.subject);
    const n = Buffer.alloc(4);
    n.writeInt32BE(r.version);
    md.update(n);
  }
  if (v.metadata != null) {
    md.update(MARKER);
    metadataHash(md, v.metadata as Metadata);
  }
  if (v.ruleSet != null) {
    md.update(MARKER);
    ruleSetHash(md, v.ruleSet as RuleSet);
  }
  return uuidOf(md.digest());
}

/** 16 bytes as a UUID's text (what Java's `UUID.toString` writes): how a GUID is shown and compared. */
export function uuidOf(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A registry serves GUIDs (Confluent 8, Redpanda 26.3) when any version it answered came with one. */
export function servesGuids(r: Registry): boolean {
  for (const s of r.subjects.values()) if (s.versions.some((v) => v.guid)) return true;
  return false;
}

/** "to distinguish from null": a present metadata or rule set adds this byte before its own bytes. */
const MARKER = Buffer.from([1]);

interface Metadata {
  tags?: Record<string, string[]> | null;
  properties?: Record<string, string> | null;
  sensitive?: string[] | null;
}

interface Rule {
  name?: string | null;
  doc?: string | null;
  kind?: string | null;
  mode?: string | null;
  type?: string | null;
  tags?: string[] | null;
  params?: Record<string, string> | null;
  expr?: string | null;
  onSuccess?: string | null;
  onFailure?: string | null;
  disabled?: boolean | null;
}

interface RuleSet {
  migrationRules?: Rule[] | null;
  domainRules?: Rule[] | null;
  encodingRules?: Rule[] | null;
  enableAt?: string | null;
}

function metadataHash(md: Hash, m: Metadata): void {
  for (const key of sortedKeys(m.tags)) {
    text(md, key);
    for (const tag of sortedSet(m.tags![key])) text(md, tag);
  }
  for (const key of sortedKeys(m.properties)) {
    text(md, key);
    text(md, m.properties![key]);
  }
  for (const s of sortedSet(m.sensitive)) text(md, s);
}

function ruleSetHash(md: Hash, rs: RuleSet): void {
  for (const rules of [rs.migrationRules, rs.domainRules, rs.encodingRules])
    for (const rule of rules ?? []) ruleHash(md, rule);
  text(md, rs.enableAt);
}

function ruleHash(md: Hash, r: Rule): void {
  for (const field of [r.name, r.doc, r.kind, r.mode, r.type]) text(md, field);
  for (const tag of sortedSet(r.tags)) text(md, tag);
  for (const key of sortedKeys(r.params)) {
    text(md, key);
    text(md, r.params![key]);
  }
  for (const field of [r.expr, r.onSuccess, r.onFailure]) text(md, field);
  if (r.disabled === true) md.update(MARKER);
}

/** A string's UTF-8 bytes; nothing for null (the Java code skips null fields). */
function text(md: Hash, s: unknown): void {
  if (s !== null && s !== undefined) md.update(String(s), 'utf8');
}

/**
 * Keys in Java's TreeMap order (String.compareTo: UTF-16 code units), which is JavaScript's default sort.
 * `Object.keys` would put integer-like keys first.
 */
function sortedKeys(o: Record<string, unknown> | null | undefined): string[] {
  return o ? Object.keys(o).sort() : [];
}

/** A TreeSet: sorted, each once. */
function sortedSet(list: readonly string[] | null | undefined): string[] {
  return [...new Set(list ?? [])].sort();
}

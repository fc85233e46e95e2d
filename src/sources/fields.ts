// Typed reading of the fields the file formats share. Every reader goes through these, so a value of the wrong type
// is refused where it is read, with its path (`subjects[2].versions[0].id: expected ...`), never met inside a check.
import type { Reference, SchemaVersion } from '../model/types.js';
import { NO_REFERENCES, intern, internJson } from '../model/intern.js';

export type Fail = (where: string, what: string) => never;

/** What a format says of a version elsewhere, or spells its own way (`schemaId`, `schema_type`...). */
export interface VersionOptions {
  /** Field names where they differ from the REST API's `id` and `schemaType`. */
  names?: { id?: string; schemaType?: string };
  /** The version number, where the format keeps it outside the record (a key, a request path). */
  version?: number;
  /** The text, where the format keeps it apart from the version (Kora's schemas_by_id). */
  schema?: string;
  /** Soft-deleted, where a listing says so rather than the version itself. */
  deleted?: boolean;
  /** Places a referenced subject given without a context in the referrer's (formats that store bare names). */
  qualify?: (subject: string) => string;
}

/** Deeper than this, metadata or a rule set is refused: walking it would overflow the stack (and nothing real is). */
export const MAX_DEPTH = 64;

export class Fields {
  constructor(readonly fail: Fail) {}

  string(v: unknown, at: string): string {
    return typeof v === 'string' ? v : this.fail(at, 'expected a string');
  }

  /** A string, or null when absent. */
  optionalString(v: unknown, at: string): string | null {
    return v === undefined || v === null ? null : this.string(v, at);
  }

  /** Ids and version numbers: beyond 2^53 JSON parsing has rounded them, and two could compare equal. */
  wholeNumber(v: unknown, at: string): number {
    return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
      ? v
      : this.fail(at, 'expected a whole number (at most 2^53)');
  }

  /** true or false; absent is false. `"false"` is refused: read as a flag it would be true. */
  flag(v: unknown, at: string): boolean {
    if (v === undefined || v === null) return false;
    return typeof v === 'boolean' ? v : this.fail(at, 'expected true or false');
  }

  /** A flag that may be absent (undefined), for readers that derive it otherwise. */
  optionalFlag(v: unknown, at: string): boolean | undefined {
    return v === undefined || v === null ? undefined : this.flag(v, at);
  }

  array(v: unknown, at: string): unknown[] {
    return Array.isArray(v) ? v : this.fail(at, 'expected an array');
  }

  /** An array, or empty when absent. */
  optionalArray(v: unknown, at: string): unknown[] {
    return v === undefined || v === null ? [] : this.array(v, at);
  }

  object(v: unknown, at: string): Record<string, unknown> {
    return v && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : this.fail(at, 'expected an object');
  }

  optionalObject(v: unknown, at: string): Record<string, unknown> | null {
    if (v === undefined || v === null) return null;
    return v && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : this.fail(at, 'expected an object or null');
  }

  /** `[{name, subject, version}]`; `qualify` places a bare subject in the referrer's context. */
  references(v: unknown, at: string, qualify: (subject: string) => string = (s) => s): Reference[] {
    const list = this.optionalArray(v, at);
    if (!list.length) return NO_REFERENCES;
    return list.map((r, k) => {
      const ref = r as Partial<Reference> | null;
      const ok =
        ref && typeof ref.name === 'string' && typeof ref.subject === 'string' && Number.isSafeInteger(ref.version);
      if (!ok) this.fail(`${at}[${k}]`, 'expected {name, subject, version}');
      return { name: ref!.name!, subject: qualify(ref!.subject!), version: ref!.version! };
    });
  }

  /**
   * A schema version as every reader builds it: AVRO where the type is left out (the registries' default), the text
   * interned (one copy across both sides), metadata and ruleSet kept where present. Paths in errors start at `at`.
   */
  version(v: Record<string, unknown>, at: string, subject: string, o: VersionOptions = {}): SchemaVersion {
    const path = (field: string) => (at ? `${at}.${field}` : field);
    const [idField, typeField] = [o.names?.id ?? 'id', o.names?.schemaType ?? 'schemaType'];
    const out: SchemaVersion = {
      subject,
      version: o.version ?? this.wholeNumber(v.version, path('version')),
      id: this.wholeNumber(v[idField], path(idField)),
      schemaType: this.optionalString(v[typeField], path(typeField)) || 'AVRO',
      schema: intern(o.schema ?? this.string(v.schema, path('schema'))),
      references: this.references(v.references, path('references'), o.qualify),
      deleted: o.deleted ?? this.flag(v.deleted, path('deleted')),
    };
    for (const field of ['metadata', 'ruleSet'] as const)
      if (v[field] != null) out[field] = internJson(this.nested(this.object(v[field], path(field)), path(field)));
    // Confluent 8 and Redpanda 26.3 answer each schema's GUID (what header-based serializers write in records)
    const guid = this.optionalString(v.guid, path('guid'));
    if (guid) out.guid = guid;
    return out;
  }

  /** A subject's versions in version order; a version listed twice would hide one copy, so it is refused. */
  inOrder(versions: SchemaVersion[], at: string): SchemaVersion[] {
    versions.sort((a, b) => a.version - b.version);
    versions.forEach((v, j) => {
      if (j > 0 && versions[j - 1]!.version === v.version) this.fail(at, `version ${v.version} is listed twice`);
    });
    return versions;
  }

  /** Free-form JSON (metadata, rule sets, Apicurio details), refused when nested deeper than MAX_DEPTH. */
  nested<T>(v: T, at: string): T {
    const stack: [unknown, number][] = [[v, 0]];
    while (stack.length) {
      const [x, depth] = stack.pop()!;
      if (!x || typeof x !== 'object') continue;
      if (depth >= MAX_DEPTH) this.fail(at, `nested deeper than ${MAX_DEPTH} levels`);
      for (const child of Object.values(x)) if (child && typeof child === 'object') stack.push([child, depth + 1]);
    }
    return v;
  }
}

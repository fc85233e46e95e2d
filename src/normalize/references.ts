// A version equals another only if what its references point at is equal too, recursively.
import { versionsById, type Reference, type Registry, type SchemaVersion } from '../model/types.js';
import { FORMS, closureHash, digest, validationError, type Digest, type FormVersion } from './index.js';
import { inlineReferences } from './avro.js';

export class ReferenceResolver {
  private readonly closures = new Map<SchemaVersion, string>();

  /** `forms`: an earlier closure's, for checking a baseline hashed with it (model/baseline.ts). */
  constructor(
    private readonly reg: Registry,
    private readonly forms: FormVersion = FORMS,
  ) {}

  resolve(ref: Reference): SchemaVersion | undefined {
    const s = this.reg.subjects.get(ref.subject);
    return s?.versions.find((v) => v.version === ref.version);
  }

  /** Referenced schemas, dependencies first (what avsc needs to resolve named types), under their reference names. */
  referenced(v: SchemaVersion, seen = new Set<SchemaVersion>()): { name: string; schema: string }[] {
    const out: { name: string; schema: string }[] = [];
    for (const r of v.references) {
      const dep = this.resolve(r);
      if (!dep || seen.has(dep)) continue;
      seen.add(dep);
      out.push(...this.referenced(dep, seen), { name: r.name, schema: dep.schema });
    }
    return out;
  }

  normalized(v: SchemaVersion): Digest {
    return digest(v.schemaType, v.schema, this.forms);
  }

  /** Why the version's schema is invalid (Avro: checked with its references' texts), or undefined. */
  invalid(v: SchemaVersion): string | undefined {
    return validationError(
      v.schemaType,
      v.schema,
      v.schemaType === 'AVRO' && v.references.length ? this.referenced(v).map((r) => r.schema) : [],
    );
  }

  /** Hash over the version's own semantic form and, by name, each reference's closure. */
  closure(v: SchemaVersion, stack = new Set<SchemaVersion>()): string {
    const done = this.closures.get(v);
    if (done) return done;
    if (stack.has(v)) return 'cycle';
    stack.add(v);
    const parts = this.referenceParts(v, stack);
    stack.delete(v);
    // Most versions reference nothing: their closure was computed with the digest. The others hash the form again.
    const h = parts.length ? closureHash(v.schemaType, v.schema, parts, this.forms) : this.normalized(v).leaf;
    this.closures.set(v, h);
    return h;
  }

  /**
   * Whether `v` here and `w` in `other` hold the same content, what their references point at included: the closure
   * comparison, without normalizing where the texts are the very same (equal text and type normalize alike, so only
   * texts that differ need their forms). Comparing two registries that agree then parses nothing.
   */
  sameContent(v: SchemaVersion, other: ReferenceResolver, w: SchemaVersion): boolean {
    return this.sameText(v, other, w) || this.closure(v) === other.closure(w);
  }

  /** The same type and text, with references alike by name and by the texts they resolve to. */
  /**
   * Whether `v`, an Avro version without references, is `w` (of `other`) with the types of its references written
   * in, as Avro prints a schema parsed with them: the same schema to a registry that compares resolved schemas.
   */
  inlines(v: SchemaVersion, other: ReferenceResolver, w: SchemaVersion): boolean {
    if (v.schemaType !== 'AVRO' || w.schemaType !== 'AVRO' || v.references.length || !w.references.length) return false;
    const resolved = inlineReferences(
      w.schema,
      other.referenced(w).map((r) => r.schema),
    );
    return resolved !== undefined && digest('AVRO', resolved).semantic === this.normalized(v).semantic;
  }

  sameText(v: SchemaVersion, other: ReferenceResolver, w: SchemaVersion): boolean {
    if (v === w && other === this) return true;
    return v.schemaType === w.schemaType && v.schema === w.schema && this.sameReferences(v, other, w, 0);
  }

  /** References alike by name and, recursively, by what they resolve to (text first); false means "not shown". */
  private sameReferences(v: SchemaVersion, other: ReferenceResolver, w: SchemaVersion, depth: number): boolean {
    if (v.references.length !== w.references.length) return false;
    if (!v.references.length) return true;
    if (depth > 32) return false; // deep or cyclic: the closures decide
    return v.references.every((r, i) => {
      const q = w.references[i]!;
      if (r.name !== q.name) return false;
      const [a, b] = [this.resolve(r), other.resolve(q)];
      return (
        a !== undefined &&
        b !== undefined &&
        a.schemaType === b.schemaType &&
        a.schema === b.schema &&
        this.sameReferences(a, other, b, depth + 1)
      );
    });
  }

  /** Only the references' closure, without the version's own content. */
  referencesClosure(v: SchemaVersion): string {
    return this.referenceParts(v).join(',');
  }

  /** `name=closure` per reference, sorted; a dangling reference says where it pointed. */
  private referenceParts(v: SchemaVersion, stack?: Set<SchemaVersion>): string[] {
    return v.references
      .map((r) => {
        const dep = this.resolve(r);
        return `${r.name}=${dep ? this.closure(dep, stack) : `missing:${r.subject}/${r.version}`}`;
      })
      .sort();
  }
}

/**
 * Content registered under more than one id, per context: what a content-deduplicating target (Kora) cannot keep
 * apart. Every group, ids ascending (the first is the one such a target keeps).
 */
export function dedupGroups(
  reg: Registry,
  refs: ReferenceResolver,
): { context: string; ids: [number, SchemaVersion][] }[] {
  const groups = new Map<string, { context: string; ids: Map<number, SchemaVersion> }>();
  for (const s of reg.subjects.values()) {
    for (const v of s.versions) {
      const key = `${s.context}\u0000${refs.closure(v)}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { context: s.context, ids: new Map() }));
      if (!g.ids.has(v.id)) g.ids.set(v.id, v);
    }
  }
  return [...groups.values()].map((g) => ({ context: g.context, ids: [...g.ids.entries()].sort(([a], [b]) => a - b) }));
}

/** Each (context, id) of a registry with the closure of its first version: what the id resolves to. */
export function idClosures(
  reg: Registry,
  refs: ReferenceResolver,
): Map<string, { closure: string; subject: string; version: number }> {
  const out = new Map<string, { closure: string; subject: string; version: number }>();
  for (const [k, v] of versionsById(reg))
    out.set(k, { closure: refs.closure(v), subject: v.subject, version: v.version });
  return out;
}

// Avro: two comparable forms.
// canonical: Parsing Canonical Form (full names; no doc, aliases, defaults, order, logicalType, custom props).
// semantic:  the parsed schema as the registry keeps it: what Confluent's lookup and id assignment hash
//            (AvroSchema.canonicalString() is Avro's Schema.toString(): doc, aliases, defaults, order, logicalType
//            and custom properties all count; whitespace, key order and how a full name is spelled do not).
import avsc from 'avsc';
import { dictionary } from '../model/copy.js';
import type { Json } from './json.js';

export const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);
const NAMED = new Set(['record', 'error', 'enum', 'fixed']);
const COMPLEX = new Set([...NAMED, 'array', 'map']);
// A namespace is folded into the full names it qualifies, so only its spelling is dropped.
const DROP_ALWAYS = new Set(['namespace']);
const PCF_KEEP = new Set(['type', 'name', 'fields', 'symbols', 'items', 'values', 'size']);

type Obj = { [k: string]: Json };

function fullName(name: string, ns: string | undefined): string {
  return name.includes('.') || !ns ? name : `${ns}.${name}`;
}

/** Aliases as full names, in their order (the registry keeps and hashes them as written). */
const fullNames = (names: Json[], ns: string | undefined): Json[] =>
  names.map((a) => (typeof a === 'string' ? fullName(a, ns) : a));

function walk(node: Json, ns: string | undefined, canonical: boolean): Json {
  if (typeof node === 'string') return PRIMITIVES.has(node) ? node : fullName(node, ns);
  if (Array.isArray(node)) return node.map((n) => walk(n, ns, canonical));
  if (node === null || typeof node !== 'object' || !('type' in node)) return node;
  const obj = node as Obj;
  const type = obj.type;
  let innerNs = ns;
  const out: Obj = dictionary();
  if (typeof type === 'string' && NAMED.has(type) && typeof obj.name === 'string') {
    const explicitNs = typeof obj.namespace === 'string' ? obj.namespace : ns;
    const name = fullName(obj.name, explicitNs || undefined);
    innerNs = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : undefined;
    out.name = name;
  }
  for (const k of Object.keys(obj)) {
    const v = obj[k]!;
    if (k === 'name' && 'name' in out) continue;
    if (DROP_ALWAYS.has(k) || (canonical && !PCF_KEEP.has(k))) continue;
    if (k === 'type') out.type = typeof v === 'string' && COMPLEX.has(v) ? v : walk(v, ns, canonical);
    else if (k === 'fields' && Array.isArray(v)) out.fields = v.map((f) => walkField(f, innerNs, canonical));
    else if (k === 'items' || k === 'values') out[k] = walk(v, ns, canonical);
    else if (k === 'aliases' && Array.isArray(v)) out.aliases = fullNames(v, innerNs);
    else out[k] = v;
  }
  // {"type":"string"} is the primitive "string"
  const keys = Object.keys(out);
  if (keys.length === 1 && typeof out.type === 'string' && PRIMITIVES.has(out.type)) return out.type;
  return out;
}

function walkField(f: Json, ns: string | undefined, canonical: boolean): Json {
  if (!f || typeof f !== 'object' || Array.isArray(f)) return f;
  const out: Obj = dictionary();
  for (const k of Object.keys(f as Obj)) {
    const v = (f as Obj)[k]!;
    if (canonical && k !== 'name' && k !== 'type') continue;
    if (k === 'type') out.type = walk(v, ns, canonical);
    else out[k] = v;
  }
  return out;
}

/**
 * One of the two forms of a parsed schema, as a tree that sortedStringify prints. Named types from references need no
 * resolving to compare by full name.
 */
export function avroForm(parsed: Json, form: 'canonical' | 'semantic'): Json {
  return walk(parsed, undefined, form === 'canonical');
}

/**
 * avsc's verdict on a schema, with the referenced schemas' texts (dependencies first) to resolve named types;
 * undefined when valid. It costs about 40 µs a schema (90 with the functions it compiles, below), ten times the
 * forms above, so callers run it only where it explains a difference.
 */
export function avroError(text: string, refs: string[] = []): string | undefined {
  try {
    const [schema, referenced] = [JSON.parse(text) as avsc.Schema, refs.map((r) => JSON.parse(r) as avsc.Schema)];
    // Such a record ends in avsc's limit below anyway, after building a type for every field (400,000 fields: 0.9 s
    // and 200 MB for nothing).
    if ([schema, ...referenced].some(beyondAvsc)) return undefined;
    withLazyCompilation(() => typeOf(schema, referenced));
    return undefined;
  } catch (err) {
    // Limits of avsc's, not faults of the schema: it compiles a function per record whose parameters are the fields
    // (V8 allows 65,534), and recurses into nested types. Valid as far as it can tell.
    if (err instanceof RangeError || /Too many parameters/.test((err as Error).message)) return undefined;
    return `Avro: ${(err as Error).message}`;
  }
}

/** avsc's type for a schema, the referenced schemas' texts (dependencies first) resolving its named types. */
export function avroType(text: string, refs: string[] = []): avsc.Type {
  return typeOf(
    JSON.parse(text) as avsc.Schema,
    refs.map((r) => JSON.parse(r) as avsc.Schema),
  );
}

function typeOf(schema: avsc.Schema, referenced: avsc.Schema[]): avsc.Type {
  const registry = {};
  for (const r of referenced) avsc.Type.forSchema(r, { registry });
  return avsc.Type.forSchema(schema, { registry });
}

type Prototype = Record<string, unknown>;
type Compiled = (...args: unknown[]) => unknown;
const TYPES = (avsc as unknown as { types?: Record<string, { prototype: Prototype }> }).types;
const RECORD = TYPES?.RecordType?.prototype;
const ANY = (avsc.Type as unknown as { prototype: Prototype }).prototype;
const CODECS = ['_createReader', '_createSkipper', '_createWriter', '_createChecker'];

/**
 * avsc compiles functions as it builds a type (a `new Function` each): four codecs per record (reader, skipper,
 * writer, checker) and a branch constructor per type, three quarters of its cost (90 → 40 µs a schema), for
 * encoding the verdict never does. While `build` runs they are compiled at their first call instead (a union's
 * default may check a record branch), so nothing changes but when. Were avsc's internals otherwise, it is left alone.
 */
function withLazyCompilation<T>(build: () => T): T {
  if (
    !RECORD ||
    CODECS.some((k) => typeof RECORD[k] !== 'function') ||
    typeof ANY._createBranchConstructor !== 'function'
  )
    return build();
  const eager = CODECS.map((k) => RECORD[k] as (this: unknown) => Compiled);
  const branch = ANY._createBranchConstructor as (this: { branchName?: string }) => Compiled | null;
  CODECS.forEach((k, i) => {
    RECORD[k] = function (this: unknown) {
      let codec: Compiled | undefined;
      // Called as the type's own method, as the compiled codec would be.
      return (...args: unknown[]) => (codec ??= eager[i]!.call(this)).apply(this, args);
    };
  });
  ANY._createBranchConstructor = function (this: { branchName?: string }) {
    if (this.branchName === 'null') return null; // as avsc does: no branch to wrap
    let Branch: (new (value: unknown) => unknown) | undefined;
    const real = () => (Branch ??= branch.call(this) as unknown as new (value: unknown) => unknown);
    // `new` on this returns the real branch's object
    return function LazyBranch(value: unknown) {
      return new (real())(value);
    };
  };
  try {
    return build();
  } finally {
    CODECS.forEach((k, i) => (RECORD[k] = eager[i]));
    ANY._createBranchConstructor = branch;
  }
}

/** V8's limit on a function's parameters, which avsc's compiled record constructor has one of per field. */
const AVSC_MAX_FIELDS = 65_534;

/** A record anywhere in the schema with more fields than avsc can compile. */
function beyondAvsc(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.some(beyondAvsc);
  if (!schema || typeof schema !== 'object') return false;
  const s = schema as { type?: unknown; fields?: unknown; items?: unknown; values?: unknown };
  if (Array.isArray(s.fields)) {
    if (s.fields.length > AVSC_MAX_FIELDS) return true;
    if (
      s.fields.some((f: unknown) => f !== null && typeof f === 'object' && beyondAvsc((f as { type?: unknown }).type))
    )
      return true;
  }
  return beyondAvsc(s.items) || beyondAvsc(s.values) || (typeof s.type === 'object' && beyondAvsc(s.type));
}

/**
 * The schema with the named types its references define written in where it first uses them, as Avro prints a schema
 * parsed with its references (`Schema.toString`): what Confluent compares when a text without references is looked
 * up against a version with them (`ParsedSchema.canLookup`). Undefined where a text is not JSON.
 */
export function inlineReferences(text: string, referenced: string[]): string | undefined {
  let main: Json;
  const definitions = new Map<string, Json>();
  try {
    main = JSON.parse(text) as Json;
    for (const r of referenced) collectNamed(JSON.parse(r) as Json, undefined, definitions);
  } catch {
    return undefined;
  }
  const defined = new Set<string>();
  const inline = (node: Json, ns: string | undefined): Json => {
    if (typeof node === 'string') {
      const full = fullName(node, ns);
      if (PRIMITIVES.has(node) || defined.has(full) || !definitions.has(full)) return node;
      return inline(definitions.get(full)!, undefined);
    }
    if (Array.isArray(node)) return node.map((n) => inline(n, ns));
    if (node === null || typeof node !== 'object') return node;
    const obj = { ...(node as Obj) };
    let inner = ns;
    if (typeof obj.type === 'string' && NAMED.has(obj.type) && typeof obj.name === 'string') {
      const name = fullName(obj.name, typeof obj.namespace === 'string' ? obj.namespace || undefined : ns);
      defined.add(name);
      inner = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : undefined;
      obj.name = name;
      delete obj.namespace;
    }
    if ('type' in obj && !(typeof obj.type === 'string' && COMPLEX.has(obj.type))) obj.type = inline(obj.type!, ns);
    for (const k of ['items', 'values'] as const) if (k in obj) obj[k] = inline(obj[k]!, ns);
    if (Array.isArray(obj.fields))
      obj.fields = obj.fields.map((f) =>
        f && typeof f === 'object' && !Array.isArray(f) && 'type' in f ? { ...f, type: inline(f.type!, inner) } : f,
      );
    return obj;
  };
  return JSON.stringify(inline(main, undefined));
}

/** Every named type a schema defines, by full name, written with that full name (its namespace folded in). */
function collectNamed(node: Json, ns: string | undefined, into: Map<string, Json>): void {
  if (Array.isArray(node)) return node.forEach((n) => collectNamed(n, ns, into));
  if (node === null || typeof node !== 'object') return;
  const obj = node as Obj;
  let inner = ns;
  if (typeof obj.type === 'string' && NAMED.has(obj.type) && typeof obj.name === 'string') {
    const name = fullName(obj.name, typeof obj.namespace === 'string' ? obj.namespace || undefined : ns);
    inner = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : undefined;
    const { namespace: _ns, ...rest } = obj;
    if (!into.has(name)) into.set(name, { ...rest, name });
  }
  if (obj.type !== undefined && typeof obj.type !== 'string') collectNamed(obj.type, ns, into);
  for (const k of ['items', 'values'] as const) if (obj[k] !== undefined) collectNamed(obj[k]!, ns, into);
  if (Array.isArray(obj.fields))
    for (const f of obj.fields)
      if (f && typeof f === 'object' && !Array.isArray(f) && (f as Obj).type !== undefined)
        collectNamed((f as Obj).type!, inner, into);
}

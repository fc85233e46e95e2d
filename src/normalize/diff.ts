// Where two normalized forms first differ, as a path a person can find in the schema: `fields[1].default: 0 → 1`.
import { PRIMITIVES } from './avro.js';
import type { NoteSpelling, Spelling } from '../model/product.js';
import { protobufSpellings } from './protobuf.js';
import { formTree, isJsonDocument, type Form } from './index.js';
import {
  isJsonObject,
  isNumberNode,
  MAY_WRITE_INTEGER_AS_DECIMAL,
  parseLossless,
  parseWritten,
  sortedStringify,
  type Json,
} from './json.js';

/**
 * Undefined where the forms are equal, are not JSON (e.g. an unparseable schema compared as text) or nest too deep
 * to walk (thousands of levels: no valid schema does).
 */
export function firstDifference(schemaType: string, a: string, b: string, form: Form = 'semantic'): string | undefined {
  const x = formTree(schemaType, a, form);
  const y = x === undefined ? undefined : formTree(schemaType, b, form);
  if (x === undefined || y === undefined) return undefined;
  try {
    return walk(x, y, '');
  } catch (err) {
    if (err instanceof RangeError) return undefined;
    throw err;
  }
}

/** A spelling some registries tell apart, and where it is (`fields[0].default: 1.0 → 1`). */
export interface SpellingFound {
  kind: Spelling;
  place: string;
}

/**
 * How two schemas whose semantic forms are equal are spelled in ways some registries tell apart: each kind once, at
 * its first place, in the order the walk meets them; empty where none is (which products tell which apart:
 * model/product.ts). All of them, not the first: a target may take the first for the same schema and not the next.
 * - a number written as an integer on one side and a decimal on the other (`1` and `1.0`, `100` and `1e2`), or `0.0`
 *   and `-0.0`: Jackson (Confluent) prints an IntNode and a DoubleNode apart;
 * - Avro custom properties (or the keys of an object in a default or property) in another order, and a JSON
 *   Schema's keys in another order: Avro's Schema.toString and Jackson keep the order;
 * - an Avro primitive written as `{"type":"string"}` on one side and `"string"` on the other;
 * - an Avro full name written whole (`com.acme.N`) on one side, split into name and namespace (or inherited) on the
 *   other;
 * - Protobuf declarations in another order, other imports or comments (protobuf.ts protobufSpellings).
 * Keys that are integers are listed first by JavaScript whatever their order: a difference among them is missed.
 */
export function spellingDifferences(schemaType: string, a: string, b: string): SpellingFound[] {
  const found = new Map<Spelling, string>();
  const note: NoteSpelling = (kind, place) => {
    if (!found.has(kind)) found.set(kind, place);
  };
  const type = schemaType.toUpperCase();
  if (type === 'PROTOBUF') protobufSpellings(a, b, note);
  else if (type === 'AVRO' || isJsonDocument(schemaType, a)) jsonSpellings(type === 'AVRO', a, b, note);
  return [...found].map(([kind, place]) => ({ kind, place }));
}

/** Avro or a JSON document, read as written. */
function jsonSpellings(avro: boolean, a: string, b: string, note: NoteSpelling): void {
  // Without such a number the kinds agree wherever the values do: numbers need reading as written only with one.
  const numbers = MAY_WRITE_INTEGER_AS_DECIMAL.test(a) || MAY_WRITE_INTEGER_AS_DECIMAL.test(b);
  const parse = numbers ? parseWritten : parseLossless;
  try {
    const [x, y] = [parse(a), parse(b)];
    if (avro) avroSpelling(x, y, '', note);
    else valueSpelling(x, y, '', JSON_SPELLINGS, note);
  } catch (err) {
    if (err instanceof RangeError || err instanceof SyntaxError) return; // too deep, or not JSON
    throw err;
  }
}

const SCHEMA_RESERVED = new Set([
  'type',
  'name',
  'namespace',
  'doc',
  'fields',
  'items',
  'values',
  'symbols',
  'size',
  'aliases',
  'default',
]);
const FIELD_RESERVED = new Set(['name', 'type', 'doc', 'default', 'order', 'aliases']);

/** Two Avro schemas as written, walked alike (their semantic forms are equal, so their shapes agree). */
function avroSpelling(a: Json, b: Json, path: string, note: NoteSpelling): void {
  const at = path || '(root)';
  if (Array.isArray(a) && Array.isArray(b)) return each(a, b, path, (x, y, p) => avroSpelling(x, y, p, note));
  if (bareType(a) !== bareType(b)) return note('avro-bare-type', `${at}: ${short(a)} → ${short(b)}`);
  if (!isJsonObject(a) || !isJsonObject(b)) return;
  nameSpelling(a, b, at, note);
  propsSpelling(a, b, path, SCHEMA_RESERVED, note);
  avroSpelling(a.type ?? null, b.type ?? null, under(path, 'type'), note); // a keyword like "record": none
  for (const k of ['items', 'values']) if (own(a, k) && own(b, k)) avroSpelling(a[k]!, b[k]!, under(path, k), note);
  if (Array.isArray(a.fields) && Array.isArray(b.fields)) {
    const [fa, fb] = [a.fields, b.fields];
    for (let i = 0; i < Math.min(fa.length, fb.length); i++) {
      const [x, y, p] = [fa[i]!, fb[i]!, under(path, `fields[${i}]`)];
      if (!isJsonObject(x) || !isJsonObject(y)) continue;
      propsSpelling(x, y, p, FIELD_RESERVED, note);
      avroSpelling(x.type ?? null, y.type ?? null, `${p}.type`, note);
      if (own(x, 'default') && own(y, 'default'))
        valueSpelling(x.default!, y.default!, `${p}.default`, AVRO_DEFAULT, note);
    }
  }
  if (own(a, 'default') && own(b, 'default'))
    valueSpelling(a.default!, b.default!, under(path, 'default'), AVRO_DEFAULT, note);
}

/** A named type's full name written otherwise: `com.acme.N` against `N` in namespace `com.acme`, or inherited. */
function nameSpelling(a: Record<string, Json>, b: Record<string, Json>, at: string, note: NoteSpelling): void {
  if (typeof a.name !== 'string' || typeof b.name !== 'string') return;
  if (a.name === b.name && a.namespace === b.namespace) return;
  const written = (x: Record<string, Json>) =>
    `name ${short(x.name)}${own(x, 'namespace') ? ` namespace ${short(x.namespace)}` : ''}`;
  note('avro-namespace', `${at}: ${written(a)} → ${written(b)}`);
}

/** Custom properties in their written order, and their values as written. */
function propsSpelling(
  a: Record<string, Json>,
  b: Record<string, Json>,
  path: string,
  reserved: Set<string>,
  note: NoteSpelling,
): void {
  const [pa, pb] = [Object.keys(a).filter((k) => !reserved.has(k)), Object.keys(b).filter((k) => !reserved.has(k))];
  if (pa.join('\u0000') !== pb.join('\u0000'))
    note(
      'avro-property-order',
      `${path || '(root)'}: properties in another order: ${pa.join(', ')} → ${pb.join(', ')}`,
    );
  for (const k of pa) if (own(b, k)) valueSpelling(a[k]!, b[k]!, under(path, k), AVRO, note);
}

/** What a difference in a JSON value is: within an Avro schema (defaults, properties), or a JSON Schema. */
interface ValueSpellings {
  number: Spelling;
  keyOrder: Spelling;
}
const AVRO: ValueSpellings = { number: 'avro-number', keyOrder: 'avro-property-order' };
// A default is read for the field's type (Avro's JacksonUtils): a normalizing registry writes 0 and 0.0 alike there.
const AVRO_DEFAULT: ValueSpellings = { number: 'avro-default-number', keyOrder: 'avro-property-order' };
const JSON_SPELLINGS: ValueSpellings = { number: 'json-number', keyOrder: 'json-key-order' };

/** A JSON value as written: its numbers' kinds and its objects' key order. */
function valueSpelling(a: Json, b: Json, path: string, kinds: ValueSpellings, note: NoteSpelling): void {
  const at = path || '(root)';
  if (isNumberNode(a) && isNumberNode(b)) {
    if (numberKind(a.value) !== numberKind(b.value)) note(kinds.number, `${at}: ${a.value} → ${b.value}`);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) return each(a, b, path, (x, y, p) => valueSpelling(x, y, p, kinds, note));
  if (!isJsonObject(a) || !isJsonObject(b)) return;
  const [ka, kb] = [Object.keys(a), Object.keys(b)];
  if (ka.join('\u0000') !== kb.join('\u0000'))
    note(kinds.keyOrder, `${at}: keys in another order: ${ka.join(', ')} → ${kb.join(', ')}`);
  for (const k of ka) if (own(b, k)) valueSpelling(a[k]!, b[k]!, under(path, k), kinds, note);
}

function each(a: Json[], b: Json[], path: string, f: (x: Json, y: Json, p: string) => void): void {
  for (let i = 0; i < Math.min(a.length, b.length); i++) f(a[i]!, b[i]!, `${path}[${i}]`);
}

/** A primitive as `{"type":"string"}` (nothing else in the object): 'object'; as `"string"`: 'name'; else ''. */
function bareType(s: Json): string {
  if (typeof s === 'string') return PRIMITIVES.has(s) ? 'name' : '';
  return isJsonObject(s) && Object.keys(s).length === 1 && typeof s.type === 'string' && PRIMITIVES.has(s.type)
    ? 'object'
    : '';
}

/** A key's path below `path`. */
const under = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** An integer literal, a decimal, or a decimal zero with its sign (Jackson prints -0.0 and 0.0 apart). */
function numberKind(written: string): string {
  if (/^-?\d+$/.test(written)) return 'integer';
  return Number(written) === 0 && written.startsWith('-') ? 'negative zero' : 'decimal';
}

function walk(a: Json, b: Json, path: string): string | undefined {
  if (same(a, b)) return undefined;
  const bothObjects = container(a) && container(b) && Array.isArray(a) === Array.isArray(b);
  if (bothObjects && Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length || i >= b.length) return `${path}[${i}]: ${short(a[i])} → ${short(b[i])}`;
      const d = walk(a[i]!, b[i]!, `${path}[${i}]`);
      if (d) return d;
    }
  } else if (bothObjects) {
    const ao = a as Record<string, Json>;
    const bo = b as Record<string, Json>;
    for (const k of [...new Set([...Object.keys(ao), ...Object.keys(bo)])].sort()) {
      const p = under(path, k);
      if (!own(ao, k) || !own(bo, k))
        return `${p}: ${short(own(ao, k) ? ao[k] : undefined)} → ${short(own(bo, k) ? bo[k] : undefined)}`;
      const d = walk(ao[k]!, bo[k]!, p);
      if (d) return d;
    }
  }
  return `${path || '(root)'}: ${short(a)} → ${short(b)}`;
}

/**
 * Equal as JSON, compared in place: printing each subtree to compare it would print a large schema once per level
 * (a 50 MB record: hundreds of MB of strings to find one changed doc).
 */
function same(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (!container(a) || !container(b)) return sortedStringify(a) === sortedStringify(b); // numbers print canonically
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i]!, b[i]!)) return false;
    return true;
  }
  const [ao, bo] = [a as Record<string, Json>, b as Record<string, Json>];
  const keys = Object.keys(ao);
  if (keys.length !== Object.keys(bo).length) return false;
  for (const k of keys) if (!own(bo, k) || !same(ao[k]!, bo[k]!)) return false;
  return true;
}

/** An array or an object: what a path goes into (a lossless number is an object, but a leaf). */
const container = (x: Json) => x !== null && typeof x === 'object' && !isNumberNode(x);

/** A key the document has itself (`toString` is not one just because every object inherits it). */
const own = (o: Record<string, Json>, k: string) => Object.prototype.hasOwnProperty.call(o, k);

function short(v: Json | undefined): string {
  if (v === undefined) return 'absent';
  const s = sortedStringify(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

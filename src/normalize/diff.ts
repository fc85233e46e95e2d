// Where two normalized forms first differ, as a path a person can find in the schema: `fields[1].default: 0 → 1`.
import { formTree, writtenTree, type Form } from './index.js';
import { isNumberNode, MAY_WRITE_INTEGER_AS_DECIMAL, sortedStringify, type Json } from './json.js';

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

/**
 * Where two schemas whose semantic forms are equal write a number differently: an integer on one side and a decimal
 * on the other (`1` and `1.0`, `100` and `1e2`), or `0.0` and `-0.0`. Avro's Schema.toString, which Confluent's
 * lookups hash, prints a Jackson IntNode and a DoubleNode differently. Undefined where they write numbers alike.
 */
export function numberWrittenDifference(schemaType: string, a: string, b: string): string | undefined {
  if (!MAY_WRITE_INTEGER_AS_DECIMAL.test(a) && !MAY_WRITE_INTEGER_AS_DECIMAL.test(b)) return undefined;
  const x = writtenTree(schemaType, a);
  const y = x === undefined ? undefined : writtenTree(schemaType, b);
  if (x === undefined || y === undefined) return undefined;
  try {
    return numberWalk(x, y, '');
  } catch (err) {
    if (err instanceof RangeError) return undefined;
    throw err;
  }
}

/** In two trees of the same shape (their semantic forms are equal), the first number written in another kind. */
function numberWalk(a: Json, b: Json, path: string): string | undefined {
  if (isNumberNode(a) && isNumberNode(b)) {
    const [ka, kb] = [numberKind(a.value), numberKind(b.value)];
    return ka === kb ? undefined : `${path || '(root)'}: ${a.value} → ${b.value}`;
  }
  if (!container(a) || !container(b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const d = numberWalk(a[i]!, b[i]!, `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  const [ao, bo] = [a as Record<string, Json>, b as Record<string, Json>];
  for (const k of Object.keys(ao).sort()) {
    if (!own(bo, k)) continue;
    const d = numberWalk(ao[k]!, bo[k]!, path ? `${path}.${k}` : k);
    if (d) return d;
  }
  return undefined;
}

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
      const p = path ? `${path}.${k}` : k;
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

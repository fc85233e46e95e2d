// Where two normalized forms first differ, as a path a person can find in the schema: `fields[1].default: 0 → 1`.
import { parseLossless, sortedStringify, type Json } from './json.js';

export function firstDifference(a: string, b: string): string | undefined {
  let x: Json;
  let y: Json;
  try {
    x = parseLossless(a);
    y = parseLossless(b);
  } catch {
    return undefined; // not JSON (e.g. an unparseable schema compared as text)
  }
  return walk(x, y, '');
}

function walk(a: Json, b: Json, path: string): string | undefined {
  if (sortedStringify(a) === sortedStringify(b)) return undefined;
  const bothObjects =
    a &&
    b &&
    typeof a === 'object' &&
    typeof b === 'object' &&
    Array.isArray(a) === Array.isArray(b) &&
    !('isLosslessNumber' in a);
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
      if (!(k in ao) || !(k in bo)) return `${p}: ${short(ao[k])} → ${short(bo[k])}`;
      const d = walk(ao[k]!, bo[k]!, p);
      if (d) return d;
    }
  }
  return `${path || '(root)'}: ${short(a)} → ${short(b)}`;
}

function short(v: Json | undefined): string {
  if (v === undefined) return 'absent';
  const s = sortedStringify(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

// Source -> target schema id map, written by `compare --ids not-preserved --write-id-map` (and apply), read by --id-
// map.
import { SourceError } from '../lib/errors.js';
import { idKey } from './types.js';

/** A source id and the target id its versions got, in the context the source ids were numbered in. */
export interface IdMapEntry {
  context: string;
  source: number;
  target: number;
}

export interface IdMapFile {
  formatVersion: 1;
  kind: 'sr-parity-id-map';
  source: string;
  target: string;
  entries: IdMapEntry[];
}

export function toIdMapFile(entries: IdMapEntry[], source: string, target: string): IdMapFile {
  return { formatVersion: 1, kind: 'sr-parity-id-map', source, target, entries };
}

/** Accepts sr-parity's map and a plain `{ "sourceId": targetId }` object (default context). */
export function parseIdMap(doc: unknown, file: string): Map<string, number> {
  const out = new Map<string, number>();
  // Beyond 2^53 JSON parsing has rounded an id onto its neighbour: refused, as is a source id mapped twice.
  const id = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null);
  const add = (key: string, target: number, where: string, source: string) => {
    if (out.has(key)) throw new SourceError(file, `${where}: ${source} is mapped twice`);
    out.set(key, target);
  };
  if (doc && typeof doc === 'object' && Array.isArray((doc as IdMapFile).entries)) {
    (doc as IdMapFile).entries.forEach((e, i) => {
      const [source, target] = [id(e?.source), id(e?.target)];
      if (source === null || target === null)
        throw new SourceError(file, `entries[${i}]: expected numeric source and target`);
      const context = e.context ?? '.';
      if (typeof context !== 'string') throw new SourceError(file, `entries[${i}].context: expected a string`);
      add(idKey(context, source), target, `entries[${i}]`, `source id ${source} in context ${context}`);
    });
    return out;
  }
  if (doc && typeof doc === 'object' && !Array.isArray(doc)) {
    for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
      const n = id(typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v);
      if (!/^\d+$/.test(k) || n === null || !Number.isSafeInteger(Number(k)))
        throw new SourceError(file, `entry "${k}": expected "sourceId": targetId`);
      add(k, n, `entry "${k}"`, `source id ${k}`);
    }
    return out;
  }
  throw new SourceError(file, 'not an id map (expected {"entries": [...]} or {"sourceId": targetId})');
}

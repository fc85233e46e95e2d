// Source -> target schema id map, written by `compare --ids not-preserved --write-id-map` (and apply), read by --id-map.
import { SourceError } from '../errors.js';
import { idKey } from './types.js';
import type { IdMapEntry } from '../engine/types.js';

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
  if (doc && typeof doc === 'object' && Array.isArray((doc as IdMapFile).entries)) {
    (doc as IdMapFile).entries.forEach((e, i) => {
      if (typeof e?.source !== 'number' || typeof e.target !== 'number') throw new SourceError(file, `entries[${i}]: expected numeric source and target`);
      out.set(idKey(e.context ?? '.', e.source), e.target);
    });
    return out;
  }
  if (doc && typeof doc === 'object' && !Array.isArray(doc)) {
    for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
      const n = typeof v === 'number' ? v : Number(v);
      if (!/^\d+$/.test(k) || !Number.isInteger(n)) throw new SourceError(file, `entry "${k}": expected "sourceId": targetId`);
      out.set(k, n);
    }
    return out;
  }
  throw new SourceError(file, 'not an id map (expected {"entries": [...]} or {"sourceId": targetId})');
}

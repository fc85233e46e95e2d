// Where each value of a YAML document sits, by JSON-pointer path, so spec errors can say file:line:col.
// js-yaml's AST has no positions; its event stream has offsets, which is all this needs.
import { parseEvents } from 'js-yaml';

export interface Position {
  line: number; // 1-based
  col: number; // 1-based
}

export interface PositionMap {
  /** Position of the key (for mapping entries) or the item (for sequence items) at `path`. */
  at(path: string): Position;
}

const DOC_START = 1;
const SEQ_START = 2;
const MAP_START = 3;
const SCALAR = 4;
const ALIAS = 5;
const POP = 6;

interface Frame {
  kind: 'map' | 'seq';
  path: string;
  index: number;
  key: string | null; // the pending key of a mapping, null when a key is expected
}

export function positionsOf(text: string): PositionMap {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const toPos = (offset: number): Position => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - starts[lo]! + 1 };
  };
  const keyAt = new Map<string, number>();
  const stack: Frame[] = [];
  let events: ReturnType<typeof parseEvents> = [];
  try {
    events = parseEvents(text, {});
  } catch {
    // a syntax error is reported by load() with its own position
  }
  // A node starting inside the top frame: records where a sequence item begins, or consumes a mapping key.
  const enter = (offset: number, scalarText: string | null): string | null => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    if (top.kind === 'seq') {
      const path = `${top.path}/${top.index++}`;
      keyAt.set(path, offset);
      return path;
    }
    if (top.key === null) {
      top.key = scalarText ?? '';
      keyAt.set(`${top.path}/${escape(top.key)}`, offset);
      return null; // a key, not a value
    }
    const path = `${top.path}/${escape(top.key)}`;
    top.key = null;
    return path;
  };
  for (const e of events as unknown as { type: number; start?: number; valueStart?: number; valueEnd?: number }[]) {
    if (e.type === DOC_START) continue;
    if (e.type === MAP_START || e.type === SEQ_START) {
      const path = enter(e.start ?? 0, null) ?? '';
      stack.push({ kind: e.type === MAP_START ? 'map' : 'seq', path, index: 0, key: null });
    } else if (e.type === SCALAR || e.type === ALIAS) {
      const start = e.valueStart ?? e.start ?? 0;
      enter(start, e.type === SCALAR ? text.slice(start, e.valueEnd ?? start).replace(/^["']|["']$/g, '') : null);
    } else if (e.type === POP) {
      stack.pop();
    }
  }
  return {
    at(path: string): Position {
      for (let p = path; ; p = p.slice(0, p.lastIndexOf('/'))) {
        const off = keyAt.get(p);
        if (off !== undefined) return toPos(off);
        if (!p) return { line: 1, col: 1 };
      }
    },
  };
}

/** A mapping key as a JSON-pointer segment (RFC 6901), as ajv reports paths. */
export function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

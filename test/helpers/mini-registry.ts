// A small Confluent-compatible registry held in memory, for what a real server does not do on demand: change
// between two requests, page wrongly, page forever. Its answers follow Confluent's (soft-deleted versions only
// with ?deleted=true, 404 for a subject with no live version), so the loader sees a consistent registry unless a
// test disturbs it through `faults` or `onRequest`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fakeRegistry, json, type FakeRegistry, type Route } from './fake-registry.js';

export interface MiniVersion {
  id: number;
  schema: string;
  schemaType?: string;
  deleted?: boolean;
  metadata?: unknown;
  ruleSet?: unknown;
}

/** Subject → version number → version. */
export type MiniState = Map<string, Map<number, MiniVersion>>;

export interface MiniFaults {
  /** Rows per GET /schemas page at most, whatever the client asks for. */
  pageCap?: number;
  /** GET /schemas answers from the first row whatever the offset. */
  ignoreOffset?: boolean;
  /** Bulk rows leave out metadata and ruleSet (AxonOps). */
  bulkWithoutOptional?: boolean;
  /** GET /schemas does not exist (Redpanda). */
  noBulk?: boolean;
}

export interface MiniRegistry extends FakeRegistry {
  state: MiniState;
}

export interface MiniRequest {
  path: string;
  query: URLSearchParams;
  /** Requests to this path so far, this one included. */
  n: number;
}

/**
 * `onRequest` runs before each answer and may change `state` (a version deleted between two pages) or answer
 * itself by returning true.
 */
export async function miniRegistry(
  state: MiniState,
  faults: MiniFaults = {},
  onRequest?: (req: MiniRequest, state: MiniState, res: ServerResponse) => boolean | void,
): Promise<MiniRegistry> {
  const route: Route = (req, res, n) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (onRequest?.({ path: url.pathname, query: url.searchParams, n }, state, res)) return;
    answer(state, faults, req, url, res);
  };
  const fake = await fakeRegistry({
    '/config': route,
    '/mode': route,
    '/contexts': route,
    '/subjects': route,
    '/schemas': route,
    '*': route,
  });
  return Object.assign(fake, { state });
}

/**
 * `{ s: 3 }` → subject s with versions 1..3 and ids 1..3; `{ s: [1, 2, '3 deleted'] }` likewise with a soft
 * delete.
 */
export function miniState(spec: Record<string, number | (number | string)[]>, firstId = 1): MiniState {
  const state: MiniState = new Map();
  let id = firstId;
  for (const [subject, versions] of Object.entries(spec)) {
    const list = typeof versions === 'number' ? Array.from({ length: versions }, (_, i) => i + 1) : versions;
    const m = new Map<number, MiniVersion>();
    for (const v of list) {
      const [n, flag] = String(v).split(' ');
      m.set(Number(n), {
        id: id++,
        schema: `{"type":"enum","name":"E","symbols":["S${id}"]}`,
        deleted: flag === 'deleted',
      });
    }
    state.set(subject, m);
  }
  return state;
}

function answer(state: MiniState, faults: MiniFaults, req: IncomingMessage, url: URL, res: ServerResponse): void {
  const deleted = url.searchParams.get('deleted') === 'true';
  const path = url.pathname;
  const notFound = (code: number) => json(res, 404, { error_code: code, message: 'not found' });
  const live = (m: Map<number, MiniVersion>) => [...m].filter(([, v]) => !v.deleted).map(([n]) => n);
  if (req.method !== 'GET') return json(res, 405, { error_code: 405, message: 'read-only' });
  if (path === '/config') return json(res, 200, { compatibilityLevel: 'BACKWARD' });
  if (path === '/mode') return json(res, 200, { mode: 'READWRITE' });
  if (path === '/contexts') return json(res, 200, ['.']);
  if (/^\/(config|mode)\/[^/]+$/.test(path)) return notFound(40408);
  if (path === '/subjects')
    return json(
      res,
      200,
      [...state].filter(([, m]) => deleted || live(m).length).map(([s]) => s),
    );
  if (path === '/schemas') {
    if (faults.noBulk) return json(res, 404, { error_code: 404, message: 'HTTP 404 Not Found' });
    const rows = [...state]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .flatMap(([s, m]) =>
        [...m]
          .sort(([a], [b]) => a - b)
          .filter(([, v]) => deleted || !v.deleted)
          .map(([n, v]) => wire(s, n, v, faults.bulkWithoutOptional)),
      );
    const offset = faults.ignoreOffset ? 0 : Number(url.searchParams.get('offset') ?? 0);
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 1000), faults.pageCap ?? Infinity);
    return json(res, 200, rows.slice(offset, offset + limit));
  }
  const m = /^\/subjects\/([^/]+)\/versions(?:\/(\d+))?$/.exec(path);
  const versions = m && state.get(decodeURIComponent(m[1]!));
  if (!m || !versions) return notFound(40401);
  if (m[2] === undefined) {
    const numbers = deleted ? [...versions.keys()] : live(versions);
    return numbers.length
      ? json(
          res,
          200,
          numbers.sort((a, b) => a - b),
        )
      : notFound(40401);
  }
  const v = versions.get(Number(m[2]));
  if (!v || (v.deleted && !deleted)) return notFound(40402);
  json(res, 200, wire(decodeURIComponent(m[1]!), Number(m[2]), v, false));
}

function wire(subject: string, version: number, v: MiniVersion, withoutOptional = false): Record<string, unknown> {
  const row: Record<string, unknown> = { subject, version, id: v.id, schema: v.schema };
  if (v.schemaType) row.schemaType = v.schemaType;
  if (!withoutOptional && v.metadata !== undefined) row.metadata = v.metadata;
  if (!withoutOptional && v.ruleSet !== undefined) row.ruleSet = v.ruleSet;
  return row;
}

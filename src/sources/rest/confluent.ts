// Loads a whole Confluent-compatible registry (Confluent, Karapace, Redpanda, AxonOps, Apicurio ccompat).
// Read-only: GET requests only.
import type { HttpClient } from './http.js';
import {
  DEFAULT_CONTEXT,
  contextOf,
  normalizeConfig,
  qualify,
  qualifyIn,
  type ContextSettings,
  type Reference,
  type Registry,
  type SchemaVersion,
  type Subject,
} from '../../model/types.js';
import { subjectMatcher, type SubjectFilter } from '../../model/filter.js';
import { SourceError } from '../../errors.js';
import { intern } from '../intern.js';
import { flavorOf } from './flavor.js';

export interface LoadProgress {
  phase: 'subjects' | 'versions';
  done: number;
  total: number;
}

export interface LoadOptions {
  filter?: SubjectFilter;
  onProgress?: (p: LoadProgress) => void;
  /** Rows asked for per GET /schemas page; a server may send fewer (Confluent caps at 1000). */
  pageSize?: number;
}

interface WireVersion {
  subject?: string;
  version?: number;
  id?: number;
  schemaType?: string | null;
  schema?: string;
  references?: Reference[] | null;
  metadata?: unknown;
  ruleSet?: unknown;
  deleted?: boolean;
}

const NOT_FOUND = [404];

export async function loadConfluent(http: HttpClient, opts: LoadOptions = {}): Promise<Registry> {
  const keep = subjectMatcher(opts.filter ?? {});
  const [global, contexts] = await Promise.all([readSettings(http, ''), http.get<string[] | null>('/contexts', NOT_FOUND)]);
  const listed = contexts.status === 200 && Array.isArray(contexts.body) ? contexts.body.map(contextName) : [];
  const contextList = [...new Set([DEFAULT_CONTEXT, ...listed])];
  const wanted = opts.filter?.context ? contextList.filter((c) => c === opts.filter!.context) : contextList;

  // Apicurio's ccompat answers NONE for a subject without a rule of its own, although the global rule applies;
  // asking with defaultToGlobal gives the effective value, which inheritance then recognises as inherited.
  const configQuery = flavorOf(http.base) === 'apicurio-ccompat' ? '?defaultToGlobal=true' : '';
  const names = (await Promise.all(wanted.map((ctx) => listSubjects(http, ctx)))).flat().filter((s) => keep(s.name));
  const bulk = new Map<string, BulkContext | null>();
  await Promise.all(wanted.map(async (ctx) => bulk.set(ctx, await loadBulk(http, ctx, opts.pageSize ?? 5_000))));

  const subjects = new Map<string, Subject>();
  let done = 0;
  opts.onProgress?.({ phase: 'subjects', done, total: names.length });
  // A few workers over the list rather than a promise per subject up front: 10,000 subjects would otherwise queue
  // 20,000 requests at once, and their bookkeeping would outlive young-generation GC.
  await inPool(names, 2 * http.concurrency, async ({ name, active }) => {
    subjects.set(name, await loadSubject(http, name, active, bulk.get(contextOf(name)) ?? null, configQuery));
    opts.onProgress?.({ phase: 'subjects', done: ++done, total: names.length });
  });

  const contextSettings: Record<string, ContextSettings> = {};
  await Promise.all(
    wanted.filter((c) => c !== DEFAULT_CONTEXT).map(async (c) => {
      contextSettings[c] = await readSettings(http, `/:${c}:`);
    }),
  );

  return {
    info: {
      kind: 'rest',
      location: http.display,
      flavor: flavorOf(http.base),
      capturedAt: new Date().toISOString(),
    },
    globalConfig: global.config,
    globalMode: global.mode,
    contexts: [...contextList].sort(),
    contextSettings,
    subjects: new Map([...subjects].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}

async function listSubjects(http: HttpClient, ctx: string): Promise<{ name: string; active: boolean }[]> {
  const base = ctx === DEFAULT_CONTEXT ? '/subjects' : `/contexts/${encodeURIComponent(ctx)}/subjects`;
  const [all, active] = await settledInOrder([http.get<string[] | null>(`${base}?deleted=true`), http.get<string[] | null>(base)]);
  const names = new Set(asArray<string>(all.body, http, `${base}?deleted=true`).map((s) => qualifyIn(ctx, s)));
  const activeSet = new Set(asArray<string>(active.body, http, base).map((s) => qualifyIn(ctx, s)));
  for (const n of activeSet) names.add(n);
  // A server that lists other contexts' subjects under the default one gets them attributed correctly.
  return [...names].filter((n) => contextOf(n) === ctx).map((name) => ({ name, active: activeSet.has(name) }));
}

/** A context's every version (soft-deleted ones flagged), by subject, in version order. */
interface BulkContext {
  bySubject: Map<string, SchemaVersion[]>;
  /**
   * Some row carried metadata or a ruleSet, so the listing can carry both (they come from one entity on every server
   * seen) and a row without them has none.
   */
  carriesOptional: boolean;
}

/**
 * Fields that are part of a schema's identity but that some servers leave out of their bulk rows (AxonOps's
 * `GET /schemas` drops metadata and ruleSet; its per-version reads have them). Rows that omit a field prove
 * nothing, so where no row of a listing carried it, every version is read on its own.
 */
const OPTIONAL_FIELDS = ['metadata', 'ruleSet'] as const;


/**
 * Two paged bulk listings of a context (`GET /schemas` for the active versions, then `GET /schemas?deleted=true`;
 * `/contexts/{ctx}/schemas` outside the default context): every version of every subject without a request per
 * subject. Rows are turned into versions page by page, so a listing never holds more than one page of raw rows.
 * Null where the server has no usable bulk listing (Redpanda; Apicurio: rows without subject/version).
 */
async function loadBulk(http: HttpClient, ctx: string, pageSize: number): Promise<BulkContext | null> {
  const base = ctx === DEFAULT_CONTEXT ? '/schemas' : `/contexts/${encodeURIComponent(ctx)}/schemas`;
  const active = new Set<string>();
  if (!(await listBulk(http, `${base}?`, ctx, pageSize, (row, key) => active.add(key)))) return null;
  const bySubject = new Map<string, SchemaVersion[]>();
  let carriesOptional = false;
  const complete = await listBulk(http, `${base}?deleted=true&`, ctx, pageSize, (row, key) => {
    carriesOptional ||= OPTIONAL_FIELDS.some((f) => f in row);
    const v = toVersion(row.subject!, row.version!, row, !active.has(key), http);
    const list = bySubject.get(v.subject);
    if (list) list.push(v);
    else bySubject.set(v.subject, [v]);
  });
  if (!complete) return null;
  for (const list of bySubject.values()) list.sort((a, b) => a.version - b.version);
  return { bySubject, carriesOptional };
}

/**
 * Pages advance by the rows received, and the listing ends on an empty page: a server that caps the page size below
 * `pageSize` (Confluent: 1000) is read completely, and one that builds the whole list for every page (AxonOps) is
 * asked few times. False when the server has no bulk listing.
 */
async function listBulk(http: HttpClient, query: string, ctx: string, pageSize: number, onRow: (row: WireVersion, key: string) => void): Promise<boolean> {
  const seen = new Set<string>();
  for (let offset = 0; ; ) {
    const res = await http.get<WireVersion[] | null>(`${query}offset=${offset}&limit=${pageSize}`, [400, 404, 405, 422, 501]);
    if (res.status !== 200 || !Array.isArray(res.body)) return offset > 0;
    if (offset === 0 && res.body.some((row) => typeof row?.subject !== 'string' || typeof row.version !== 'number')) return false;
    offset += res.body.length;
    let added = 0;
    for (const row of res.body) {
      if (typeof row?.subject !== 'string' || typeof row.version !== 'number') continue;
      row.subject = qualifyIn(ctx, row.subject);
      const key = versionKey(row.subject, row.version);
      if (seen.has(key)) continue;
      seen.add(key);
      added++;
      onRow(row, key);
    }
    // Stop on an empty page, and on a server that ignores offset/limit (a page of nothing new).
    if (added === 0) return true;
  }
}

async function loadSubject(
  http: HttpClient,
  name: string,
  active: boolean,
  bulk: BulkContext | null,
  configQuery: string,
): Promise<Subject> {
  const enc = encodeSubject(name);
  const ctx = contextOf(name);
  const versions = bulk?.bySubject.get(name);
  if (versions) {
    const [settings] = await Promise.all([
      readSettings(http, `/${enc}`, configQuery),
      ...(bulk!.carriesOptional ? [] : versions.map((v) => completeVersion(http, v))),
    ]);
    return { name, context: ctx, deleted: versions.every((v) => v.deleted), versions, ...settings };
  }
  const [all, live, settings] = await Promise.all([
    http.get<number[]>(`/subjects/${enc}/versions?deleted=true`),
    active ? http.get<number[] | null>(`/subjects/${enc}/versions`, NOT_FOUND) : null,
    readSettings(http, `/${enc}`, configQuery),
  ]);
  const liveVersions = new Set(live?.status === 200 ? asArray<number>(live.body, http, `/subjects/${enc}/versions`) : []);
  const versionNumbers = asArray<number>(all.body, http, `/subjects/${enc}/versions?deleted=true`).sort((a, b) => a - b);
  const loaded = await Promise.all(
    versionNumbers.map(async (v) => toVersion(name, v, (await http.get<WireVersion>(`/subjects/${enc}/versions/${v}?deleted=true`)).body, !liveVersions.has(v), http)),
  );
  return {
    name,
    context: ctx,
    deleted: liveVersions.size === 0,
    versions: loaded,
    ...settings,
  };
}

/** Reads one version on its own for the optional fields its bulk row could not be trusted for. */
async function completeVersion(http: HttpClient, v: SchemaVersion): Promise<void> {
  const path = `/subjects/${encodeSubject(v.subject)}/versions/${v.version}?deleted=true`;
  const full = toVersion(v.subject, v.version, (await http.get<WireVersion>(path)).body, v.deleted, http);
  if (full.id !== v.id || full.schema !== v.schema) {
    const what = `source changed while being read: the bulk listing had id ${v.id}, this read id ${full.id}`;
    throw new SourceError(`${http.display}${path}`, what);
  }
  for (const f of OPTIONAL_FIELDS) if (full[f] !== undefined) v[f] = full[f];
}

/** Config and mode of the registry (''), a context (`/:.ctx:`) or a subject (`/name`); not set (404) is null. */
async function readSettings(http: HttpClient, suffix: string, configQuery = ''): Promise<ContextSettings> {
  const [config, mode] = await Promise.all([
    http.get<unknown>(`/config${suffix}${configQuery}`, NOT_FOUND),
    http.get<{ mode?: string } | null>(`/mode${suffix}`, NOT_FOUND),
  ]);
  return { config: config.status === 200 ? normalizeConfig(config.body) : null, mode: mode.status === 200 ? (mode.body?.mode ?? null) : null };
}

function toVersion(subject: string, version: number, w: WireVersion, deleted: boolean, http: HttpClient): SchemaVersion {
  if (typeof w?.id !== 'number' || typeof w.schema !== 'string') {
    throw new SourceError(`${http.display}/subjects/${encodeSubject(subject)}/versions/${version}`, 'answer has no id or schema');
  }
  const v: SchemaVersion = {
    subject,
    version,
    id: w.id,
    schemaType: w.schemaType || 'AVRO',
    schema: intern(w.schema),
    // A reference without a context names a subject in the referrer's own context (how AxonOps stores them).
    references: (w.references ?? []).map((r) => ({ name: r.name, subject: qualifyIn(contextOf(subject), r.subject), version: r.version })),
    deleted,
  };
  if (w.metadata != null) v.metadata = w.metadata;
  if (w.ruleSet != null) v.ruleSet = w.ruleSet;
  return v;
}

function asArray<T>(body: unknown, http: HttpClient, path: string): T[] {
  if (body === null) return []; // AxonOps answers `null` for an empty list
  if (!Array.isArray(body)) throw new SourceError(`${http.display}${path}`, `expected a JSON array, got ${typeof body}`);
  return body as T[];
}

function versionKey(subject: string, version: number): string {
  return `${subject}\u0000${version}`;
}

/** ':' stays literal: it is legal in a path segment, and some servers (AxonOps) do not decode %3A in `:.ctx:subject`. */
export function encodeSubject(subject: string): string {
  return encodeURIComponent(subject).replace(/%3A/gi, ':');
}

/** Apicurio's ccompat lists the default context as `:.:`; Confluent and AxonOps as `.`. */
function contextName(raw: string): string {
  const bare = raw.replace(/^:/, '').replace(/:$/, '');
  return bare === '' || bare === '.' ? DEFAULT_CONTEXT : bare.startsWith('.') ? bare : `.${bare}`;
}

/** Runs `work` over `items` with at most `width` in flight. */
async function inPool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(items.length, width) }, async () => {
    for (let i = next++; i < items.length; i = next++) await work(items[i]!);
  }));
}

/** Like Promise.all, but when several fail the error reported is the first in order, not the first in time. */
async function settledInOrder<T extends unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(promises);
  for (const r of results) if (r.status === 'rejected') throw r.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as T;
}

// Loads a whole Confluent-compatible registry (Confluent, Karapace, Redpanda, AxonOps, Apicurio ccompat).
// Read-only: GET requests only.
import type { HttpClient } from './http.js';
import {
  DEFAULT_CONTEXT,
  contextOf,
  normalizeConfig,
  qualify,
  type ContextSettings,
  type Reference,
  type Registry,
  type SchemaVersion,
  type Subject,
} from '../../model/types.js';
import { subjectMatcher, type SubjectFilter } from '../../model/filter.js';
import { SourceError } from '../../errors.js';

export interface LoadProgress {
  phase: 'subjects' | 'versions';
  done: number;
  total: number;
}

export interface LoadOptions {
  filter?: SubjectFilter;
  onProgress?: (p: LoadProgress) => void;
  /** Page size for GET /schemas; servers cap it (Confluent at 1000 by default). */
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
  const bulk = await loadBulk(http, opts.pageSize ?? 1000);

  const subjects = new Map<string, Subject>();
  let done = 0;
  opts.onProgress?.({ phase: 'subjects', done, total: names.length });
  await Promise.all(
    names.map(async ({ name, active }) => {
      const subject = await loadSubject(http, name, active, bulk, configQuery);
      subjects.set(name, subject);
      opts.onProgress?.({ phase: 'subjects', done: ++done, total: names.length });
    }),
  );

  const contextSettings: Record<string, ContextSettings> = {};
  await Promise.all(
    wanted.filter((c) => c !== DEFAULT_CONTEXT).map(async (c) => {
      contextSettings[c] = await readSettings(http, `/:${c}:`);
    }),
  );

  return {
    info: { kind: 'rest', location: http.display, flavor: flavorOf(http.base), capturedAt: new Date().toISOString() },
    globalConfig: global.config,
    globalMode: global.mode,
    contexts: [...contextList].sort(),
    contextSettings,
    subjects: new Map([...subjects].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}

async function listSubjects(http: HttpClient, ctx: string): Promise<{ name: string; active: boolean }[]> {
  const base = ctx === DEFAULT_CONTEXT ? '/subjects' : `/contexts/${encodeURIComponent(ctx)}/subjects`;
  const [all, active] = await Promise.all([
    http.get<string[] | null>(`${base}?deleted=true`),
    http.get<string[] | null>(base),
  ]);
  const q = (s: string) => (s.startsWith(':') ? s : qualify(ctx, s));
  const names = new Set(asArray<string>(all.body, http, `${base}?deleted=true`).map(q));
  const activeSet = new Set(asArray<string>(active.body, http, base).map(q));
  for (const n of activeSet) names.add(n);
  // A server that lists other contexts' subjects under the default one gets them attributed correctly.
  return [...names].filter((n) => contextOf(n) === ctx).map((name) => ({ name, active: activeSet.has(name) }));
}

/** GET /schemas?deleted=true, paged. Returns null where the server has no bulk listing. */
async function loadBulk(http: HttpClient, pageSize: number): Promise<Map<string, WireVersion> | null> {
  const rows = new Map<string, WireVersion>();
  for (let offset = 0; ; offset += pageSize) {
    const res = await http.get<WireVersion[] | null>(`/schemas?deleted=true&offset=${offset}&limit=${pageSize}`, [400, 404, 405, 422, 501]);
    if (res.status !== 200 || !Array.isArray(res.body)) return offset === 0 ? null : rows;
    let added = 0;
    for (const row of res.body) {
      if (typeof row?.subject !== 'string' || typeof row.version !== 'number') return offset === 0 ? null : rows;
      const key = versionKey(row.subject, row.version);
      if (!rows.has(key)) added++;
      rows.set(key, row);
    }
    // Stop on a short page, and on a server that ignores offset/limit (a page of nothing new).
    if (res.body.length < pageSize || added === 0) return rows;
  }
}

async function loadSubject(
  http: HttpClient,
  name: string,
  active: boolean,
  bulk: Map<string, WireVersion> | null,
  configQuery: string,
): Promise<Subject> {
  const enc = encodeSubject(name);
  const [all, live, settings] = await Promise.all([
    http.get<number[]>(`/subjects/${enc}/versions?deleted=true`),
    active ? http.get<number[] | null>(`/subjects/${enc}/versions`, NOT_FOUND) : null,
    readSettings(http, `/${enc}`, configQuery),
  ]);
  const liveVersions = new Set(live?.status === 200 ? asArray<number>(live.body, http, `/subjects/${enc}/versions`) : []);
  const versionNumbers = asArray<number>(all.body, http, `/subjects/${enc}/versions?deleted=true`).sort((a, b) => a - b);
  const ctx = contextOf(name);
  const versions = await Promise.all(
    versionNumbers.map(async (v) => {
      const wire = bulk?.get(versionKey(name, v)) ?? (await http.get<WireVersion>(`/subjects/${enc}/versions/${v}?deleted=true`)).body;
      return toVersion(name, v, wire, !liveVersions.has(v), http);
    }),
  );
  return {
    name,
    context: ctx,
    deleted: liveVersions.size === 0,
    versions,
    ...settings,
  };
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
    schema: w.schema,
    // A reference without a context names a subject in the referrer's own context (how AxonOps stores them).
    references: (w.references ?? []).map((r) => ({ name: r.name, subject: r.subject.startsWith(':') ? r.subject : qualify(contextOf(subject), r.subject), version: r.version })),
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

/** Apicurio serves its Confluent-compatible API under /apis/ccompat/vN; it accepts IMPORT mode but assigns its own ids. */
export function flavorOf(base: string): 'confluent' | 'apicurio-ccompat' {
  return /\/apis\/ccompat\/v\d+$/.test(new URL(base).pathname) ? 'apicurio-ccompat' : 'confluent';
}

/** Apicurio's ccompat lists the default context as `:.:`; Confluent and AxonOps as `.`. */
function contextName(raw: string): string {
  const bare = raw.replace(/^:/, '').replace(/:$/, '');
  return bare === '' || bare === '.' ? DEFAULT_CONTEXT : bare.startsWith('.') ? bare : `.${bare}`;
}

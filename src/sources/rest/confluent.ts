// Loads a whole Confluent-compatible registry (Confluent, Karapace, Redpanda, AxonOps, Apicurio ccompat).
// Read-only: GET requests only.
import type { HttpClient } from './http.js';
import {
  DEFAULT_CONTEXT,
  contextOf,
  normalizeConfig,
  asContextName,
  qualifyIn,
  bareName,
  type ContextSettings,
  type Reference,
  type Registry,
  type SchemaVersion,
  type Subject,
} from '../../model/types.js';
import { subjectMatcher, type SubjectFilter, isEmptyFilter, selectDeks } from '../../model/filter.js';
import { SourceChangedError, SourceError } from '../../lib/errors.js';
import { loadDekRegistry } from './dek-registry.js';
import { Fields } from '../fields.js';
import { flavorOf, type Flavor } from '../../model/flavor.js';
import { detectProduct } from './product.js';
import type { Product } from '../../model/product.js';

export interface LoadProgress {
  phase: 'subjects' | 'versions';
  done: number;
  total: number;
}

export interface LoadOptions {
  filter?: SubjectFilter;
  onProgress?: (p: LoadProgress) => void;
  /**
   * Rows asked for per GET /schemas page; a server may send fewer (Confluent caps at 1000). 2,500: a page's parsed
   * rows stay small enough to die young (5,000 took the peak of a live 20,000x5 compare from 376 to 529 MB), while
   * servers that build the whole listing for each page (AxonOps) are not asked for it many more times.
   */
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
  const top = await readTop(http, opts.filter);
  const { wanted, flavor } = top;
  const before = await Promise.all(wanted.map((ctx) => listSubjects(http, ctx)));
  const names = before.flat().filter((s) => keep(s.name));

  // Each subject's own version listings are the truth the bulk rows are checked against: every version a subject
  // lists is loaded (from its bulk row, else on its own), and a bulk row no subject listed means the registry changed.
  // The listings come first, so a bulk listing that never ends stops at its first row nobody announced.
  const announced = new Map<string, Announced>();
  const versionByVersion = READ_VERSION_BY_VERSION.includes(top.product);
  await inPool(names, 2 * http.concurrency, async (s) => {
    announced.set(s.name, await listVersions(http, s.name, s.active, !versionByVersion));
  });
  const bulk = new Map<string, BulkContext | null>();
  await Promise.all(
    wanted.map(async (ctx, i) => {
      // Bulk rows are checked against every subject's listing, so a context is read in bulk only when all of its
      // subjects are wanted; a filtered context is read subject by subject.
      const whole = before[i]!.every((s) => announced.has(s.name));
      bulk.set(ctx, whole && !versionByVersion ? await loadBulk(http, ctx, opts.pageSize ?? 2_500, announced) : null);
    }),
  );

  let done = 0;
  opts.onProgress?.({ phase: 'subjects', done, total: names.length });
  const subjects = new Map<string, Subject>();
  // A few workers over the list rather than a promise per subject up front: 10,000 subjects would otherwise queue
  // 20,000 requests at once, and their bookkeeping would outlive young-generation GC.
  const unserved: string[] = [];
  await inPool(names, 2 * http.concurrency, async ({ name, active }) => {
    const load = () =>
      loadSubject(http, name, announced.get(name)!, bulk.get(contextOf(name)) ?? null, top.configQuery);
    subjects.set(
      name,
      flavor === 'apicurio-ccompat' && !active ? await servedOrNone(load, name, unserved) : await load(),
    );
    opts.onProgress?.({ phase: 'subjects', done: ++done, total: names.length });
  });

  return finishRead(http, top, before, subjects, opts.filter, unserved.length ? [unservedNote(unserved)] : []);
}

/** What a read of the whole registry and a refresh of it (rest/refresh.ts) both read before the subjects. */
export interface Top {
  flavor: Flavor;
  global: ContextSettings;
  product?: Product;
  /** Every context the registry lists, the default one first. */
  contexts: string[];
  /** Those the filter selects. */
  wanted: string[];
  /** The query a subject's config is read with. */
  configQuery: string;
}

export async function readTop(http: HttpClient, filter: SubjectFilter = {}): Promise<Top> {
  const flavor = flavorOf(http.base);
  const [global, listing, product] = await Promise.all([
    readSettings(http, ''),
    http.get<string[] | null>('/contexts', NOT_FOUND),
    detectProduct(http, flavor),
  ]);
  // No /contexts (404) is a registry without contexts; an answer that is not a list of names is not that.
  const listed =
    listing.status === 200
      ? // Apicurio's ccompat lists the default context as `:.:`; Confluent and AxonOps as `.`.
        asArray<unknown>(listing.body, http, '/contexts').map((c) => asContextName(String(c)))
      : [];
  const contexts = [...new Set([DEFAULT_CONTEXT, ...listed])];
  const wanted = filter.context ? contexts.filter((c) => c === filter.context) : contexts;
  // Apicurio's ccompat answers NONE for a subject without a rule of its own, although the global rule applies;
  // asking with defaultToGlobal gives the effective value, which inheritance then recognises as inherited.
  const configQuery = flavor === 'apicurio-ccompat' ? '?defaultToGlobal=true' : '';
  return { flavor, global, ...(product ? { product } : {}), contexts, wanted, configQuery };
}

/**
 * What follows the subjects in a whole read and a refresh alike: the contexts' settings, the subject listings read
 * again (they must be those at the start), the DEK registry; then the registry, subjects in order.
 */
export async function finishRead(
  http: HttpClient,
  top: Top,
  before: ListedSubject[][],
  subjects: Map<string, Subject>,
  filter: SubjectFilter = {},
  notes: string[] = [],
): Promise<Registry> {
  const contextSettings: Record<string, ContextSettings> = {};
  await Promise.all(
    top.wanted
      .filter((c) => c !== DEFAULT_CONTEXT)
      .map(async (c) => {
        contextSettings[c] = await readSettings(http, `/:${c}:`);
      }),
  );
  await Promise.all(
    top.wanted.map(async (ctx, i) => sameSubjects(http, ctx, before[i]!, await listSubjects(http, ctx))),
  );
  // Alias subjects: a config naming another subject, listed by no subject listing (Confluent only lists them).
  const keep = subjectMatcher(filter);
  if (top.product === 'confluent') {
    const aliases = (await Promise.all(top.wanted.map((ctx) => listAliases(http, ctx)))).flat();
    const unlisted = [...new Set(aliases)].filter((name) => !subjects.has(name) && keep(name));
    for (const s of await loadUnlistedSettings(http, unlisted)) subjects.set(s.name, s);
  }
  // The DEK registry, where the server has one: with a subject filter, the selected subjects' DEKs and their KEKs
  const served = top.flavor === 'confluent' ? await loadDekRegistry(http) : undefined;
  const dekRegistry = served && (isEmptyFilter(filter) ? served : selectDeks(served, keep));

  return {
    info: {
      kind: 'rest',
      location: http.display,
      flavor: top.flavor,
      ...(top.product ? { product: top.product } : {}),
      capturedAt: new Date().toISOString(),
      ...(notes.length ? { notes } : {}),
    },
    globalConfig: top.global.config,
    globalMode: top.global.mode,
    contexts: [...top.contexts].sort(),
    contextSettings,
    subjects: new Map([...subjects].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    ...(dekRegistry ? { dekRegistry } : {}),
  };
}

/**
 * The subjects a context's subjects are aliased by: Confluent's `GET /schemas?aliases=true` gives each row the alias
 * subjects (configs whose `alias` names the row's subject; AbstractSchemaRegistry.getAliases, asserted in
 * RestApiCompatibilityTest's alias tests). One row per subject (latestOnly) carries them all; an alias whose subject
 * has no version is listed nowhere. Paged like the bulk listing; a page that brings no new subject ends it.
 */
async function listAliases(http: HttpClient, ctx: string): Promise<string[]> {
  const aliases: string[] = [];
  const seen = new Set<string>();
  const query = `${schemasListing(ctx)}?aliases=true&latestOnly=true&deleted=true&`;
  for await (const { rows } of listingPages<{ subject?: unknown; aliases?: unknown } | null>(http, query, 1000)) {
    let added = 0;
    for (const row of rows ?? []) {
      if (typeof row?.subject !== 'string' || seen.has(row.subject)) continue;
      seen.add(row.subject);
      added++;
      if (!Array.isArray(row.aliases)) continue;
      // stored subject names: qualified in a context, bare in the default one
      for (const a of row.aliases)
        if (typeof a === 'string') aliases.push(contextOf(a) === DEFAULT_CONTEXT ? bareName(a) : a);
    }
    if (added === 0) break;
  }
  return aliases;
}

/** A context's bulk listing: `/schemas` in the default context, `/contexts/{ctx}/schemas` in another. */
export function schemasListing(ctx: string): string {
  return ctx === DEFAULT_CONTEXT ? '/schemas' : `/contexts/${encodeURIComponent(ctx)}/schemas`;
}

/**
 * The pages of a paged bulk listing (`query` ends in `?` or `&`), each with the path it was asked at, up to the first
 * empty page; `rows` is null, and the listing ends, where the server refused it (400, 404, 405, 422, 501: no such
 * listing) or answered with no list. Offsets advance by the rows received, so a server that caps the page size below
 * `pageSize` (Confluent: 1000) is read whole; a caller ends the listing at a page that brings nothing new (a server
 * that ignores the offset), each as its rows tell.
 */
export async function* listingPages<T>(
  http: HttpClient,
  query: string,
  pageSize: number,
): AsyncGenerator<{ rows: T[] | null; path: string }> {
  for (let offset = 0; ;) {
    const path = `${query}offset=${offset}&limit=${pageSize}`;
    const res = await http.get<T[] | null>(path, [400, 404, 405, 422, 501]);
    const rows = res.status !== 200 ? null : (res.body ?? []); // AxonOps answers `null` for an empty list
    if (!Array.isArray(rows)) return yield { rows: null, path };
    yield { rows, path };
    if (!rows.length) return;
    offset += rows.length;
  }
}

export interface ListedSubject {
  name: string;
  active: boolean;
}

/**
 * A soft-deleted subject of Apicurio's ccompat API: it lists the subject and its version numbers but answers 404 for
 * each version, even with ?deleted=true (3.3.3, tried). What a client can read of it is no version: it is read so,
 * and named in a note, rather than taken for a registry that changed while it was read.
 */
async function servedOrNone(load: () => Promise<Subject>, name: string, unserved: string[]): Promise<Subject> {
  try {
    return await load();
  } catch (err) {
    if (!(err instanceof SourceChangedError)) throw err;
    unserved.push(name);
    return { name, context: contextOf(name), deleted: true, versions: [], config: null, mode: null };
  }
}

function unservedNote(names: string[]): string {
  const list = `${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}`;
  return (
    `${names.length} soft-deleted subject(s) (${list}) are listed by Apicurio's ccompat API, which serves none of ` +
    'their versions (404, even with ?deleted=true): read as holding none'
  );
}

function subjectsPath(ctx: string): string {
  return ctx === DEFAULT_CONTEXT ? '/subjects' : `/contexts/${encodeURIComponent(ctx)}/subjects`;
}

export async function listSubjects(http: HttpClient, ctx: string): Promise<ListedSubject[]> {
  const base = subjectsPath(ctx);
  const [all, active] = await settledInOrder([
    http.get<string[] | null>(`${base}?deleted=true`),
    http.get<string[] | null>(base),
  ]).catch((err: unknown) => {
    throw ctx === DEFAULT_CONTEXT ? notARegistryRoot(err, http) : err;
  });
  const names = new Set(asArray<string>(all.body, http, `${base}?deleted=true`).map((s) => qualifyIn(ctx, s)));
  const activeSet = new Set(asArray<string>(active.body, http, base).map((s) => qualifyIn(ctx, s)));
  for (const n of activeSet) names.add(n);
  // A server that lists other contexts' subjects under the default one gets them attributed correctly.
  return [...names].filter((n) => contextOf(n) === ctx).map((name) => ({ name, active: activeSet.has(name) }));
}

/**
 * `/subjects` not found at a URL: no registry's root (a path added by mistake, a UI or gateway page): said so, with
 * what a root answers, rather than a bare 404.
 */
function notARegistryRoot(err: unknown, http: HttpClient): unknown {
  if (!(err instanceof SourceError) || err.status !== 404) return err;
  const path = new URL(http.base).pathname.replace(/\/+$/, '');
  const hint = path ? ` (is ${path} part of the URL by mistake?)` : '';
  return new SourceError(
    err.location,
    `${err.detail}: ${http.display} is no schema registry's root: a Confluent-compatible registry answers ` +
      `GET /subjects there${hint}`,
    404,
  );
}

/** The subject listings at the end of a read must be those at its start: else subjects came or went meanwhile. */
function sameSubjects(http: HttpClient, ctx: string, before: ListedSubject[], after: ListedSubject[]): void {
  const state = (s: ListedSubject) => `${s.name}${s.active ? '' : ' (soft-deleted)'}`;
  const was = new Set(before.map(state));
  const now = new Set(after.map(state));
  const gone = [...was].filter((s) => !now.has(s));
  const came = [...now].filter((s) => !was.has(s));
  if (!gone.length && !came.length) return;
  const what = [...came.map((s) => `${s} appeared`), ...gone.map((s) => `${s} disappeared`)];
  throw new SourceChangedError(
    `${http.display}${subjectsPath(ctx)}`,
    `${what.slice(0, 3).join(', ')}${what.length > 3 ? ', ...' : ''}`,
  );
}

/**
 * The versions a subject lists, soft-deleted ones included, and those that are live: not listed (undefined) where
 * each version's own read tells (READ_VERSION_BY_VERSION).
 */
interface Announced {
  all: Set<number>;
  live?: Set<number>;
}

/**
 * Products read version by version, without the bulk listing and without a subject's second (live) version listing.
 * Their bulk rows never carry the fields that are part of a schema's identity but optional in rows (AxonOps: its
 * list items have no metadata or ruleSet), so every version is read on its own anyway; the listing would only cost
 * them (AxonOps builds the whole listing for each page) and the reader (every schema parsed twice). And their read
 * of a version without `?deleted=true` answers 404 exactly when it is soft-deleted (AxonOps: 40406 "Schema version
 * is soft deleted"; tried), so that read tells which are: one request a subject fewer, a second read for each
 * soft-deleted version of a live subject.
 */
const READ_VERSION_BY_VERSION: (Product | undefined)[] = ['axonops'];

/**
 * Lists a subject's versions; of a live subject, with `askLive`, also which are live (else its reads tell). A
 * soft-deleted subject's are all soft-deleted.
 */
async function listVersions(http: HttpClient, name: string, active: boolean, askLive: boolean): Promise<Announced> {
  const path = `/subjects/${encodeSubject(name)}/versions`;
  const [all, live] = await Promise.all([
    http.get<number[] | null>(`${path}?deleted=true`, NOT_FOUND),
    active && askLive ? http.get<number[] | null>(path, NOT_FOUND) : null,
  ]);
  // Karapace lists, among the deleted, subjects that only ever had a config (set before the first registration):
  // no versions, a config that governs the first ones. A live subject that is not found was deleted meanwhile (a
  // deleted one that disappears is caught when the listing is read again at the end).
  if (all.status === 404 && !active) return { all: new Set(), live: new Set() };
  if (all.status === 404)
    throw new SourceChangedError(
      `${http.display}${path}?deleted=true`,
      `subject ${name} was listed, its versions are not found`,
    );
  const numbers = (body: unknown, query: string) => {
    const list = asArray<unknown>(body, http, `${path}${query}`);
    if (list.some((v) => !Number.isSafeInteger(v)))
      throw new SourceError(`${http.display}${path}${query}`, 'expected a list of version numbers');
    return list as number[];
  };
  const liveSet = new Set(live?.status === 200 ? numbers(live.body, '') : []);
  const everything = new Set(numbers(all.body, '?deleted=true'));
  for (const v of liveSet) everything.add(v);
  return { all: everything, live: active && !askLive ? undefined : liveSet };
}

/** A context's every version (soft-deleted ones too), by subject and version. */
interface BulkContext {
  rows: Map<string, SchemaVersion>;
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
 * The paged bulk listing of a context (`GET /schemas?deleted=true`; `/contexts/{ctx}/schemas` outside the default
 * context): every version of every subject without a request per version. Rows are turned into versions page by
 * page, so a listing never holds more than one page of raw rows. Null where the server has no usable bulk listing
 * (Redpanda; Apicurio: rows without subject/version).
 *
 * Pages advance by the rows received and the listing ends on a page that brings nothing new: a server that caps the
 * page size below `pageSize` (Confluent: 1000) is read completely, one that ignores offset stops after one repeated
 * page (what it left out is then read version by version), and a row no subject announced stops the read at once,
 * so a listing that never ends cannot keep it going.
 */
async function loadBulk(
  http: HttpClient,
  ctx: string,
  pageSize: number,
  announced: Map<string, Announced>,
): Promise<BulkContext | null> {
  const rows = new Map<string, SchemaVersion>();
  let carriesOptional = false;
  let first = true;
  for await (const { rows: page, path } of listingPages<WireVersion>(
    http,
    `${schemasListing(ctx)}?deleted=true&`,
    pageSize,
  )) {
    if (!page) return first ? null : { rows, carriesOptional };
    if (first && page.some((row) => typeof row?.subject !== 'string' || !Number.isSafeInteger(row.version)))
      return null;
    first = false;
    let added = 0;
    for (const row of page) {
      // A row without a usable subject and version is left to the version's own read (the listing announced it).
      if (typeof row?.subject !== 'string' || !Number.isSafeInteger(row.version)) continue;
      const version = row.version!;
      const subject = qualifyIn(ctx, row.subject);
      if (contextOf(subject) !== ctx) continue; // listed again in its own context
      const key = versionKey(subject, version);
      if (rows.has(key)) continue;
      const where = `${http.display}${path}`;
      if (!announced.get(subject)?.all.has(version)) {
        throw new SourceChangedError(
          where,
          `lists ${subject} version ${version}, which ${subject}'s version listing did not`,
        );
      }
      carriesOptional ||= OPTIONAL_FIELDS.some((f) => f in row);
      rows.set(key, toVersion(subject, version, row, where));
      added++;
    }
    if (added === 0) break;
  }
  return { rows, carriesOptional };
}

/**
 * A subject's versions as it listed them: each from the bulk row where there is one (read again on its own when the
 * listing may leave out metadata and rule sets), else read on its own. Soft-deleted are those it does not list live.
 */
async function loadSubject(
  http: HttpClient,
  name: string,
  listed: Announced,
  bulk: BulkContext | null,
  configQuery: string,
): Promise<Subject> {
  const [settings, versions] = await Promise.all([
    readSettings(http, `/${encodeSubject(name)}`, configQuery),
    Promise.all(
      [...listed.all]
        .sort((a, b) => a - b)
        .map(async (n) => {
          if (!listed.live) return readTellingDeleted(http, name, n);
          const row = bulk?.rows.get(versionKey(name, n));
          const v = row ?? (await readVersion(http, name, n));
          if (row && !bulk!.carriesOptional) await completeVersion(http, row);
          v.deleted = !listed.live.has(n);
          return v;
        }),
    ),
  ]);
  const deleted = listed.live ? listed.live.size === 0 : versions.every((v) => v.deleted);
  return { name, context: contextOf(name), deleted, versions, ...settings };
}

/** One subject read whole as a whole read reads it, without the bulk listing (a refresh reads those that changed). */
export async function readSubject(http: HttpClient, listed: ListedSubject, top: Top): Promise<Subject> {
  const askLive = !READ_VERSION_BY_VERSION.includes(top.product);
  const announced = await listVersions(http, listed.name, listed.active, askLive);
  return loadSubject(http, listed.name, announced, null, top.configQuery);
}

/** A version of a live subject read as clients read it: not found there, it is soft-deleted (read it with them). */
export async function readTellingDeleted(http: HttpClient, subject: string, version: number): Promise<SchemaVersion> {
  const path = `/subjects/${encodeSubject(subject)}/versions/${version}`;
  const res = await http.get<WireVersion>(path, NOT_FOUND);
  const deleted = res.status === 404;
  const v = deleted
    ? await readVersion(http, subject, version)
    : toVersion(subject, version, res.body, `${http.display}${path}`);
  v.deleted = deleted;
  return v;
}

/**
 * The config and mode a registry holds for subjects it does not list (set before their first registration: Confluent
 * and AxonOps keep them unlisted, Karapace lists them among the deleted), asked for by name: the names another
 * registry listed without versions. A name with neither setting is left out.
 */
export async function loadUnlistedSettings(http: HttpClient, names: string[]): Promise<Subject[]> {
  const found: Subject[] = [];
  await inPool(names, 2 * http.concurrency, async (name) => {
    const { config, mode } = await readSettings(http, `/${encodeSubject(name)}`);
    if (config || mode) found.push({ name, context: contextOf(name), deleted: true, versions: [], config, mode });
  });
  return found;
}

function versionPath(subject: string, version: number): string {
  return `/subjects/${encodeSubject(subject)}/versions/${version}?deleted=true`;
}

export async function readVersion(http: HttpClient, subject: string, version: number): Promise<SchemaVersion> {
  const path = versionPath(subject, version);
  const res = await http.get<WireVersion>(path, NOT_FOUND);
  if (res.status === 404)
    throw new SourceChangedError(`${http.display}${path}`, `${subject} listed version ${version}, which is not found`);
  return toVersion(subject, version, res.body, `${http.display}${path}`);
}

/** Reads one version on its own for the optional fields its bulk row could not be trusted for. */
async function completeVersion(http: HttpClient, v: SchemaVersion): Promise<void> {
  const full = await readVersion(http, v.subject, v.version);
  if (full.id !== v.id || full.schema !== v.schema) {
    const what = `the bulk listing had id ${v.id}, this read id ${full.id}`;
    throw new SourceChangedError(`${http.display}${versionPath(v.subject, v.version)}`, what);
  }
  for (const f of OPTIONAL_FIELDS) if (full[f] !== undefined) v[f] = full[f];
}

/** Config and mode of the registry (''), a context (`/:.ctx:`) or a subject (`/name`); not set (404) is null. */
export async function readSettings(http: HttpClient, suffix: string, configQuery = ''): Promise<ContextSettings> {
  const [config, mode] = await Promise.all([
    http.get<unknown>(`/config${suffix}${configQuery}`, NOT_FOUND),
    http.get<{ mode?: string } | null>(`/mode${suffix}`, NOT_FOUND),
  ]);
  return {
    config: config.status === 200 ? normalizeConfig(config.body) : null,
    mode: mode.status === 200 ? (mode.body?.mode ?? null) : null,
  };
}

/**
 * A version as the server answered it, its fields checked; `where` names the answer in an error. Whether it is
 * soft-deleted is its subject's listing's to say (loadSubject).
 */
function toVersion(subject: string, version: number, w: WireVersion, where: string): SchemaVersion {
  const f = new Fields((at, what) => {
    throw new SourceError(where, `${subject} version ${version}: ${at}: ${what}`);
  });
  // A reference without a context names a subject in the referrer's own context (how AxonOps stores them).
  const qualify = (s: string) => qualifyIn(contextOf(subject), s);
  return f.version(f.object(w, 'answer'), '', subject, { version, deleted: false, qualify });
}

export function asArray<T>(body: unknown, http: HttpClient, path: string): T[] {
  if (body === null) return []; // AxonOps answers `null` for an empty list
  if (!Array.isArray(body))
    throw new SourceError(`${http.display}${path}`, `expected a JSON array, got ${typeof body}`);
  return body as T[];
}

export function versionKey(subject: string, version: number): string {
  return `${subject}\u0000${version}`;
}

/**
 * ':' stays literal: it is legal in a path segment, and some servers (AxonOps) do not decode %3A in `:.ctx:subject`.
 */
export function encodeSubject(subject: string): string {
  return encodeURIComponent(subject).replace(/%3A/gi, ':');
}

/** Runs `work` over `items` with at most `width` in flight. */
export async function inPool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(items.length, width) }, async () => {
      for (let i = next++; i < items.length; i = next++) await work(items[i]!);
    }),
  );
}

/** Like Promise.all, but when several fail the error reported is the first in order, not the first in time. */
async function settledInOrder<T extends unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(promises);
  for (const r of results) if (r.status === 'rejected') throw r.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as T;
}

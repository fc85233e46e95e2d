// A cheap read of a Confluent-compatible registry read before (watch's passes after the first): what a registered
// version holds never changes, so a version whose id and text the bulk listing shows unchanged is taken from the
// read before; only what is new or changed is read on its own. Settings can change without any listing showing it:
// every subject's config and mode are read again. Where the listings cannot tell for sure, it answers null and the
// caller reads the whole registry.
import type { HttpClient } from './http.js';
import {
  contextOf,
  qualifyIn,
  type ContextSettings,
  type Registry,
  type SchemaVersion,
  type Subject,
} from '../../model/types.js';
import { subjectMatcher } from '../../model/filter.js';
import { SourceChangedError } from '../../lib/errors.js';
import { copyWith } from '../../model/copy.js';
import {
  encodeSubject,
  finishRead,
  inPool,
  listSubjects,
  listingPages,
  schemasListing,
  readSettings,
  readTellingDeleted,
  readTop,
  readSubject,
  readVersion,
  type LoadOptions,
} from './confluent.js';

interface Row {
  subject?: unknown;
  version?: unknown;
  id?: unknown;
  schemaType?: unknown;
  schema?: unknown;
  references?: unknown;
}

/**
 * Rows asked for per page of the bulk listings. Larger than a whole read's pages: only ids and texts are kept of
 * them, and a server that builds its whole listing for each page (AxonOps) is asked for it fewer times.
 */
const PAGE = 10_000;

export async function refreshConfluent(
  http: HttpClient,
  previous: Registry,
  opts: LoadOptions = {},
): Promise<Registry | null> {
  if (previous.info.kind !== 'rest') return null;
  const keep = subjectMatcher(opts.filter ?? {});
  const top = await readTop(http, opts.filter); // a Confluent-style URL: loadUrl refreshes no other
  const before = await Promise.all(top.wanted.map((ctx) => listSubjects(http, ctx)));
  // A context is listed in bulk only when all of its subjects are wanted (as a whole read does).
  if (before.some((listed) => !listed.every((s) => keep(s.name)))) return null;
  const prior = (subject: string, version: number) => versionIn(previous.subjects.get(subject), version);

  // Settings are read beside the listings where a cheap read worked the time before (else the listings may well
  // send it to a whole read, and the settings would have been read for nothing).
  const listed = before.flat();
  const settings = new Map<string, ContextSettings>();
  const readAllSettings = () =>
    inPool(listed, 2 * http.concurrency, async ({ name }) => {
      settings.set(name, await readSettings(http, `/${encodeSubject(name)}`, top.configQuery));
    });
  const listingsRead = Promise.all(top.wanted.map((ctx) => listContext(http, ctx, prior)));
  const [listings] = await Promise.all([listingsRead, previous.info.refreshed ? readAllSettings() : null]);
  if (listings.some((l) => l === null)) return null;
  if (!previous.info.refreshed) await readAllSettings();
  // Contexts hold distinct (qualified) subjects: their listings are merged as they are.
  const all: Listed = new Map(listings.flatMap((l) => [...l!.all]));
  const live = new Map(listings.flatMap((l) => [...l!.live]));
  const subjects = new Map<string, Subject>();
  let done = 0;
  let leftOut = false;
  opts.onProgress?.({ phase: 'subjects', done, total: listed.length });
  await inPool(listed, 2 * http.concurrency, async ({ name, active }) => {
    const listing = all.get(name);
    const numbers = [...(listing?.keys() ?? [])].sort((a, b) => a - b);
    const liveOnes = live.get(name);
    const versions = await Promise.all(
      numbers.map((n) => versionOf(http, name, n, active, listing!.get(n)! ? prior(name, n) : undefined, liveOnes)),
    );
    // A version the read before had and the listing no longer shows: hard-deleted, or left out by a listing whose
    // pages moved under it (its own read tells; then the listing cannot be trusted, and the whole is read).
    for (const v of previous.subjects.get(name)?.versions ?? []) {
      if (listing?.has(v.version)) continue;
      const still = await readVersion(http, name, v.version).catch((err: unknown) => {
        if (err instanceof SourceChangedError) return null;
        throw err;
      });
      if (still) leftOut = true;
    }
    const deleted = !active;
    subjects.set(name, { name, context: contextOf(name), deleted, versions, ...settings.get(name)! });
    opts.onProgress?.({ phase: 'subjects', done: ++done, total: listed.length });
  });
  if (leftOut) return null;
  for (const subject of all.keys()) {
    if (!subjects.has(subject))
      throw new SourceChangedError(`${http.display}/schemas`, `lists ${subject}, which /subjects did not`);
  }
  return finishRead(http, top, before, subjects, opts.filter);
}

/**
 * A cheap read where something else tells which subjects changed since the read before (a Kafka-backed registry's
 * `_schemas` topic): those are read whole, every other subject is taken from the read before, settings included
 * (a config or mode written is a record naming its subject). A subject that appeared, went or changed its
 * soft-deleted state without being named means the names cannot be trusted (another topic?): null, read otherwise.
 */
export async function refreshNamed(
  http: HttpClient,
  previous: Registry,
  changed: ReadonlySet<string>,
  opts: LoadOptions = {},
): Promise<Registry | null> {
  if (previous.info.kind !== 'rest') return null;
  const keep = subjectMatcher(opts.filter ?? {});
  const top = await readTop(http, opts.filter);
  const before = await Promise.all(top.wanted.map((ctx) => listSubjects(http, ctx)));
  const listed = before.flat().filter((s) => keep(s.name));
  const names = new Set(listed.map((s) => s.name));
  for (const s of listed) {
    const was = previous.subjects.get(s.name);
    if (!changed.has(s.name) && (!was || (was.versions.length > 0 && was.deleted === s.active))) return null;
  }
  for (const was of previous.subjects.values())
    if (was.versions.length && !names.has(was.name) && !changed.has(was.name)) return null;

  const subjects = new Map<string, Subject>();
  const toRead = listed.filter((s) => changed.has(s.name));
  for (const s of listed) if (!changed.has(s.name)) subjects.set(s.name, previous.subjects.get(s.name)!);
  let done = 0;
  opts.onProgress?.({ phase: 'subjects', done, total: toRead.length });
  await inPool(toRead, 2 * http.concurrency, async (s) => {
    subjects.set(s.name, await readSubject(http, s, top));
    opts.onProgress?.({ phase: 'subjects', done: ++done, total: toRead.length });
  });
  return finishRead(http, top, before, subjects, opts.filter);
}

/**
 * A version as the listings show it: the one read before (`before`, where its id and text are unchanged), else read
 * on its own. Soft-deleted is what the live listing leaves out; a version newly left out (soft-deleted since, or
 * registered between the two listings) is asked without `?deleted=true`, as clients ask.
 */
async function versionOf(
  http: HttpClient,
  subject: string,
  n: number,
  active: boolean,
  before: SchemaVersion | undefined,
  live: Set<number> | undefined,
): Promise<SchemaVersion> {
  const listedLive = active && live !== undefined && live.has(n);
  if (before && (listedLive || !active || before.deleted))
    return before.deleted === !listedLive ? before : copyWith(before, { deleted: !listedLive });
  if (!active) return copyWith(await readVersion(http, subject, n), { deleted: true });
  if (listedLive) return readVersion(http, subject, n); // read as live
  return readTellingDeleted(http, subject, n);
}

/** A subject's version of a registry read before, if it had that version (versions ascend, mostly from 1). */
function versionIn(subject: Subject | undefined, n: number): SchemaVersion | undefined {
  const versions = subject?.versions;
  if (!versions) return undefined;
  const at = versions[n - 1];
  return at?.version === n ? at : versions.find((v) => v.version === n);
}

/** subject -> its versions the listing shows -> whether its id and text are those of the read before */
type Listed = Map<string, Map<number, boolean>>;

interface ContextListing {
  all: Listed;
  live: Map<string, Set<number>>;
}

/** A context's two bulk listings (every version, and the live ones); null where they cannot tell for sure. */
async function listContext(
  http: HttpClient,
  ctx: string,
  prior: (subject: string, version: number) => SchemaVersion | undefined,
): Promise<ContextListing | null> {
  const path = schemasListing(ctx);
  const all: Listed = new Map();
  const live = new Map<string, Set<number>>();
  // One listing after the other: a page of rows with their texts is tens of MB once parsed.
  const whole = await pages(http, path, '?deleted=true&', ctx, (subject, version, row) => {
    const versions = all.get(subject) ?? all.set(subject, new Map()).get(subject)!;
    if (versions.has(version)) return false;
    versions.set(version, unchanged(prior(subject, version), row, ctx));
    return true;
  });
  const liveWhole =
    whole &&
    (await pages(http, path, '?', ctx, (subject, version) => {
      const versions = live.get(subject) ?? live.set(subject, new Set()).get(subject)!;
      if (versions.has(version)) return false;
      versions.add(version);
      return true;
    }));
  return liveWhole ? { all, live } : null;
}

/**
 * Reads a bulk listing page by page until a page comes back empty. False where it cannot be trusted to be whole:
 * no listing (Redpanda), rows without subject and version (Apicurio's ccompat), or a row met twice (a server that
 * ignores the offset, or pages ordered differently each time: what was met twice took the place of something left
 * out).
 */
async function pages(
  http: HttpClient,
  path: string,
  query: string,
  ctx: string,
  take: (subject: string, version: number, row: Row) => boolean,
): Promise<boolean> {
  for await (const { rows } of listingPages<Row>(http, `${path}${query}`, PAGE)) {
    if (!rows) return false;
    for (const row of rows) {
      if (typeof row?.subject !== 'string' || !Number.isSafeInteger(row.version)) return false;
      const subject = qualifyIn(ctx, row.subject);
      if (contextOf(subject) !== ctx) continue; // listed again in its own context
      if (!take(subject, row.version as number, row)) return false;
    }
  }
  return true;
}

/** The row shows the version the read before had: the same id, type, text and references. */
function unchanged(before: SchemaVersion | undefined, row: Row, ctx: string): boolean {
  if (!before || row.id !== before.id || row.schema !== before.schema) return false;
  if ((row.schemaType ?? 'AVRO') !== before.schemaType) return false;
  const refs = Array.isArray(row.references)
    ? (row.references as { name?: unknown; subject?: unknown; version?: unknown }[])
    : [];
  return (
    refs.length === before.references.length &&
    refs.every((r, i) => {
      const b = before.references[i]!;
      return (
        r.name === b.name &&
        typeof r.subject === 'string' &&
        qualifyIn(ctx, r.subject) === b.subject &&
        r.version === b.version
      );
    })
  );
}

// Where registry state comes from: a URL (REST) or a file (snapshot). Everything downstream sees a Registry.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { HttpClient, type HttpOptions } from './rest/http.js';
import { loadConfluent, loadUnlistedSettings, type LoadOptions, type LoadProgress } from './rest/confluent.js';
import { loadApicurio } from './rest/apicurio.js';
import { refreshConfluent, refreshNamed } from './rest/refresh.js';
import type { SchemasTopic, TopicOffsets, TopicRead } from './kafka/schemas-topic.js';
import { flavorOf, urlForFlavor, type Flavor } from '../model/flavor.js';
import { PRODUCT_NAMES, type Product } from '../model/product.js';
import { readFileSource } from './formats.js';
import { filterRegistry, type SubjectFilter } from '../model/filter.js';
import type { Registry } from '../model/types.js';
import { isUrl } from '../model/connection.js';
import { SourceChangedError, SourceError, redactUrl } from '../lib/errors.js';

/**
 * `flavor` names the API when the URL alone does not (a server root); by default the URL's path decides. `product`
 * names the registry software where it cannot be told (by default it is detected, or read from the file).
 */
export type SourceSpec = Omit<HttpOptions, 'url'> & {
  location: string;
  flavor?: Flavor;
  product?: Product;
  /** The Kafka topic a Kafka-backed registry keeps its state in: watch's passes read what changed from it. */
  schemasTopic?: SchemasTopic;
};

export { isUrl };

/**
 * Reads a source. `previous`, the last read of the same source with the same filter (watch's passes), lets a live
 * registry be read cheaply (rest/refresh.ts) and a file that has not changed since not be read again.
 */
export async function loadSource(
  spec: SourceSpec,
  filter: SubjectFilter = {},
  onProgress?: (p: LoadProgress) => void,
  previous?: Registry,
): Promise<Registry> {
  const reg = await loadAny(spec, filter, onProgress, previous);
  if (reg === previous) return reg; // a file not changed since: as read then
  const told = reg.info.product;
  if (spec.product && told && spec.product !== told) {
    const declared = `${PRODUCT_NAMES[spec.product]} as declared`;
    reg.info.notes = [
      ...(reg.info.notes ?? []),
      `${reg.info.location} is taken for ${declared}, not ${PRODUCT_NAMES[told]}`,
    ];
  }
  if (spec.product) reg.info.product = spec.product;
  return reg;
}

async function loadAny(
  spec: SourceSpec,
  filter: SubjectFilter,
  onProgress?: (p: LoadProgress) => void,
  previous?: Registry,
): Promise<Registry> {
  if (isUrl(spec.location)) {
    const url = urlForFlavor(spec.location, spec.flavor);
    try {
      return await loadUrl(spec, url, filter, onProgress, previous);
    } catch (err) {
      // A server root that is not Confluent-style may be an Apicurio: its /system/info says which native API to read.
      const apicurio =
        !spec.flavor && err instanceof SourceError && err.status === 404 && isRoot(url)
          ? await detectApicurio(spec, url)
          : null;
      if (!apicurio) throw err;
      const reg = await loadUrl(spec, apicurio.url, filter, onProgress);
      reg.info.notes = [
        ...(reg.info.notes ?? []),
        `${url} is Apicurio ${apicurio.version}: read through ${apicurio.url} (--flavor chooses another API)`,
      ];
      return reg;
    }
  }
  const st = await stat(spec.location).catch(() => null);
  // A mistyped URL (`http//user:pw@host`) lands here: its credentials are not repeated.
  if (!st) throw new SourceError(redactUrl(spec.location), 'no such file (and not an http:// or https:// URL)');
  // A file (not a folder or pipe) whose size and time of change are those of the read before is that read.
  const stamp = st.isFile() ? `${st.size} ${st.mtimeMs} ${st.ino}` : undefined;
  if (stamp && previous && fileStamps.get(previous) === stamp) return previous;
  const read = () =>
    st.isFile() || st.isDirectory() ? readFileSource(spec.location, st.isDirectory()) : readPipe(spec.location);
  const reg = filterRegistry(await oneFileAtATime(read), filter);
  if (stamp) fileStamps.set(reg, stamp);
  return reg;
}

/** The size, time of change and inode of the file each registry read from a file was read from. */
const fileStamps = new WeakMap<Registry, string>();

let fileReads: Promise<unknown> = Promise.resolve();

/**
 * Files are read one after another, whoever asks: parsing is the one thread's work, so two at once are no faster,
 * but they hold both reads' passing text at once (a snapshot line of 54 MB passes through about 250 MB).
 */
function oneFileAtATime<T>(read: () => Promise<T>): Promise<T> {
  const turn = fileReads.then(read, read);
  fileReads = turn.catch(() => undefined);
  return turn;
}

/**
 * A pipe or process substitution (`<(gunzip -c backup.json.gz)`) cannot be read twice or at an offset, which the
 * readers do (format sniffing, ZIP directories): it is spooled to a temporary file first, and named as given.
 */
async function readPipe(location: string): Promise<Registry> {
  const dir = await mkdtemp(join(tmpdir(), 'sr-parity-pipe-'));
  const copy = join(dir, 'input');
  try {
    await pipeline(createReadStream(location), createWriteStream(copy)).catch((err: NodeJS.ErrnoException) => {
      throw new SourceError(location, `cannot read (${err.code ?? err.message})`);
    });
    const reg = await readFileSource(copy, false).catch((err: unknown) => {
      if (!(err instanceof SourceError)) throw err;
      throw new SourceError(err.location.replace(copy, location), err.detail, err.status);
    });
    return { ...reg, info: { ...reg.info, location } };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Subjects that hold only a config or mode, listed by one source, are asked for by name on every other source read
 * over a Confluent-style API (which keeps such settings without listing the subject), so a setting made before a
 * subject's first registration is compared rather than reported missing. Adds what it finds to those registries.
 */
export async function shareSettingsOnlySubjects(loaded: { spec: SourceSpec; registry: Registry }[]): Promise<void> {
  const named = new Set(
    loaded.flatMap(({ registry }) =>
      [...registry.subjects.values()].filter((s) => !s.versions.length).map((s) => s.name),
    ),
  );
  await Promise.all(
    loaded.map(async ({ spec, registry }) => {
      const missing = [...named].filter((n) => !registry.subjects.has(n));
      if (!missing.length || registry.info.kind !== 'rest' || registry.info.flavor !== 'confluent') return;
      const http = new HttpClient({ ...spec, url: urlForFlavor(spec.location, spec.flavor) });
      try {
        const found = await loadUnlistedSettings(http, missing);
        if (found.length)
          registry.subjects = new Map([...registry.subjects, ...found.map((f) => [f.name, f] as const)].sort(byName));
        registry.info.requests = (registry.info.requests ?? 0) + http.requests;
        const responses = (registry.info.responses ??= {});
        for (const [status, n] of Object.entries(http.responses)) responses[status] = (responses[status] ?? 0) + n;
      } finally {
        await http.close();
      }
    }),
  );
}

const byName = ([a]: readonly [string, unknown], [b]: readonly [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);

/** Reads of a registry that changed while being read, before the run gives up (exit 3). */
export const READ_ATTEMPTS = 3;

/**
 * A live registry can change while it is read (a migration still running, a producer registering): a read that
 * saw contradicting answers is started again, and after READ_ATTEMPTS the run fails rather than report a state the
 * server never held.
 */
async function loadUrl(
  spec: SourceSpec,
  url: string,
  filter: SubjectFilter,
  onProgress?: (p: LoadProgress) => void,
  previous?: Registry,
): Promise<Registry> {
  const http = new HttpClient({ ...spec, url });
  const flavor = flavorOf(url);
  const changes: string[] = [];
  const opts = { filter, onProgress };
  const cheap = previous && flavor === 'confluent' && previous.info.location === http.display ? previous : undefined;
  const topicNotes: string[] = [];
  // Where the registry's topic ends is asked before the registry is read: a record written during the read is read
  // by the next pass, which reads its subject again.
  const topic = spec.schemasTopic && flavor === 'confluent' ? await changedSubjects(spec, cheap, topicNotes) : null;
  try {
    for (;;) {
      try {
        const load = flavor === 'apicurio-v2' || flavor === 'apicurio-v3' ? loadApicurio : loadConfluent;
        const named = cheap && topic?.changed ? await readNamed(http, spec, cheap, topic, topicNotes, opts) : null;
        const refreshed = named ?? (cheap ? await refreshConfluent(http, cheap, opts) : null);
        const reg = refreshed ?? (await load(http, opts));
        if (refreshed) refreshed.info.refreshed = true;
        // What this read saw changed is read again by the next pass too, in case the server had not applied it yet.
        if (topic) topicMarks.set(reg, { ends: topic.ends, again: topic.named });
        reg.info.requests = http.requests;
        reg.info.responses = { ...http.responses };
        const again = changes.map((c, i) => `read ${i + 2} of ${http.display}: the one before saw ${c}`);
        const late = `${http.display}: ${http.timedOut} read(s) got no answer in time and were asked again`;
        if (http.timedOut) again.push(late);
        again.push(...topicNotes);
        if (again.length) reg.info.notes = [...(reg.info.notes ?? []), ...again];
        return reg;
      } catch (err) {
        if (!(err instanceof SourceChangedError)) throw err;
        if (changes.length + 1 >= READ_ATTEMPTS) throw gaveUp(err, changes);
        changes.push(err.message);
      }
    }
  } finally {
    await http.close();
  }
}

const NOT_NAMED =
  'its subjects changed in ways the records of its topic did not name (is it the topic the registry reads?): read ' +
  'from its listings instead';

/** Where a registry's `_schemas` topic ended at a read of the registry, and the subjects that read saw changed. */
interface TopicMark {
  ends: TopicOffsets;
  again: Set<string>;
}

const topicMarks = new WeakMap<Registry, TopicMark>();

/**
 * The topic read from `from` (or only where it ends). A topic that cannot be read, or records that cannot tell what
 * changed, cost the cheap read, not the verdict: the registry is read from its listings, and a note says why (null
 * where it could not be read).
 */
async function readTopic(spec: SourceSpec, from: TopicOffsets | undefined, notes: string[]): Promise<TopicRead | null> {
  // Kafka's client is loaded only by a run that reads a topic (it costs every other start 50 ms)
  const { readSchemasTopic } = await import('./kafka/schemas-topic.js');
  const read = await readSchemasTopic(spec.schemasTopic!, from).catch((err: unknown) => {
    if (!(err instanceof SourceError)) throw err;
    notes.push(`cannot read ${err.location} (${err.detail}): the registry is read from its listings`);
    return null;
  });
  if (read?.unsure) notes.push(`${read.unsure}: the registry is read from its listings`);
  return read;
}

interface TopicState {
  ends: TopicOffsets;
  /** The subjects named since the read before. */
  named: Set<string>;
  /** Those, and those the read before saw changed: what to read again (none where the topic cannot tell). */
  changed?: Set<string>;
}

/**
 * The registry read again where the topic named what changed since `previous`; null (and a note) where its subjects
 * changed in ways the records did not name, even after reading the topic on from its end (records written since).
 */
async function readNamed(
  http: HttpClient,
  spec: SourceSpec,
  previous: Registry,
  topic: TopicState,
  notes: string[],
  opts: LoadOptions,
): Promise<Registry | null> {
  const named = await refreshNamed(http, previous, topic.changed!, opts);
  if (named) return named;
  const again = (await readOn(spec, topic, notes)) ? await refreshNamed(http, previous, topic.changed!, opts) : null;
  if (!again) notes.push(`${http.display}: ${NOT_NAMED}`);
  return again;
}

/** Reads the topic on from where `topic` ended, adding what it names; false where it cannot tell. */
async function readOn(spec: SourceSpec, topic: TopicState, notes: string[]): Promise<boolean> {
  const more = await readTopic(spec, topic.ends, notes);
  if (!more || more.unsure) return false;
  topic.ends = more.ends;
  for (const s of more.subjects) {
    topic.named.add(s);
    topic.changed!.add(s);
  }
  return true;
}

/**
 * The topic's ends now and, after a read that left a mark, the subjects changed since (with those that read saw
 * changed); no `changed` where the topic cannot tell, null where it cannot be read.
 */
async function changedSubjects(
  spec: SourceSpec,
  previous: Registry | undefined,
  notes: string[],
): Promise<TopicState | null> {
  const mark = previous && topicMarks.get(previous);
  const read = await readTopic(spec, mark?.ends, notes);
  if (!read) return null;
  if (!mark || read.unsure) return { ends: read.ends, named: read.subjects };
  return { ends: read.ends, named: read.subjects, changed: new Set([...read.subjects, ...mark.again]) };
}

/**
 * The last of READ_ATTEMPTS reads that met a contradiction. The same one every time is not a registry changing but
 * one contradicting itself (a version it lists and does not serve): said so, as re-reading will not help.
 */
function gaveUp(last: SourceChangedError, earlier: string[]): SourceError {
  if (earlier.every((m) => m === last.message)) {
    const what = `the registry contradicts itself, the same way in ${READ_ATTEMPTS} reads: ${last.contradiction}`;
    return new SourceError(last.location, what);
  }
  return new SourceError(last.location, `${last.detail} (read ${READ_ATTEMPTS} times)`);
}

function isRoot(url: string): boolean {
  return new URL(url).pathname.replace(/\/+$/, '') === '';
}

/** The native API of an Apicurio server at `root`: v3 where it answers (3.x), else v2 (2.x); null if neither does. */
async function detectApicurio(spec: SourceSpec, root: string): Promise<{ url: string; version: string } | null> {
  const http = new HttpClient({ ...spec, url: root, retries: 0 });
  try {
    for (const api of ['v3', 'v2']) {
      const version = (await http.probeJson(`/apis/registry/${api}/system/info`))?.version;
      if (typeof version === 'string') return { url: urlForFlavor(root, `apicurio-${api}` as Flavor), version };
    }
    return null;
  } finally {
    await http.close();
  }
}

/**
 * A file or folder, told apart by its first bytes or layout: an Apicurio export ZIP, a Karapace V3 backup (its
 * metadata file or folder), an srctl backup folder, else a JSON/text file (snapshot, audit, Karapace V1/V2).
 */

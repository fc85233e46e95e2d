// The topic a Kafka-backed registry keeps its state in (`_schemas`: Karapace, Confluent), read by watch's passes from
// where the pass before ended. Every write such a registry takes (a version, a delete, a config, a mode) is a record
// keyed by its subject (Karapace's schema_reader.py, Confluent's SchemaRegistryKeyType), so the subjects its new
// records name are the only ones that can have changed. Read as a plain consumer: no group, no commit, nothing written.
import { SourceError } from '../../lib/errors.js';
import { DEFAULT_CONTEXT, qualifyIn } from '../../model/types.js';
import type { KafkaRecord } from '../../model/records.js';
import {
  EARLIEST,
  LATEST,
  explain,
  leadersOf,
  listOffsets,
  listTopics,
  openCluster,
  pemFiles,
  readAll,
  type KafkaConnection,
  type Partition,
} from './sample.js';

export interface SchemasTopic extends KafkaConnection {
  topic: string;
}

/** partition -> the offset of the next record to read */
export type TopicOffsets = Map<number, bigint>;

export interface TopicRead {
  /** Where the topic ended when it was read: the next pass reads from here. */
  ends: TopicOffsets;
  /** The (qualified) subjects the records read name. */
  subjects: Set<string>;
  /** Why the records cannot tell what changed (a gap, a record not in the registry's format): read another way. */
  unsure?: string;
}

/**
 * Where the topic ends, and with `from` the subjects its records since then name. The ends are asked before the
 * records, and a caller reads the registry after: a record written meanwhile is read by the next pass.
 */
export async function readSchemasTopic(opts: SchemasTopic, from?: TopicOffsets): Promise<TopicRead> {
  const location = `kafka ${opts.bootstrap.join(',')} topic ${opts.topic}`;
  const fail = (what: string, err: unknown): never => {
    throw new SourceError(location, `${what}: ${explain((err as Error)?.message ?? String(err))}`);
  };
  const cluster = openCluster(opts, await pemFiles(opts.tls));
  try {
    const meta = (await listTopics(cluster, fail)).find((t) => t.topic === opts.topic);
    if (!meta) throw new SourceError(location, 'no such topic');
    await cluster.addMultipleTargetTopics([opts.topic]).catch((e) => fail('cannot read metadata', e));
    const leaders = await leadersOf(cluster, meta, fail);
    const ends: TopicOffsets = new Map();
    const starts: TopicOffsets = new Map();
    for (const [broker, ps] of leaders) {
      const ask = (at: string) => listOffsets(broker, opts.topic, ps, at).catch((e) => fail('cannot list offsets', e));
      for (const [p, o] of await ask(LATEST)) ends.set(p, o);
      for (const [p, o] of await ask(EARLIEST)) starts.set(p, o);
    }
    const subjects = new Set<string>();
    if (!from) return { ends, subjects };
    const gap = gapIn(from, starts, ends);
    if (gap) return { ends, subjects, unsure: gap };

    const records: KafkaRecord[] = [];
    const deadline = Date.now() + opts.timeoutMs * 4;
    for (const [broker, ps] of leaders) {
      const parts: Partition[] = ps.map((partition) => {
        const next = from.get(partition)!;
        const end = ends.get(partition)!;
        return { topic: opts.topic, partition, next, end, done: next >= end, short: false };
      });
      await readAll(broker, parts, records, deadline, () => undefined).catch((e) => fail('cannot fetch', e));
      // A partition ends short where the records before its end were compacted away; not when time ran out.
      if (parts.some((p) => p.short) && Date.now() > deadline)
        return { ends, subjects, unsure: 'the records since the pass before took too long to read' };
    }
    return { ends, ...subjectsNamed(records) };
  } finally {
    await cluster.disconnect().catch(() => undefined);
  }
}

/** Why the records from `from` to `ends` are not all there to read, if they are not. */
function gapIn(from: TopicOffsets, starts: TopicOffsets, ends: TopicOffsets): string | undefined {
  if (from.size !== ends.size || [...ends.keys()].some((p) => !from.has(p)))
    return 'the topic has other partitions than at the pass before';
  for (const [p, end] of ends) {
    const at = from.get(p)!;
    if (at > end) return `partition ${p} ends before where the pass before ended (the topic was made again?)`;
    if (at < (starts.get(p) ?? 0n)) return `partition ${p}'s records since the pass before are deleted`;
  }
  return undefined;
}

/** What a registry's record key holds (both Karapace's and Confluent's keys are JSON objects). */
interface Key {
  keytype?: unknown;
  subject?: unknown;
}

/** Keytypes whose records change one subject (CONFIG and MODE with no subject: the global one, read every pass). */
const SUBJECT_KEYTYPES = new Set(['SCHEMA', 'CONFIG', 'MODE', 'DELETE_SUBJECT', 'CLEAR_SUBJECT']);
/** Keytypes that change no subject: a placeholder, and a context made (its subjects' SCHEMA records name them). */
const OTHER_KEYTYPES = new Set(['NOOP', 'CONTEXT']);

/**
 * The subjects records name, by their keys and, for a SCHEMA or DELETE_SUBJECT value, the subject in the value too
 * (Karapace takes a version's subject from the value). A record it cannot read as the registry's own is not guessed
 * at: the caller reads the registry another way.
 */
export function subjectsNamed(records: Pick<KafkaRecord, 'key' | 'value' | 'offset' | 'partition'>[]): {
  subjects: Set<string>;
  unsure?: string;
} {
  const subjects = new Set<string>();
  const name = (s: string) => subjects.add(qualifyIn(DEFAULT_CONTEXT, s.replace(/^:\.:/, '')));
  for (const r of records) {
    const at = `the record at offset ${r.offset} of partition ${r.partition}`;
    const key = r.key && (parse(r.key) as Key | undefined);
    if (!key || typeof key !== 'object' || Array.isArray(key))
      return { subjects, unsure: `${at} has no key the registry writes` };
    const type = key.keytype;
    if (typeof type === 'string' && OTHER_KEYTYPES.has(type)) continue;
    if (typeof type !== 'string' || !SUBJECT_KEYTYPES.has(type))
      return { subjects, unsure: `${at} is of a kind not known here (keytype ${JSON.stringify(type)})` };
    if (typeof key.subject === 'string') name(key.subject);
    else if (type === 'SCHEMA' || type === 'DELETE_SUBJECT' || type === 'CLEAR_SUBJECT')
      return { subjects, unsure: `${at} names no subject` };
    const value = r.value && r.value.length ? (parse(r.value) as Key | undefined) : null;
    if (value && typeof value === 'object' && typeof value.subject === 'string') name(value.subject);
  }
  return { subjects };
}

function parse(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return undefined;
  }
}

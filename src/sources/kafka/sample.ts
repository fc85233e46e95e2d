// Reads a bounded sample of records from Kafka topics, as a plain consumer: partitions assigned by hand, no consumer
// group, no offset commit, no topic created (metadata requests never auto-create), nothing written.
// KafkaJS has no group-less consumer in its API, so this uses its cluster object (the one its own consumer and admin
// are built on) for metadata, ListOffsets and Fetch; the version is pinned, and the real test tier runs it on a
// real broker.
import kafkajs from 'kafkajs';
import { SourceError, UsageError } from '../../lib/errors.js';
import { installCodecs } from './codecs.js';
import { readTextFile } from '../files/native.js';
import type { KafkaRecord, RecordSample, SaslMechanism, TopicSample } from '../../model/records.js';

/** How to reach a Kafka cluster (records' sample, a registry's `_schemas` topic). */
export interface KafkaConnection {
  bootstrap: string[];
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
  /** TLS on when present: CAs to trust, a client certificate (mTLS), or no verification at all. */
  tls?: { caFile?: string; certFile?: string; keyFile?: string; insecure?: boolean };
  /** Bounds each request and, times four, the whole read. */
  timeoutMs: number;
}

export interface KafkaOptions extends KafkaConnection {
  /** Regular expressions matched against whole topic names (as Kafka's own --include does). */
  topics: string[];
  /** Records per partition: the last N, or the first N from `fromMs`. */
  sample: number;
  fromMs?: number;
}

export interface Partition {
  topic: string;
  partition: number;
  next: bigint;
  end: bigint;
  done: boolean;
  short: boolean;
}

// The parts of KafkaJS's cluster object used here (it is not typed: it is not part of the public API).
export interface Broker {
  listOffsets(req: unknown): Promise<{ responses: OffsetsResponse[] }>;
  fetch(req: unknown): Promise<{ responses: FetchResponse[] }>;
}
interface OffsetsResponse {
  topic: string;
  partitions: { partition: number; errorCode: number; offset: string }[];
}
interface FetchResponse {
  topicName: string;
  partitions: {
    partition: number;
    errorCode: number;
    messages: {
      offset: string;
      key: Buffer | null;
      value: Buffer | null;
      headers?: Record<string, Buffer | Buffer[] | undefined>;
    }[];
  }[];
}
export interface Cluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  metadata(req: { topics: string[] }): Promise<{
    topicMetadata: { topic: string; isInternal?: boolean; partitionMetadata: { partitionId: number }[] }[];
  }>;
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findBroker(req: { nodeId: string }): Promise<Broker>;
}

const READ_COMMITTED = 1;
const MB = 1 << 20;
export const LATEST = '-1';
export const EARLIEST = '-2';

export async function sampleRecords(
  opts: KafkaOptions,
  onProgress?: (p: { phase: string; done: number; total: number }) => void,
): Promise<RecordSample> {
  const location = opts.bootstrap.join(',');
  const cluster = openCluster(opts, await pemFiles(opts.tls));
  const deadline = Date.now() + opts.timeoutMs * 4;
  const fail = (what: string, err: unknown): never => {
    throw new SourceError(`kafka ${location}`, `${what}: ${explain((err as Error).message ?? String(err))}`);
  };
  try {
    const topicMetadata = await listTopics(cluster, fail);
    const patterns = opts.topics.map(topicPattern);
    const chosen = topicMetadata
      .filter((t) => patterns.some((p) => p.test(t.topic)))
      .filter((t) => !t.isInternal && (!t.topic.startsWith('_') || opts.topics.includes(t.topic)))
      .sort((a, b) => (a.topic < b.topic ? -1 : 1));
    if (!chosen.length) throw new SourceError(`kafka ${location}`, `no topic matches ${opts.topics.join(', ')}`);
    await cluster.addMultipleTargetTopics(chosen.map((t) => t.topic)).catch((e) => fail('cannot read metadata', e));
    // Where each partition's sample starts and ends, for all topics first: the progress knows the whole.
    const plan: { broker: Broker; topic: string; partitions: Partition[] }[] = [];
    for (const t of chosen) {
      for (const [broker, ps] of await leadersOf(cluster, t, fail)) {
        const partitions = await offsets(broker, t.topic, ps, opts).catch((e) => fail(`offsets of ${t.topic}`, e));
        plan.push({ broker, topic: t.topic, partitions });
      }
    }
    const all = plan.flatMap((p) => p.partitions);
    const total = Number(all.reduce((n, p) => n + (p.end - p.next), 0n));
    const records: KafkaRecord[] = [];
    const progress = () => onProgress?.({ phase: 'records', done: records.length, total });
    const read = new Map<string, number>(); // records per topic
    for (const { broker, topic, partitions } of plan) {
      const before = records.length;
      await readAll(broker, partitions, records, deadline, progress).catch((e) => fail(`cannot fetch ${topic}`, e));
      read.set(topic, (read.get(topic) ?? 0) + records.length - before);
    }
    onProgress?.({ phase: 'records', done: total, total });
    const topics: TopicSample[] = chosen.map((t) => ({
      topic: t.topic,
      partitions: t.partitionMetadata.length,
      records: read.get(t.topic) ?? 0,
      cutShort: all.filter((p) => p.topic === t.topic && p.short).length,
    }));
    return { location, topics, records };
  } finally {
    await cluster.disconnect().catch(() => undefined);
  }
}

type Fail = (what: string, err: unknown) => never;
type TopicMetadata = Awaited<ReturnType<Cluster['metadata']>>['topicMetadata'][number];

/** Connects and lists the cluster's topics (metadata requests never create one). */
export async function listTopics(cluster: Cluster, fail: Fail): Promise<TopicMetadata[]> {
  await cluster.connect().catch((e) => fail('cannot connect', e));
  const listed = await cluster.metadata({ topics: [] }).catch((e) => fail('cannot list topics', e));
  // KafkaJS answers null when the broker's connection dies under the request (a broker killed mid-run, tried)
  if (!Array.isArray(listed?.topicMetadata))
    fail('cannot list topics', new Error('no answer from the broker (its connection closed)'));
  return listed.topicMetadata;
}

/** A topic's partitions by the broker that leads them (its metadata read first: addMultipleTargetTopics). */
export async function leadersOf(cluster: Cluster, topic: TopicMetadata, fail: Fail): Promise<[Broker, number[]][]> {
  const ids = topic.partitionMetadata.map((p) => p.partitionId).sort((a, b) => a - b);
  const leaders: [Broker, number[]][] = [];
  for (const [nodeId, ps] of Object.entries(cluster.findLeaderForPartitions(topic.topic, ids)))
    leaders.push([await cluster.findBroker({ nodeId }).catch((e) => fail(`cannot reach broker ${nodeId}`, e)), ps]);
  return leaders;
}

/** KafkaJS's words for a refused or dropped connection, with what usually causes it. */
export function explain(message: string): string {
  if (/authentication failed/i.test(message))
    return `${message}; check --kafka-username and --kafka-password (SR_KAFKA_PASSWORD) and the mechanism`;
  if (/certificate|self.signed/i.test(message))
    return `${message} (trust its CA with --kafka-ca-file, or skip verification with --kafka-insecure)`;
  if (/closed connection|not connected|connection timeout/i.test(message))
    return `${message} (a listener that wants TLS or SASL drops other clients: --kafka-tls, --kafka-sasl-mechanism)`;
  return message;
}

/** The TLS files' contents, read (and an unreadable one named) before any connection. */
export async function pemFiles(tls: KafkaConnection['tls']) {
  if (!tls) return undefined;
  const pem = (file: string | undefined) => (file === undefined ? undefined : readTextFile(file));
  const [ca, cert, key] = await Promise.all([pem(tls.caFile), pem(tls.certFile), pem(tls.keyFile)]);
  return { ca, cert, key, rejectUnauthorized: !tls.insecure };
}

export function openCluster(opts: KafkaConnection, ssl: Awaited<ReturnType<typeof pemFiles>>): Cluster {
  installCodecs();
  const kafka = new kafkajs.Kafka({
    clientId: 'sr-parity',
    brokers: opts.bootstrap,
    ssl,
    sasl: opts.sasl as kafkajs.SASLOptions | undefined,
    connectionTimeout: Math.min(opts.timeoutMs, 10_000),
    requestTimeout: opts.timeoutMs,
    retry: { retries: 1 },
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const create = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  if (!create) throw new Error('this KafkaJS version has no cluster factory (the pinned version has)');
  const factory = (kafka as unknown as Record<symbol, (o: object) => Cluster>)[create]!;
  return factory({ allowAutoTopicCreation: false, isolationLevel: READ_COMMITTED, metadataMaxAge: 300_000 });
}

/** Whole-name regular expression; a plain name matches only itself. */
function topicPattern(text: string): RegExp {
  try {
    return new RegExp(`^(?:${text})$`);
  } catch (err) {
    throw new UsageError(`--topic ${text}: not a regular expression (${(err as Error).message})`);
  }
}

/** Each partition's offset at a time: EARLIEST (its first record), LATEST (the next to be written), or a timestamp. */
export async function listOffsets(
  broker: Broker,
  topic: string,
  partitions: number[],
  timestamp: string,
): Promise<Map<number, bigint>> {
  const res = await broker.listOffsets({
    isolationLevel: READ_COMMITTED,
    topics: [{ topic, partitions: partitions.map((partition) => ({ partition, timestamp })) }],
  });
  const out = new Map<number, bigint>();
  for (const p of res.responses.flatMap((r) => r.partitions)) out.set(p.partition, BigInt(p.offset));
  return out;
}

async function offsets(broker: Broker, topic: string, partitions: number[], opts: KafkaOptions): Promise<Partition[]> {
  const ask = (timestamp: string) => listOffsets(broker, topic, partitions, timestamp);
  const [low, high] = [await ask(EARLIEST), await ask(LATEST)];
  const from = opts.fromMs === undefined ? undefined : await ask(String(opts.fromMs));
  const n = BigInt(opts.sample);
  return partitions.map((partition) => {
    const [lo, hi] = [low.get(partition) ?? 0n, high.get(partition) ?? 0n];
    const at = from?.get(partition);
    // From a timestamp: the first N records at or after it (-1: none that late). Else the last N.
    const start = at === undefined ? (hi - n > lo ? hi - n : lo) : at < 0n ? hi : at;
    const end = start + n < hi ? start + n : hi;
    return { topic, partition, next: start, end, done: start >= end, short: false };
  });
}

/** Fetches until every partition reached its end; a fetch that brings nothing new ends that partition's sample. */
export async function readAll(
  broker: Broker,
  parts: Partition[],
  out: KafkaRecord[],
  deadline: number,
  progress: () => void,
) {
  for (;;) {
    const open = parts.filter((p) => !p.done);
    if (!open.length) return;
    if (Date.now() > deadline) {
      for (const p of open) Object.assign(p, { done: true, short: true });
      return;
    }
    const topic = open[0]!.topic;
    const res = await broker.fetch({
      replicaId: -1,
      isolationLevel: READ_COMMITTED,
      maxWaitTime: 100,
      minBytes: 1,
      maxBytes: 8 << 20,
      topics: [
        { topic, partitions: open.map((p) => ({ partition: p.partition, fetchOffset: `${p.next}`, maxBytes: MB })) },
      ],
    });
    const answered = res.responses.flatMap((r) => r.partitions);
    for (const p of open) {
      const got = answered.find((x) => x.partition === p.partition);
      if (got && got.errorCode) throw new Error(`partition ${p.partition}: error code ${got.errorCode}`);
      const fresh = (got?.messages ?? []).filter((m) => BigInt(m.offset) >= p.next && BigInt(m.offset) < p.end);
      if (!fresh.length) {
        Object.assign(p, { done: true, short: p.next < p.end });
        continue;
      }
      for (const m of fresh) out.push(toRecord(topic, p.partition, m));
      progress();
      p.next = BigInt(fresh.at(-1)!.offset) + 1n;
      p.done = p.next >= p.end;
    }
  }
}

function toRecord(topic: string, partition: number, m: FetchResponse['partitions'][number]['messages'][number]) {
  const headers: Record<string, Uint8Array> = {};
  for (const [name, v] of Object.entries(m.headers ?? {})) {
    const last = Array.isArray(v) ? v.at(-1) : v;
    if (last) headers[name] = last;
  }
  return { topic, partition, offset: m.offset, key: m.key, value: m.value, headers };
}

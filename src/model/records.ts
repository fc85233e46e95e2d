// Records sampled from Kafka topics, as the records-resolve check reads them: bytes and where they were found.
import { UsageError } from '../lib/errors.js';

export interface KafkaRecord {
  topic: string;
  partition: number;
  offset: string; // Kafka offsets are 64-bit: kept as text
  key: Uint8Array | null;
  value: Uint8Array | null;
  /** Header values by name (the last one where a name repeats). */
  headers: Record<string, Uint8Array>;
}

export interface TopicSample {
  topic: string;
  partitions: number;
  /** Records read, over all partitions. */
  records: number;
  /** Partitions whose sample ended early (a gap in a compacted or transactional log, or the deadline). */
  cutShort: number;
}

export interface RecordSample {
  /** Where the records came from: bootstrap servers, for reports. */
  location: string;
  topics: TopicSample[];
  records: KafkaRecord[];
}

/** Brokers as given on the command line or in a spec: a list, each entry possibly comma-separated. */
export function bootstrapServers(given: string[]): string[] {
  return given.flatMap((s) => s.split(',').map((b) => b.trim())).filter(Boolean);
}

/** The SASL mechanisms records logs in to Kafka with. */
export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/** `--from` (or a spec's `from`): an ISO 8601 time, or epoch milliseconds; `where` names it in the error. */
export function fromTime(text: string | undefined, where: string): number | undefined {
  if (text === undefined) return undefined;
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(ms)) throw new UsageError(`${where} ${text}: expected an ISO 8601 time, e.g. 2026-11-28T09:00Z`);
  return ms;
}

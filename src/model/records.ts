// Records sampled from Kafka topics, as the records-resolve check reads them: bytes and where they were found.

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

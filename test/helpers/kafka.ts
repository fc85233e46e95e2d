// Test-side Kafka: topics created and records produced through KafkaJS's public API (the tool itself only reads).
import kafkajs from 'kafkajs';

export class TestKafka {
  private readonly kafka: kafkajs.Kafka;

  constructor(bootstrap: string) {
    this.kafka = new kafkajs.Kafka({
      brokers: [bootstrap],
      clientId: 'sr-parity-tests',
      logLevel: kafkajs.logLevel.NOTHING,
    });
  }

  /** `config`: topic configs, e.g. compression.type (the broker then recompresses what producers send). */
  async createTopic(topic: string, partitions: number, config: Record<string, string> = {}): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({
        topics: [
          {
            topic,
            numPartitions: partitions,
            configEntries: Object.entries(config).map(([name, value]) => ({ name, value })),
          },
        ],
        waitForLeaders: true,
      });
    } finally {
      await admin.disconnect();
    }
  }

  async produce(
    topic: string,
    messages: {
      key?: Buffer | string | null;
      value: Buffer | null;
      partition?: number;
      headers?: Record<string, Buffer>;
    }[],
  ): Promise<void> {
    const producer = this.kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: kafkajs.Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    try {
      await producer.send({ topic, messages });
    } finally {
      await producer.disconnect();
    }
  }

  /** What a read-only tool must leave as it found: the consumer groups and the topics. */
  async footprint(): Promise<{ groups: string[]; topics: string[] }> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const groups = (await admin.listGroups()).groups.map((g) => g.groupId).sort();
      const topics = (await admin.listTopics()).sort();
      return { groups, topics };
    } finally {
      await admin.disconnect();
    }
  }
}

// The Kafka connection options: records' data cluster, and the cluster a Kafka-backed registry keeps its topic in
// (watch). Login and TLS are the --kafka-* options for every cluster of a run.
import type { Argv } from 'yargs';
import { SASL_MECHANISMS, bootstrapServers, type SaslMechanism } from '../model/records.js';
import { UsageError } from '../lib/errors.js';
import type { KafkaConnection } from '../workflows/records.js';

/** records' options: its data cluster and the login (a spec names its cluster in its `kafka` entry instead). */
export function kafkaOptions<T>(y: Argv<T>) {
  return kafkaLoginOptions(
    y.options({
      'bootstrap-server': {
        type: 'string',
        array: true,
        describe: 'Kafka broker host:port to start from (repeatable, or comma-separated; env SR_BOOTSTRAP_SERVER)',
        group: 'Kafka:',
      },
    }),
  );
}

/** How to log in to Kafka and trust it: the same for every cluster of a run. */
export function kafkaLoginOptions<T>(y: Argv<T>) {
  return y.options({
    'kafka-sasl-mechanism': { choices: SASL_MECHANISMS, describe: 'SASL mechanism for Kafka', group: 'Kafka:' },
    'kafka-username': { type: 'string', describe: 'SASL user for Kafka (env SR_KAFKA_USERNAME)', group: 'Kafka:' },
    'kafka-password': { type: 'string', describe: 'SASL password for Kafka (env SR_KAFKA_PASSWORD)', group: 'Kafka:' },
    'kafka-tls': { type: 'boolean', describe: 'connect to Kafka over TLS', group: 'Kafka:' },
    'kafka-ca-file': { type: 'string', describe: 'PEM file of CAs to trust for Kafka (implies TLS)', group: 'Kafka:' },
    'kafka-cert-file': { type: 'string', describe: 'client certificate PEM for Kafka (mTLS)', group: 'Kafka:' },
    'kafka-key-file': { type: 'string', describe: 'client key PEM for Kafka (mTLS)', group: 'Kafka:' },
    'kafka-insecure': { type: 'boolean', describe: "do not verify Kafka's TLS certificates", group: 'Kafka:' },
  });
}

export type KafkaArgs = {
  bootstrapServer?: string[];
  kafkaSaslMechanism?: SaslMechanism;
  kafkaUsername?: string;
  kafkaPassword?: string;
  kafkaTls?: boolean;
  kafkaCaFile?: string;
  kafkaCertFile?: string;
  kafkaKeyFile?: string;
  kafkaInsecure?: boolean;
};

export function kafkaConnection(args: KafkaArgs, timeoutMs: number): KafkaConnection {
  const bootstrap = bootstrapServers(args.bootstrapServer ?? []);
  if (!bootstrap.length) throw new UsageError('records needs --bootstrap-server host:port (env SR_BOOTSTRAP_SERVER)');
  return connectionTo(bootstrap, '--bootstrap-server', args, timeoutMs);
}

/** A cluster's connection: its bootstrap servers (given by `option`) with the --kafka-* login and TLS. */
export function connectionTo(bootstrap: string[], option: string, args: KafkaArgs, timeoutMs: number): KafkaConnection {
  for (const b of bootstrap)
    if (!/^[^\s:/]+:\d{1,5}$/.test(b) && !/^\[[0-9a-f:]+\]:\d{1,5}$/i.test(b))
      throw new UsageError(`${option} ${b}: expected host:port`);
  const { kafkaSaslMechanism: mechanism, kafkaUsername: username, kafkaPassword: password } = args;
  const tls =
    args.kafkaTls || [args.kafkaCaFile, args.kafkaCertFile, args.kafkaKeyFile, args.kafkaInsecure].some(Boolean);
  if ((args.kafkaCertFile === undefined) !== (args.kafkaKeyFile === undefined))
    throw new UsageError('--kafka-cert-file and --kafka-key-file go together (mTLS)');
  if ((username !== undefined || password !== undefined) && !mechanism)
    throw new UsageError(
      '--kafka-username and --kafka-password need --kafka-sasl-mechanism (plain, scram-sha-256/512)',
    );
  if (mechanism && (username === undefined || password === undefined))
    throw new UsageError(`--kafka-sasl-mechanism ${mechanism} needs --kafka-username and --kafka-password`);
  return {
    bootstrap,
    sasl: mechanism ? { mechanism, username: username!, password: password! } : undefined,
    tls: tls
      ? {
          caFile: args.kafkaCaFile,
          certFile: args.kafkaCertFile,
          keyFile: args.kafkaKeyFile,
          insecure: args.kafkaInsecure,
        }
      : undefined,
    timeoutMs,
  };
}

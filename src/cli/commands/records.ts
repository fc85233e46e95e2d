import type { Argv } from 'yargs';
import { COMMAND_TEXT } from './names.js';
import { FRAMINGS, records, type KafkaOptions } from '../../workflows/records.js';
import { exitCodeOf, type Severity } from '../../workflows/result.js';
import { SASL_MECHANISMS, bootstrapServers, fromTime, type SaslMechanism } from '../../model/records.js';
import { UsageError } from '../../lib/errors.js';
import { connectionOptions, requireSides, sideOptions, sourceSpec, wholeNumber } from '../options.js';
import { emitReports, junitOnUnreadable, reportOptions, type ReportArgs } from '../reports.js';
import { cliHooks } from '../progress.js';

/** The Kafka connection options (a spec names its cluster in its `kafka` entry instead). */
function kafkaOptions<T>(y: Argv<T>) {
  return y.options({
    'bootstrap-server': {
      type: 'string',
      array: true,
      describe: 'Kafka broker host:port to start from (repeatable, or comma-separated; env SR_BOOTSTRAP_SERVER)',
      group: 'Kafka:',
    },
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

type KafkaArgs = {
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

function kafkaConnection(args: KafkaArgs, timeoutMs: number): Omit<KafkaOptions, 'topics' | 'sample'> {
  const bootstrap = bootstrapServers(args.bootstrapServer ?? []);
  if (!bootstrap.length) throw new UsageError('records needs --bootstrap-server host:port (env SR_BOOTSTRAP_SERVER)');
  for (const b of bootstrap)
    if (!/^[^\s:/]+:\d{1,5}$/.test(b) && !/^\[[0-9a-f:]+\]:\d{1,5}$/i.test(b))
      throw new UsageError(`--bootstrap-server ${b}: expected host:port`);
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

export function recordsCommand(y: Argv) {
  return y.command(
    COMMAND_TEXT.records.usage,
    COMMAND_TEXT.records.describe,
    (y) =>
      sideOptions(kafkaOptions(connectionOptions(y, true)), 'registry URL or snapshot file')
        .options({
          topic: {
            type: 'string',
            array: true,
            alias: 't',
            describe: "topics to sample: regular expressions over whole names, e.g. 'orders\\..*' (repeatable)",
          },
          sample: {
            type: 'number',
            default: 100,
            coerce: wholeNumber('sample', 1),
            describe: 'records per partition: the last N (or the first N from --from)',
          },
          from: { type: 'string', describe: 'sample from this time (ISO 8601) instead of the end of each partition' },
          framing: {
            choices: FRAMINGS,
            default: 'auto',
            describe:
              "how records carry their schema id (auto: Apicurio headers if present, else the source's kind: " +
              'apicurio-global for Apicurio 2.x, apicurio-content for 3.x, confluent otherwise)',
          },
          'target-context': {
            type: 'string',
            describe: "the migration moved every subject into this context of the target (an exporter's .<name>)",
          },
          'id-map': {
            type: 'string',
            describe: 'the migration renumbered ids: translate record ids through this map (as apply writes it)',
          },
          ...reportOptions,
        })
        .example(
          "$0 records http://old:8081 http://new:8081 --bootstrap-server kafka:9092 -t 'orders\\..*'",
          'after the copy, before consumers switch: do the records in use resolve on the new registry?',
        ),
    (args) =>
      junitOnUnreadable(args as ReportArgs, 'sr-parity records', async () => {
        const [source, target] = requireSides(args, 'records', 'registry URLs or snapshot files');
        if (!args.topic?.length) throw new UsageError('records needs --topic (a topic name or a regular expression)');
        const run = await records(
          {
            source: sourceSpec(args, source, ''),
            target: sourceSpec(args, target, 'target-'),
            kafka: {
              ...kafkaConnection(args as KafkaArgs, Number(args.timeout)),
              topics: args.topic,
              sample: args.sample,
              fromMs: fromTime(args.from, '--from'),
            },
            framing: args.framing,
            targetContext: args.targetContext,
            idMap: args.idMap,
            failOn: args.failOn as Severity,
            fromCommandLine: true,
          },
          cliHooks(args.quiet),
        );
        await emitReports(run, args);
        process.exitCode = exitCodeOf(run);
      }),
  );
}

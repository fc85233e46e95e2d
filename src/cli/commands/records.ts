import type { Argv } from 'yargs';
import { COMMAND_TEXT } from './names.js';
import { loadSide } from '../load.js';
import { readJsonFile } from '../../sources/files/native.js';
import type { KafkaOptions } from '../../sources/kafka/sample.js';
import { runVerify } from '../../engine/verify.js';
import { exitCodeOf } from '../../engine/run.js';
import { recordsResolve } from '../../checks/records-resolve.js';
import { parseIdMap } from '../../model/id-map.js';
import { SASL_MECHANISMS, bootstrapServers, type SaslMechanism } from '../../model/records.js';
import type { CheckDecl } from '../../engine/declarations.js';
import type { IoContext, Severity } from '../../engine/types.js';
import { UsageError } from '../../errors.js';
import { connectionOptions, fromTime, sourceSpec, wholeNumber } from '../options.js';
import { emitReports, junitOnUnreadable, reportOptions, type ReportArgs } from '../reports.js';
import { progressReporter } from '../progress.js';
import { TOOL } from '../version.js';

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
      kafkaOptions(connectionOptions(y, true))
        .positional('source', { type: 'string', describe: 'source registry URL or snapshot file (or --url)' })
        .positional('target', { type: 'string', describe: 'target registry URL or snapshot file (or --target-url)' })
        .options({
          url: { type: 'string', alias: 'u', describe: 'source registry URL (env SR_URL or SCHEMA_REGISTRY_URL)' },
          'target-url': { type: 'string', describe: 'target registry URL (env SR_TARGET_URL)' },
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
            choices: recordsResolve.params!.framing!.enum as string[],
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
        const src = (args.source ?? args.url) as string | undefined;
        const tgt = (args.target ?? args.targetUrl) as string | undefined;
        if (!src || !tgt)
          throw new UsageError(
            'records needs a source and a target registry: `records SOURCE TARGET` or --url and --target-url',
          );
        if (!args.topic?.length) throw new UsageError('records needs --topic (a topic name or a regular expression)');
        const kafka: KafkaOptions = {
          ...kafkaConnection(args as KafkaArgs, Number(args.timeout)),
          topics: args.topic,
          sample: args.sample,
          fromMs: fromTime(args.from, '--from'),
        };
        const idMap = args.idMap ? parseIdMap(await readJsonFile(args.idMap), args.idMap) : undefined;
        const { sampleRecords } = await import('../../sources/kafka/sample.js'); // loaded only where it is used
        const [source, target, records] = await Promise.all([
          loadSide('source', { options: '' }, sourceSpec(args, src, ''), {}, progressReporter('source', !args.quiet)),
          loadSide(
            'target',
            { options: 'target-' },
            sourceSpec(args, tgt, 'target-'),
            {},
            progressReporter('target', !args.quiet),
          ),
          sampleRecords(kafka, progressReporter('kafka', !args.quiet)),
        ]);
        const decl: CheckDecl = {
          def: recordsResolve,
          name: 'records-resolve',
          filter: {},
          ignore: [],
          uses: ['source', 'target'],
          ids: idMap ? 'not-preserved' : 'preserved',
          idMap: args.idMap,
          mapping: args.targetContext === undefined ? undefined : { targetContext: args.targetContext },
          params: { framing: args.framing },
        };
        const run = await runVerify({
          tool: TOOL,
          registries: new Map([
            ['source', source],
            ['target', target],
          ]),
          checks: [decl],
          records: new Map([[decl, records]]),
          idMaps: new Map(idMap ? [[args.idMap!, idMap]] : []),
          io: NO_IO,
          failOn: args.failOn as Severity,
        });
        run.command = 'records';
        run.title = `sr-parity records ${records.location} ${args.topic.join(' ')}`;
        await emitReports(run, args);
        process.exitCode = exitCodeOf(run);
      }),
  );
}

const NO_IO: IoContext = {
  compatibility: () => Promise.reject(new Error('records makes no compatibility probes')),
  request: () => Promise.reject(new Error('records makes no requests of its own')),
};

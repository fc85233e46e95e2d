import type { Argv } from 'yargs';
import { COMMAND_TEXT } from './names.js';
import { FRAMINGS, records } from '../../workflows/records.js';
import { exitCodeOf, type Severity } from '../../workflows/result.js';
import { fromTime } from '../../model/records.js';
import { UsageError } from '../../lib/errors.js';
import { connectionOptions, requireSides, sideOptions, sourceSpec, wholeNumber } from '../options.js';
import { emitReports, junitOnUnreadable, reportOptions, type ReportArgs } from '../reports.js';
import { cliHooks } from '../progress.js';
import { kafkaConnection, kafkaOptions, type KafkaArgs } from '../kafka.js';

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

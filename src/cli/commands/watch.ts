import type { Argv } from 'yargs';
import { COMMAND_TEXT } from './names.js';
import { DEFAULT_FULL_EVERY, watch, type Pass, type WatchInput } from '../../workflows/watch.js';
import { ParityMetrics } from '../../report/metrics.js';
import { formatReport } from '../../report/index.js';
import { UsageError } from '../../lib/errors.js';
import { compareInput, compareOptions } from './compare.js';
import { specVariables } from './verify.js';
import { cliHooks } from '../progress.js';
import { serve } from '../serve.js';
import { SEVERITIES, type Severity } from '../../workflows/result.js';
import { duration, wholeNumber } from '../options.js';
import { connectionTo, kafkaLoginOptions, type KafkaArgs } from '../kafka.js';
import { collector } from '../heap.js';
import { bootstrapServers } from '../../model/records.js';
import { isUrl } from '../../model/connection.js';
import { sideSpec, type CompareInput } from '../../workflows/index.js';

export function watchCommand(y: Argv) {
  return y.command(
    COMMAND_TEXT.watch.usage,
    COMMAND_TEXT.watch.describe,
    (y) =>
      kafkaLoginOptions(compareOptions(y, 'request-timeout'))
        .options({
          'schemas-bootstrap-server': {
            type: 'string',
            array: true,
            describe: "the source's Kafka (host:port, repeatable): passes read what changed from its topic",
            group: 'Kafka-backed registries:',
          },
          'schemas-topic': {
            type: 'string',
            default: '_schemas',
            describe: 'the topic the source keeps its state in',
            group: 'Kafka-backed registries:',
          },
          'target-schemas-bootstrap-server': {
            type: 'string',
            array: true,
            describe: "the target's Kafka (host:port, repeatable)",
            group: 'Kafka-backed registries:',
          },
          'target-schemas-topic': {
            type: 'string',
            default: '_schemas',
            describe: 'the topic the target keeps its state in',
            group: 'Kafka-backed registries:',
          },
          spec: { type: 'string', describe: "run this spec's checks each pass instead of a compare", group: 'Watch:' },
          set: {
            type: 'string',
            array: true,
            describe: 'with --spec: variable for ${NAME} in the spec (repeatable)',
            group: 'Watch:',
          },
          every: {
            type: 'string',
            default: '60s',
            coerce: duration('every'),
            describe: 'time between the end of a pass and the start of the next (90s, 5m, 1h)',
            group: 'Watch:',
          },
          listen: {
            type: 'string',
            default: '127.0.0.1:9464',
            describe: 'serve /metrics, /status and /healthz here (host:port; port 0 takes any free port)',
            group: 'Watch:',
          },
          'full-every': {
            type: 'number',
            default: DEFAULT_FULL_EVERY,
            coerce: wholeNumber('full-every', 1),
            describe: 'read the sides whole every N passes; between, live sides are read for what changed',
            group: 'Watch:',
          },
          'until-in-sync': {
            type: 'boolean',
            default: false,
            describe: 'end with exit 0 at the first pass in sync (with --timeout: exit 1 if none by then)',
            group: 'Watch:',
          },
          timeout: {
            type: 'string',
            coerce: duration('timeout'),
            describe: 'end after this long: exit 1 unless the last pass is in sync',
            group: 'Watch:',
          },
          'log-format': {
            choices: ['text', 'json'] as const,
            default: 'text' as const,
            describe: 'one line per pass and per change of state on stdout, as text or JSON',
            group: 'Watch:',
          },
          'fail-on': {
            choices: SEVERITIES,
            default: 'error' as Severity,
            describe: 'lowest severity that is drift (not in sync)',
          },
          quiet: { type: 'boolean', alias: 'q', describe: 'no progress and no notes on stderr' },
        })
        .example(
          '$0 watch http://old:8081 http://new:8081 --every 30s',
          'watch an exporter copy, scraped by Prometheus',
        )
        .example(
          '$0 watch http://old:8081 http://new:8081 --until-in-sync --timeout 2h',
          'wait in a cutover script until the target has caught up',
        ),
    async (args) => {
      const log = args.logFormat === 'json' ? jsonLine : textLine;
      const input: WatchInput = {
        everyMs: args.every as number,
        untilInSync: args.untilInSync,
        timeoutMs: args.timeout as number | undefined,
        fullEvery: args.fullEvery,
        ...(args.spec
          ? { verify: { spec: args.spec, vars: specVariables(args.set), failOn: args.failOn as Severity } }
          : { compare: withTopics(compareInput(args, 'watch', 'request-timeout'), args as unknown as TopicArgs) }),
      };
      if (args.spec && (args.source || args.url))
        throw new UsageError('watch takes a SOURCE and TARGET to compare, or --spec, not both');
      const metrics = new ParityMetrics();
      const collect = collector();
      let status: string | undefined;
      const server = await serve(args.listen);
      // Published in order, each after the one before, and a pass's lines are written once the endpoints answer with
      // it: a script that reads a line and then scrapes sees that pass.
      let published = Promise.resolve();
      const publish = () => {
        published = published.then(async () => server.publish({ metrics: await metrics.expositions(), status }));
      };
      const say = (line: string) => {
        published = published.then(() => void process.stdout.write(line));
      };
      publish();
      process.stderr.write(`sr-parity watch: serving ${server.url}/metrics, /status and /healthz\n`);
      // SIGTERM and SIGINT end the watch between passes: a pass under way finishes, its verdict is served and logged
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
      try {
        const result = await watch(
          { ...input, signal: stop.signal },
          {
            ...cliHooks(args.quiet),
            pass: (pass) => {
              metrics.record(pass);
              if (pass.run) status = formatReport(pass.run, 'json');
              publish();
              say(log(passLine(pass)));
              published = published.then(collect); // in the pause, once the pass is published
            },
            change: (from, to, appeared, cleared) => say(log(changeLine(from, to, appeared, cleared))),
          },
        );
        // --until-in-sync, or --timeout: the exit says whether the target caught up; a signal ends a plain watch
        const inSync = result.last?.state === 'in-sync';
        process.exitCode = result.ended === 'stopped' && !args.untilInSync ? 0 : inSync ? 0 : 1;
      } finally {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        await published;
        await server.close();
      }
    },
  );
}

type TopicArgs = KafkaArgs & {
  schemasBootstrapServer?: string[];
  schemasTopic: string;
  targetSchemasBootstrapServer?: string[];
  targetSchemasTopic: string;
  requestTimeout: number;
};

/** Each side given a Kafka cluster reads what changed between passes from the topic the registry keeps its state in. */
function withTopics(input: CompareInput, args: TopicArgs): CompareInput {
  const topicOf = (prefix: '' | 'target-', given: string[] | undefined, topic: string) => {
    const bootstrap = bootstrapServers(given ?? []);
    if (!bootstrap.length) return undefined;
    const side = sideSpec(prefix ? input.target : input.source);
    if (!isUrl(side.location))
      throw new UsageError(
        `--${prefix}schemas-bootstrap-server: the ${prefix ? 'target' : 'source'} is a file, not a live registry ` +
          '(a file is read again when it changes)',
      );
    return { ...connectionTo(bootstrap, `--${prefix}schemas-bootstrap-server`, args, args.requestTimeout), topic };
  };
  const source = topicOf('', args.schemasBootstrapServer, args.schemasTopic);
  const target = topicOf('target-', args.targetSchemasBootstrapServer, args.targetSchemasTopic);
  return {
    ...input,
    source: source ? { ...sideSpec(input.source), schemasTopic: source } : input.source,
    target: target ? { ...sideSpec(input.target), schemasTopic: target } : input.target,
  };
}

type Line = { text: string; fields: Record<string, unknown> };

/** The HTTP requests each side's read made in a pass. */
function requestsOf(p: Pass): Record<string, number> {
  const requests: Record<string, number> = {};
  for (const side of ['source', 'target'] as const) {
    const n = p.run?.[side]?.requests;
    if (n !== undefined) requests[side] = n;
  }
  return requests;
}

/** How each side of a pass was read: whole, or the changes since the pass before (live sides between full passes). */
function readsOf(p: Pass): Record<string, 'whole' | 'changes'> {
  const reads: Record<string, 'whole' | 'changes'> = {};
  for (const side of ['source', 'target'] as const) {
    const info = p.run?.[side];
    if (info) reads[side] = info.refreshed ? 'changes' : 'whole';
  }
  return reads;
}

const textLine = (l: Line) => `${l.text}\n`;
const jsonLine = (l: Line) => `${JSON.stringify(l.fields)}\n`;

function passLine(p: Pass): Line {
  const at = p.startedAt.toISOString();
  const took = `${(p.durationMs / 1000).toFixed(1)} s`;
  const findings = p.run?.outcomes.flatMap((o) => o.findings) ?? [];
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  const said =
    p.state === 'no-verdict'
      ? `no verdict: ${p.error?.message ?? 'a side could not be read'}`
      : `${p.state === 'in-sync' ? 'in sync' : 'drift'}: ${count('error')} error(s), ${count('warning')} warning(s)` +
        `${p.roots.length ? `, ${p.roots.length} root cause(s)` : ''}`;
  const reads = readsOf(p);
  const changes = Object.values(reads).includes('changes');
  return {
    text: `${at} pass ${p.n}: ${said} (${took}${changes ? ', changes read' : ''})`,
    fields: {
      time: at,
      event: 'pass',
      pass: p.n,
      state: p.state,
      durationMs: Math.round(p.durationMs),
      errors: count('error'),
      warnings: count('warning'),
      roots: p.roots,
      reads,
      requests: requestsOf(p),
      ...(p.error ? { error: p.error.message, down: p.down } : {}),
    },
  };
}

function changeLine(from: Pass | undefined, to: Pass, appeared: string[], cleared: string[]): Line {
  const name = (s: string) => s.replace('-', ' ');
  const list = (what: string, roots: string[]) =>
    roots.length ? `; ${what}: ${roots.slice(0, 10).join(', ')}${roots.length > 10 ? ', …' : ''}` : '';
  const what = from ? `${name(from.state)} -> ${name(to.state)}` : `first pass: ${name(to.state)}`;
  const text = `${to.startedAt.toISOString()} ${what}${list('appeared', appeared)}${list('cleared', cleared)}`;
  return {
    text,
    fields: { time: to.startedAt.toISOString(), event: 'change', from: from?.state, to: to.state, appeared, cleared },
  };
}

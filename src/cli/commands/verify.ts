import type { Argv } from 'yargs';
import { COMMAND_TEXT } from './names.js';
import { urlForFlavor } from '../../model/flavor.js';
import { isUrl } from '../../model/connection.js';
import { loadSpec, type SourceDecl, type Spec } from '../../spec/load.js';
import { shareSettingsOnlySubjects, type SourceSpec } from '../../sources/index.js';
import { loadSide } from '../load.js';
import { HttpClient } from '../../sources/rest/http.js';
import { encodeSubject } from '../../sources/rest/confluent.js';
import { readJsonFile, readTextFile } from '../../sources/files/native.js';
import { parseIdMap } from '../../model/id-map.js';
import { runVerify } from '../../engine/verify.js';
import { exitCodeOf } from '../../engine/run.js';
import type { IoContext, Severity } from '../../engine/types.js';
import type { Registry } from '../../model/types.js';
import { UsageError } from '../../errors.js';
import { emitReports, junitOnUnreadable, reportOptions, type ReportArgs } from '../reports.js';
import { progressReporter } from '../progress.js';
import { TOOL } from '../version.js';
import type { RecordSample } from '../../model/records.js';
import type { CheckDecl } from '../../engine/declarations.js';
import { fromTime } from '../options.js';

export function verifyCommand(y: Argv) {
  return y.command(
    COMMAND_TEXT.verify.usage,
    COMMAND_TEXT.verify.describe,
    (y) =>
      y
        .positional('spec', { type: 'string', demandOption: true, describe: 'spec file (YAML)' })
        .options({
          set: {
            type: 'string',
            array: true,
            describe: 'variable for ${NAME} in the spec: --set NAME=value (repeatable)',
          },
          only: { type: 'string', array: true, describe: 'run only the checks with this name or kind (repeatable)' },
          deleted: {
            choices: ['compare', 'ignore'] as const,
            describe:
              "every check's soft-deleted subjects and versions: compared too, or active ones only (as compare " +
              "--deleted; default: the spec's)",
          },
          ...reportOptions,
          'fail-on': {
            ...reportOptions['fail-on'],
            default: undefined,
            describe: "lowest severity that fails the run (default: the spec's defaults.failOn, else error)",
          },
        })
        .example('$0 verify specs/cutover-gate.yaml --junit reports/cutover.xml', 'gate a cutover in CI'),
    (args) =>
      junitOnUnreadable(args as ReportArgs, `sr-parity verify ${args.spec as string}`, async () => {
        const vars: Record<string, string> = {};
        for (const kv of args.set ?? []) {
          const i = kv.indexOf('=');
          if (i <= 0) throw new UsageError('--set needs NAME=value (one was given without "="; its text is not shown)');
          vars[kv.slice(0, i)] = kv.slice(i + 1);
        }
        const spec = await loadSpec(args.spec as string, vars);
        // A variable the spec never reads is a typo more often than not (--set TRAGET_URL=...): said, not refused
        for (const { name, hint } of spec.unusedVariables)
          process.stderr.write(
            `sr-parity: warning: --set ${name} names no variable of ${spec.file}` +
              `${hint ? ` (did you mean ${hint}?)` : ''}\n`,
          );
        if (args.deleted) for (const c of spec.checks) c.deleted = args.deleted;
        const selected = (c: (typeof spec.checks)[number]) =>
          !args.only?.length || args.only.includes(c.name) || args.only.includes(c.def.kind);
        const checks = spec.checks.filter(selected);
        const skip = new Map(
          spec.checks.filter((c) => !selected(c)).map((c) => [c, `not selected (--only ${args.only!.join(', ')})`]),
        );
        if (!checks.length)
          throw new UsageError(
            `--only ${args.only!.join(' ')} matches no check of ${spec.file} (names: ` +
              `${spec.checks.map((c) => c.name).join(', ')})`,
          );
        const needed = new Set(checks.flatMap((c) => (c.def.scope === 'probe' ? [] : c.uses)));
        for (const c of checks)
          for (const p of c.def.sourceParams ?? []) if (typeof c.params[p] === 'string') needed.add(c.params[p]);
        const loaded = await Promise.all(
          [...needed].map(async (name) => {
            const sSpec = sourceSpec(spec.sources[name]!);
            return {
              name,
              spec: sSpec,
              registry: await loadSide(
                `source '${name}'`,
                { spec: spec.file },
                sSpec,
                {},
                progressReporter(name, !args.quiet),
              ),
            };
          }),
        );
        await shareSettingsOnlySubjects(loaded);
        const registries = new Map<string, Registry>(loaded.map((l) => [l.name, l.registry]));
        if (!args.quiet)
          for (const [name, reg] of registries)
            for (const note of reg.info.notes ?? []) process.stderr.write(`note: ${name}: ${note}\n`);
        for (const c of checks) {
          for (const p of c.def.reads ?? []) {
            const path = c.params[p];
            if (typeof path === 'string') c.params[p] = { path, text: await readTextFile(path) };
          }
          for (const p of c.def.loads ?? []) {
            const path = c.params[p] as string;
            c.params[p] = { path, document: await readJsonFile(path) };
          }
        }
        const idMaps = new Map(
          await Promise.all(
            [...new Set(checks.flatMap((c) => (c.idMap ? [c.idMap] : [])))].map(
              async (f) => [f, parseIdMap(await readJsonFile(f), f)] as const,
            ),
          ),
        );
        const records = new Map<CheckDecl, RecordSample>();
        for (const c of checks.filter((c) => c.def.samplesRecords)) {
          const k = spec.kafka!;
          const { topics, sample, from } = c.params as { topics: string[]; sample?: number; from?: string };
          const fromMs = fromTime(from, `${spec.file}: check ${c.name}: from`);
          const opts = { ...k, timeoutMs: k.timeoutMs ?? 30_000, topics, sample: sample ?? 100, fromMs };
          // Kafka's client is loaded only by a run that samples records (it costs every other start 50 ms)
          const { sampleRecords } = await import('../../sources/kafka/sample.js');
          records.set(c, await sampleRecords(opts, progressReporter(`kafka (${c.name})`, !args.quiet)));
        }
        const io = ioFor(spec);
        try {
          const run = await runVerify({
            tool: TOOL,
            registries,
            checks: spec.checks,
            skip,
            idMaps,
            records,
            io,
            failOn: (args.failOn as Severity | undefined) ?? spec.failOn ?? 'error',
          });
          run.title = `sr-parity verify ${spec.file}`;
          await emitReports(run, args);
          process.exitCode = exitCodeOf(run);
        } finally {
          await io.close();
        }
      }),
  );
}

function sourceSpec(s: SourceDecl): SourceSpec {
  return { ...s, location: (s.url ?? s.snapshot)!, timeoutMs: s.timeoutMs };
}

/** Probes for `http` checks: through a named source's client (its credentials) or a plain one for an absolute URL. */
function ioFor(spec: Spec): IoContext & { close(): Promise<void> } {
  const clients = new Map<string, HttpClient>();
  const client = (key: string, make: () => HttpClient) => clients.get(key) ?? clients.set(key, make()).get(key)!;
  const named = (source: string, root = false) => {
    const decl = spec.sources[source];
    if (!decl?.url || !isUrl(decl.url)) throw new Error(`source "${source}" is not a live registry (no http(s) url)`);
    // The server root: the URL without its API path (/apis/registry/v3, /apis/ccompat/v7), same credentials.
    const url = root ? decl.url.replace(/\/apis\/.*$/, '').replace(/\/+$/, '') : urlForFlavor(decl.url, decl.flavor);
    return client(`${root ? 'root:' : ''}${source}`, () => new HttpClient({ ...decl, url }));
  };
  return {
    compatibility({ source, subject, version, schema, schemaType, references }) {
      const body: Record<string, unknown> = { schema };
      if (schemaType && schemaType !== 'AVRO') body.schemaType = schemaType;
      if (references?.length) body.references = references;
      // Some servers (AxonOps) call anything compatible with a subject that does not exist: make a typo fail.
      const http = named(source);
      return http
        .get(`/subjects/${encodeSubject(subject)}/versions`)
        .then(() => http.testCompatibility(encodeSubject(subject), version, body));
    },
    request({ source, url, path, method, headers, root }) {
      if (url) {
        const u = new URL(url);
        return client(u.origin, () => new HttpClient({ url: u.origin })).probe(method, u.pathname + u.search, headers);
      }
      if (!source) throw new Error('an http check needs a url, or a source and a path');
      return named(source, root).probe(method, path ?? '', headers);
    },
    async close() {
      await Promise.all([...clients.values()].map((c) => c.close()));
    },
  };
}

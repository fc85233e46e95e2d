// Every live-registry command the docs show, run as a new user would: each doc's ```sh lines in order, through
// bash, from a fresh working directory (the repo's specs/ and fixtures/ beside it), with `sr-parity` on the PATH and
// the docs' example hosts (old, new, karapace, kora, kafka, broker) pointed at the real servers of this tier. Each
// must reach a verdict (exit 0 or 1): never a usage error, an unreadable source or a refused apply.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { RegistryWriter } from '../helpers/seed.js';
import { SAMPLE } from '../helpers/sample-schemas.js';
import { TestKafka } from '../helpers/kafka.js';
import { restartApicurio3 } from '../helpers/apicurio.js';
import { BIN, ROOT } from '../helpers/cli.js';

const urls = inject('registries');
const work = mkdtempSync(join(tmpdir(), 'sr-parity-runbooks-'));

/** The docs' example hosts, longest first, and what stands for them here. */
const HOSTS: [string, string][] = [
  ['http://new:8081/apis/ccompat/v7', `${urls.apicurio3}/apis/ccompat/v7`],
  ['http://old:8080', urls.apicurio2],
  ['http://new:8080', urls.apicurio3],
  ['http://old:8081', urls.axonopsSource],
  ['https://new:8081', urls.axonopsTarget],
  ['http://new:8081', urls.axonopsTarget],
  ['http://kora:8081', urls.axonopsTarget],
  ['http://karapace:8081', urls.karapace],
  ['kafka:9092', urls.kafka],
  ['broker:9093', urls.kafkaSasl.bootstrap],
  ['broker:9094', urls.kafkaTls.bootstrap],
  ['--kafka-username gate', `--kafka-username ${urls.kafkaSasl.username}`],
  ['SR_KAFKA_PASSWORD=...', `SR_KAFKA_PASSWORD=${urls.kafkaSasl.password}`],
];

/** The `sr-parity` lines of a doc's sh blocks (continuations joined), minus the generic synopsis ones. */
function commandsOf(doc: string): string[] {
  const blocks = readFileSync(join(ROOT, doc), 'utf8').match(/```sh\n[\s\S]*?```/g) ?? [];
  return blocks
    .flatMap((b) =>
      b
        .split('\n')
        .slice(1, -1)
        .join('\n')
        .replace(/\\\n\s*/g, ' ')
        .split('\n'),
    )
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => /(^|\s)sr-parity /.test(l) && !/\b(SOURCE|TARGET) |spec\.yaml|completion|\[/.test(l));
}

function shell(line: string): { code: number; out: string } {
  let command = line;
  for (const [from, to] of HOSTS) command = command.split(from).join(to);
  const r = spawnSync('bash', ['-c', command], {
    cwd: work,
    env: { PATH: `${join(work, 'bin')}:${process.env.PATH}`, HOME: work },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status ?? -1, out: `${command}\n${r.stderr}` };
}

const json = (file: string, value: unknown) => writeFileSync(join(work, file), JSON.stringify(value));

beforeAll(async () => {
  mkdirSync(join(work, 'bin'));
  writeFileSync(join(work, 'bin', 'sr-parity'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, {
    mode: 0o755,
  });
  for (const dir of ['specs', 'fixtures']) symlinkSync(join(ROOT, dir), join(work, dir));
  const [source, target] = [new RegistryWriter(urls.axonopsSource), new RegistryWriter(urls.axonopsTarget)];
  await Promise.all([source.reset(), target.reset()]);
  for (const v of SAMPLE) await source.register(v.subject, v.schema, v);
  const kafka = new TestKafka(urls.kafka);
  for (const t of ['orders.created', 'payments']) {
    await kafka.createTopic(t, 1).catch(() => undefined); // already there from an earlier run on this broker
    await kafka.produce(t, [{ value: Buffer.from('{"plain":"json"}') }]);
  }
}, 120_000);

describe('the runbooks, run as written against real servers', () => {
  const verdict = (lines: string[]) => {
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const r = shell(line);
      expect([line, r.code === 0 || r.code === 1 ? 'a verdict' : r.out]).toEqual([line, 'a verdict']);
    }
  };

  it('docs/verify.md', () => verdict(commandsOf('docs/verify.md')));

  it('docs/apply.md: a dry run, a saved plan executed, a snapshot copied into Apicurio', async () => {
    await new RegistryWriter(urls.axonopsTarget).reset();
    restartApicurio3();
    expect(shell(`sr-parity snapshot ${urls.axonopsSource} -o before.json`).code).toBe(0);
    verdict(commandsOf('docs/apply.md'));
  });

  it('docs/karapace-to-kora.md', () => {
    json('kora-id-map.json', {});
    verdict(commandsOf('docs/karapace-to-kora.md'));
  });

  it('docs/exporter-cutover.md', () => verdict(commandsOf('docs/exporter-cutover.md')));

  it('docs/apicurio-2-to-3.md', () => {
    copyFileSync(join(ROOT, 'fixtures', 'apicurio-2-to-3', 'export-2.6.zip'), join(work, 'export.zip'));
    verdict(commandsOf('docs/apicurio-2-to-3.md'));
  });

  it('docs/records.md', () => {
    json('ids.json', {});
    copyFileSync(urls.kafkaTls.caFile, join(work, 'ca.pem'));
    expect(shell(`sr-parity snapshot ${urls.axonopsSource} --format kora-audit -o audit.json`).code).toBe(0);
    verdict(commandsOf('docs/records.md'));
  });
});

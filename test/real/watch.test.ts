// watch over two real AxonOps registries while a copy progresses: each pass's verdict is the one compare gives at
// that moment, red while the target lags, green once it has caught up, red again after a planted drift; the
// metrics say the same, and watch sends the registries nothing but reads.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { RegistryWriter } from '../helpers/seed.js';
import { avroRecord } from '../helpers/sample-schemas.js';
import { ROOT, runInProcess } from '../helpers/cli.js';
import { seriesValue, startWatch, until, watchPairArgs } from '../helpers/watch.js';
import { TestKafka } from '../helpers/kafka.js';

const { axonopsSource, axonopsTarget, karapace, karapace6, kafka } = inject('registries');
const source = new RegistryWriter(axonopsSource);
const target = new RegistryWriter(axonopsTarget);
const avro = avroRecord;

beforeEach(async () => {
  await Promise.all([source.reset(), target.reset()]);
});

const metric = async (url: string, name: string) => {
  const body = await (await fetch(`${url}/metrics`)).text();
  return seriesValue(body, name);
};
/** compare at this moment: its exit code and root findings, for holding a pass's verdict to. */
const compareNow = async () => {
  const r = await runInProcess(['compare', axonopsSource, axonopsTarget, '--ids', 'not-preserved', '--format', 'json']);
  const run = JSON.parse(r.stdout) as { outcomes: { findings: { id: string; subject?: string }[] }[] };
  return { code: r.code, roots: run.outcomes.flatMap((o) => o.findings.map((f) => `${f.id} ${f.subject}`)).sort() };
};
const axonopsLog = (side: string) =>
  readFileSync(join(ROOT, '.registries', 'logs', `axonops-${side}.log`), 'utf8')
    .split('\n')
    .filter((l) => l.includes('"msg":"request"'));

describe('watch over a copy in progress', () => {
  it('is red while the target lags, green once caught up, red after a drift: as compare says each time', async () => {
    await source.register('orders-value', avro('Order'));
    await source.register('users-value', avro('User'));
    await target.register('orders-value', avro('Order'));
    // an exporter defined on the source (AxonOps stores exporters and reports them PAUSED: it never runs them)
    await source.call('DELETE', '/exporters/dr', undefined, [404]);
    const dr = { name: 'dr', contextType: 'CUSTOM', context: 'dr', subjects: ['*'], config: {} };
    await source.call('POST', '/exporters', { ...dr, config: { 'schema.registry.url': axonopsTarget } });
    const logged = { source: axonopsLog('source').length, target: axonopsLog('target').length };

    const args = watchPairArgs(axonopsSource, axonopsTarget, '300ms');
    const w = startWatch(args, ROOT);
    const out = w.stdout;
    try {
      const url = await w.url;
      await until(() => out().includes('pass 1:'));
      expect(await metric(url, 'sr_parity_in_sync')).toBe('0');
      expect(await metric(url, 'sr_parity_versions_only_on{side="source"}')).toBe('1'); // users-value v1: the lag
      expect(await metric(url, 'sr_parity_exporter_state{side="source",exporter="dr",state="PAUSED"}')).toBe('1');
      expect(Number(await metric(url, 'sr_parity_requests_total{side="target",status="200"}'))).toBeGreaterThan(0);
      expect(out()).toMatch(/first pass: drift; appeared: subject-missing-on-target users-value/);
      expect((await compareNow()).code).toBe(1);

      await target.register('users-value', avro('User')); // the copy catches up
      await until(() => out().includes('drift -> in sync'), 30_000, out);
      expect(await metric(url, 'sr_parity_in_sync')).toBe('1');
      expect(await metric(url, 'sr_parity_versions_only_on{side="source"}')).toBe('0');
      expect(await compareNow()).toEqual({ code: 0, roots: [] });

      await target.register('orders-value', avro('Order', 'total')); // a drift only the target has
      await until(() => out().includes('in sync -> drift'), 30_000, out);
      expect(out()).toMatch(/in sync -> drift; appeared: version-extra-on-target orders-value v2/);
      expect(await metric(url, 'sr_parity_versions_only_on{side="target"}')).toBe('1');
      const now = await compareNow();
      expect([now.code, now.roots]).toEqual([1, expect.arrayContaining(['version-extra-on-target orders-value'])]);
      // the passes after the first read what changed (--full-every 10, the default); each verdict above was held to
      // a whole compare's at that moment
      expect(out()).toMatch(/pass 2: .*, changes read\)/);
      expect(out()).not.toMatch(/pass 1: .*changes read/);
      expect(Number(await metric(url, 'sr_parity_reads_total{side="target",read="changes"}'))).toBeGreaterThan(1);
      expect(await metric(url, 'sr_parity_reads_total{side="target",read="whole"}')).toBe('1');
    } finally {
      w.child.kill('SIGTERM');
      await source.call('DELETE', '/exporters/dr', undefined, [404]);
    }
    expect(await w.exit).toBe(0);
    // nothing but reads reached either registry from watch (and the compares beside it)
    for (const side of ['source', 'target'] as const) {
      const since = axonopsLog(side).slice(logged[side]);
      const writes = since.filter((l) => !/"method":"(GET|HEAD)"/.test(l));
      expect(writes.length, `${side}: ${writes.join('\n')}`).toBe(side === 'target' ? 2 : 1); // the test's own
    }
  }, 90_000);

  it('a registry restarted under it: no verdict while down, then read again without restarting watch', async () => {
    // both fresh (AxonOps keeps listing a context whose subjects earlier tests deleted), then the same on each
    for (const side of ['axonops-source', 'axonops-target']) {
      registries('stop', side);
      registries('start', side);
    }
    await source.register('orders-value', avro('Order'));
    await target.register('orders-value', avro('Order'));
    // cheap passes throughout (--full-every 1000): the pass after the restart must see the emptied target
    const w = startWatch(watchPairArgs(axonopsSource, axonopsTarget, '200ms', '--full-every', '1000'), ROOT);
    const out = w.stdout;
    try {
      const url = await w.url;
      await until(() => out().includes('first pass: in sync'), 30_000, out);
      await until(() => /pass \d+: in sync: .*changes read/.test(out()), 30_000, out);
      registries('stop', 'axonops-target');
      await until(() => out().includes('in sync -> no verdict'), 30_000, out);
      expect(out()).toMatch(/pass \d+: no verdict: the target, GET http:\/\/127\.0\.0\.1:\d+\/\S+: connection refused/);
      expect(await metric(url, 'sr_parity_up{side="target"}')).toBe('0');
      expect(await metric(url, 'sr_parity_in_sync')).toBe('0');
      registries('start', 'axonops-target'); // in-memory: it comes back empty
      await answering(axonopsTarget);
      await until(() => out().includes('no verdict -> drift'), 30_000, out);
      // the emptied target lacks the whole default context: one root cause, its missing subject under it
      expect(out()).toMatch(/no verdict -> drift; appeared: context-missing-on-target\n/);
      expect(await metric(url, 'sr_parity_up{side="target"}')).toBe('1');
      await target.register('orders-value', avro('Order'));
      await until(() => out().includes('drift -> in sync'), 30_000, out);
    } finally {
      w.child.kill('SIGTERM');
      registries('start', 'axonops-target'); // up again whatever happened above
    }
    expect(await w.exit).toBe(0);
  }, 90_000);
});

describe('watch over two Karapace registries, reading what changed from their _schemas topics', () => {
  it('waits until the copy caught up (--until-in-sync), each pass after the first read from the topics', async () => {
    const [from, to] = [new RegistryWriter(karapace), new RegistryWriter(karapace6)];
    await Promise.all([from.reset(), to.reset()]);
    await from.register('orders-value', avro('Order'));
    await from.register('users-value', avro('User'));
    await from.setConfig('users-value', 'FULL');
    await to.register('orders-value', avro('Order'));
    const footprint = await new TestKafka(kafka).footprint();
    const topics = ['--schemas-bootstrap-server', kafka, '--target-schemas-bootstrap-server', kafka];
    const args = [karapace, karapace6, '--ids', 'not-preserved', '--every', '200ms', '--listen', '127.0.0.1:0'];
    const w = startWatch([...args, ...topics, '--target-schemas-topic', '_schemas6', '--until-in-sync'], ROOT);
    const out = w.stdout;
    try {
      await until(() => /pass 3: drift: .*changes read/.test(out()), 30_000, out);
      expect(out()).toMatch(/first pass: drift; appeared: subject-missing-on-target users-value/);
      await to.register('users-value', avro('User'));
      // the version is there, its config is not: only the topic shows that change
      const status = async () => (await fetch(`${await w.url}/status`)).text();
      await until(async () => /"id": "config-differs"/.test(await status()), 30_000, out);
      expect(await status()).not.toMatch(/subject-missing-on-target/);
      await to.setConfig('users-value', 'FULL'); // a config only the topic shows changed
      expect(await w.exit).toBe(0);
    } finally {
      w.child.kill('SIGTERM');
    }
    const inSync = /pass \d+: in sync: 0 error\(s\), 0 warning\(s\) \(.*changes read\)\n/;
    expect(out()).toMatch(new RegExp(`${inSync.source}.*drift -> in sync; cleared: config-differs users-value\n$`));
    expect(w.stderr()).not.toMatch(/read from its listings/); // no pass fell back
    expect(await new TestKafka(kafka).footprint()).toEqual(footprint); // no group, no topic
    await Promise.all([from.reset(), to.reset()]);
  }, 60_000);

  it("--spec: sources name their topics on the spec's kafka cluster; passes read them", async () => {
    const [from, to] = [new RegistryWriter(karapace), new RegistryWriter(karapace6)];
    await Promise.all([from.reset(), to.reset()]);
    await from.register('orders-value', avro('Order'));
    const dir = mkdtempSync(join(tmpdir(), 'sr-watch-spec-'));
    const spec = join(dir, 'gate.yaml');
    writeFileSync(
      spec,
      [
        'version: 1',
        'sources:',
        `  source: { url: '${karapace}', schemasTopic: _schemas }`,
        `  target: { url: '${karapace6}', schemasTopic: _schemas6 }`,
        `kafka: { bootstrap: '${kafka}' }`,
        'checks:',
        '  - kind: subjects-equal',
        '  - kind: config-equal',
      ].join('\n'),
    );
    const w = startWatch(['--spec', spec, '--every', '200ms', '--listen', '127.0.0.1:0', '--until-in-sync'], ROOT);
    const out = w.stdout;
    try {
      await until(() => /pass 2: drift: .*changes read/.test(out()), 30_000, out);
      await to.register('orders-value', avro('Order'));
      expect(await w.exit).toBe(0);
    } finally {
      w.child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    }
    expect(out()).toMatch(/pass \d+: in sync: .*changes read\)\n.*drift -> in sync; cleared: subject-missing/);
    expect(w.stderr()).not.toMatch(/read from its listings/);
    await Promise.all([from.reset(), to.reset()]);
  }, 60_000);
});

/** scripts/registries stop or start one server. */
function registries(cmd: 'stop' | 'start', name: string): void {
  const r = spawnSync('bash', ['scripts/registries', cmd, name], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scripts/registries ${cmd} ${name} failed: ${r.stderr}`);
}

/** Until a restarted server answers this process (its first request may meet a socket the old server closed). */
const answering = (url: string) => until(async () => (await fetch(`${url}/subjects`).catch(() => null))?.ok === true);

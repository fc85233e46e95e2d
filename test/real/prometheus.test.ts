// watch scraped by a real Prometheus while a copy between two real AxonOps progresses: the in-sync series is red
// while the target lags, green once it has caught up, red again after a planted drift. promtool lints the
// exposition and checks and unit-tests the shipped alerting rules (docs/watch/).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RegistryWriter } from '../helpers/seed.js';
import { avroRecord } from '../helpers/sample-schemas.js';
import { ROOT } from '../helpers/cli.js';
import { startWatch, watchPairArgs } from '../helpers/watch.js';

const { axonopsSource, axonopsTarget } = inject('registries');
const source = new RegistryWriter(axonopsSource);
const target = new RegistryWriter(axonopsTarget);
const TOOLS = join(process.env.SRP_REGISTRIES_DIR ?? join(ROOT, '.registries'), 'bin');
const PROMETHEUS_PORT = Number(process.env.SRP_PORT_PROMETHEUS ?? 19090);
const dir = mkdtempSync(join(tmpdir(), 'sr-prometheus-'));
const children: ChildProcess[] = [];
const avro = avroRecord;

const until = async <T>(what: () => Promise<T | undefined>, ms = 60_000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const got = await what().catch(() => undefined);
    if (got !== undefined) return got;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 250));
  }
};
const promtool = (args: string[], input?: string) =>
  spawnSync(join(TOOLS, 'promtool'), args, { cwd: ROOT, input, encoding: 'utf8' });
/** The value Prometheus holds now for a query with one series, when it equals `want`. */
const queried = (query: string, want: string) => async () => {
  const res = await fetch(`http://127.0.0.1:${PROMETHEUS_PORT}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await res.json()) as { data: { result: { value: [number, string] }[] } };
  return body.data.result[0]?.value[1] === want ? want : undefined;
};

beforeAll(async () => {
  await Promise.all([source.reset(), target.reset()]);
});
afterAll(async () => {
  for (const c of children) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  rmSync(dir, { recursive: true, force: true });
});

describe('watch, scraped by Prometheus', () => {
  let watchUrl: string;

  it('serves an exposition promtool passes, and Prometheus follows a copy from lag to sync to drift', async () => {
    await source.register('orders-value', avro('Order'));
    await source.register('users-value', avro('User'));
    await target.register('orders-value', avro('Order'));
    const args = watchPairArgs(axonopsSource, axonopsTarget, '500ms');
    const watch = startWatch(args, ROOT);
    children.push(watch.child);
    watchUrl = await watch.url;
    const text = await until(async () => {
      const body = await (await fetch(`${watchUrl}/metrics`)).text();
      return /^sr_parity_last_pass_verdict 1$/m.test(body) ? body : undefined;
    });
    const lint = promtool(['check', 'metrics'], text);
    expect([lint.status, lint.stdout, lint.stderr]).toEqual([0, '', '']);

    const config = join(dir, 'prometheus.yml');
    writeFileSync(
      config,
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        `rule_files: ['${join(ROOT, 'docs', 'watch', 'alerts.yaml')}']`,
        'scrape_configs:',
        '  - job_name: sr-parity',
        `    static_configs: [{ targets: ['${watchUrl.replace('http://', '')}'] }]`,
        '',
      ].join('\n'),
    );
    const prometheus = spawn(
      join(TOOLS, 'prometheus'),
      [
        `--config.file=${config}`,
        `--web.listen-address=127.0.0.1:${PROMETHEUS_PORT}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
      ],
      { cwd: dir, stdio: 'ignore' },
    );
    children.push(prometheus);
    // the lag: one version of the source is not on the target
    await until(queried('sr_parity_versions_only_on{side="source"}', '1'));
    await until(queried('sr_parity_in_sync', '0'));
    await until(queried('count(ALERTS{alertname="SrParityTargetOutOfSync",alertstate="pending"})', '1'));

    await target.register('users-value', avro('User')); // the copy catches up
    await until(queried('sr_parity_in_sync', '1'));
    await until(queried('sr_parity_versions_only_on{side="source"}', '0'));

    await target.register('orders-value', avro('Order', 'total')); // a drift only the target has
    await until(queried('sr_parity_in_sync', '0'));
    await until(queried('sr_parity_versions_only_on{side="target"}', '1'));
    await until(queried('sr_parity_passes_total{outcome="in-sync"} > bool 0', '1'));
  }, 120_000);

  it('ships alerting rules promtool checks, and their unit tests pass', () => {
    const check = promtool(['check', 'rules', 'docs/watch/alerts.yaml']);
    expect([check.status, check.stderr]).toEqual([0, '']);
    expect(check.stdout).toContain('SUCCESS: 3 rules found');
    const test = promtool(['test', 'rules', 'docs/watch/alerts.test.yaml']);
    expect([test.status, test.stderr]).toEqual([0, '']);
    expect(test.stdout).toContain('SUCCESS');
  });
});

// watch as a process: passes over files that change between them, the endpoints Prometheus scrapes, the log lines,
// the exits of --until-in-sync, and SIGTERM.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { seriesValue, startWatch, until } from '../helpers/watch.js';

const dir = mkdtempSync(join(tmpdir(), 'sr-watch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const EXAMPLE = join(ROOT, 'fixtures', 'example');

const get = async (url: string, accept?: string) => {
  const res = await fetch(url, accept ? { headers: { accept } } : {});
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
};
const metric = seriesValue;
const start = (args: string[]) => startWatch(args, dir);

describe('sr-parity watch', () => {
  it('serves the verdict of each pass, says when the state changes, and ends cleanly on SIGTERM', async () => {
    copyFileSync(join(EXAMPLE, 'source.json'), join(dir, 'source.json'));
    copyFileSync(join(EXAMPLE, 'target.json'), join(dir, 'target.json'));
    const w = start(['source.json', 'target.json', '--every', '300ms', '--listen', '127.0.0.1:0']);
    const url = await w.url;
    await until(() => w.stdout().includes('pass 1:'));
    const first = await get(`${url}/metrics`);
    expect(first.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(metric(first.body, 'sr_parity_in_sync')).toBe('0');
    expect(metric(first.body, 'sr_parity_up{side="target"}')).toBe('1');
    expect(metric(first.body, 'sr_parity_versions_only_on{side="source"}')).toBe('1'); // the lost soft-deleted one
    expect(
      metric(first.body, 'sr_parity_findings{finding="config-differs",check="config-equal",severity="error"}'),
    ).toBe('1');
    expect(first.body).not.toMatch(/orders-value/); // no subject is a label
    const open = await get(`${url}/metrics`, 'application/openmetrics-text; version=1.0.0');
    expect(open.type).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    expect(open.body.trimEnd().endsWith('# EOF')).toBe(true);
    expect(JSON.parse((await get(`${url}/status`)).body)).toMatchObject({
      kind: 'sr-parity-report',
      command: 'compare',
    });
    expect(await get(`${url}/healthz`)).toMatchObject({ status: 200, body: 'ok\n' });
    expect((await get(`${url}/other`)).status).toBe(404);

    copyFileSync(join(dir, 'source.json'), join(dir, 'target.json')); // the copy catches up
    await until(() => w.stdout().includes('drift -> in sync'));
    await until(async () => metric((await get(`${url}/metrics`)).body, 'sr_parity_in_sync') === '1');
    const lines = w.stdout().trim().split('\n');
    expect(lines[1]).toMatch(
      /^\S+ first pass: drift; appeared: config-differs orders-value, soft-deleted-version-lost /,
    );
    expect(lines.find((l) => l.includes('drift -> in sync'))).toMatch(/; cleared: config-differs orders-value, /);
    expect(lines.filter((l) => / pass \d+: /.test(l)).every((l) => /: (drift|in sync): \d+ error/.test(l))).toBe(true);

    w.child.kill('SIGTERM');
    expect(await w.exit).toBe(0);
    expect(w.stderr()).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('--until-in-sync: exit 0 at the first pass in sync, exit 1 when --timeout comes first', async () => {
    const same = join(EXAMPLE, 'source.json');
    const synced = await runCli(['watch', same, same, '--until-in-sync', '--listen', '127.0.0.1:0', '-q']);
    expect(synced.code).toBe(0);
    expect(synced.stdout).toMatch(/pass 1: in sync: 0 error\(s\), 0 warning\(s\)/);
    const target = join(EXAMPLE, 'target.json');
    const args = [same, target, '--until-in-sync', '--timeout', '1s', '--every', '200ms', '--listen', '127.0.0.1:0'];
    const late = await runCli(['watch', ...args, '--log-format', 'json']);
    expect(late.code).toBe(1);
    const events = late.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; state?: string });
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(events.filter((e) => e.event === 'pass').every((e) => e.state === 'drift')).toBe(true);
    // a spec's checks each pass: in sync when every check passes
    const spec = (name: string) => ['watch', '--spec', `test/fixtures/verify/${name}/spec.yaml`, '--until-in-sync'];
    const green = await runCli([...spec('dedup-collisions'), '--listen', '127.0.0.1:0', '-q']);
    expect([green.code, green.stdout]).toEqual([0, expect.stringMatching(/pass 1: in sync: /)]);
    const red = await runCli([...spec('mode-is'), '--timeout', '500ms', '--listen', '127.0.0.1:0', '-q']);
    expect([red.code, red.stdout]).toEqual([1, expect.stringMatching(/pass 1: drift: 2 error/)]);
  }, 30_000);

  it('a side it cannot read is no verdict, never in sync: up goes to 0, and the watch goes on', async () => {
    writeFileSync(join(dir, 'gone.json'), '{');
    const w = start([join(EXAMPLE, 'source.json'), 'gone.json', '--every', '200ms', '--listen', '127.0.0.1:0']);
    const url = await w.url;
    await until(() => w.stdout().includes('pass 2:'));
    const m = (await get(`${url}/metrics`)).body;
    expect([metric(m, 'sr_parity_in_sync'), metric(m, 'sr_parity_up{side="target"}')]).toEqual(['0', '0']);
    expect(metric(m, 'sr_parity_last_pass_verdict')).toBe('0');
    expect(metric(m, 'sr_parity_passes_total{outcome="no-verdict"}')).toMatch(/^[2-9]/);
    expect(w.stdout()).toMatch(/pass 1: no verdict: the target, gone\.json: /);
    expect((await get(`${url}/status`)).status).toBe(503);
    w.child.kill('SIGINT');
    expect(await w.exit).toBe(0);
  }, 30_000);

  it('refuses what it cannot serve or run: a bad --listen, a port in use, a spec with sides (exit 2)', async () => {
    const ex = [join(EXAMPLE, 'source.json'), join(EXAMPLE, 'target.json')];
    const bad = await runCli(['watch', ...ex, '--listen', 'everywhere']);
    expect([bad.code, bad.stderr.split('\n')[0]]).toEqual([
      2,
      'sr-parity: --listen everywhere: expected host:port, e.g. 127.0.0.1:9464 (port 0: any free port)',
    ]);
    const never = await runCli(['watch', ...ex, '--full-every', '0', '--listen', '127.0.0.1:0']);
    expect([never.code, never.stderr.split('\n')[0]]).toEqual([
      2,
      'sr-parity: --full-every must be a whole number of at least 1 (got 0)',
    ]);
    const file = await runCli(['watch', ...ex, '--schemas-bootstrap-server', 'kafka:9092', '--listen', '127.0.0.1:0']);
    expect([file.code, file.stderr.split('\n')[0]]).toEqual([
      2,
      'sr-parity: --schemas-bootstrap-server: the source is a file, not a live registry ' +
        '(a file is read again when it changes)',
    ]);
    const url = ['http://127.0.0.1:1', 'http://127.0.0.1:2', '--target-schemas-bootstrap-server', 'kafka'];
    const port = await runCli(['watch', ...url, '--listen', '127.0.0.1:0']);
    expect([port.code, port.stderr.split('\n')[0]]).toEqual([
      2,
      'sr-parity: --target-schemas-bootstrap-server kafka: expected host:port',
    ]);
    const w = start([...ex, '--every', '1h', '--listen', '127.0.0.1:0']);
    const taken = (await w.url).replace('http://', '');
    const busy = await runCli(['watch', ...ex, '--listen', taken]);
    expect([busy.code, busy.stderr.split('\n')[0]]).toEqual([2, `sr-parity: --listen ${taken}: the port is in use`]);
    w.child.kill('SIGTERM');
    await w.exit;
    const both = await runCli(['watch', ...ex, '--spec', 'specs/cutover-gate.yaml', '--listen', '127.0.0.1:0']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('watch takes a SOURCE and TARGET to compare, or --spec, not both');
  }, 30_000);
});

// Real faults between sr-parity and real servers: Toxiproxy (scripts/registries builds and starts it) in front of a
// real AxonOps target, each toxic at the start of a run and in the middle of its read, for compare, verify and
// snapshot; apply's writes cut part-way and run again; two applies into one target at once; a Karapace killed with
// SIGKILL mid-read and started again. The rules (issue 38): a read-only command never gives a verdict from partial
// data (exit 3, naming the side), nothing is half-written, nothing hangs past --timeout/--deadline; apply stops
// with its state consistent and a re-run completes with nothing written twice and no id wrong.
// Times to a verdict are written to reports/faults.json (docs/faults.md quotes a run); no test asserts a time.
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { RegistryWriter } from '../helpers/seed.js';
import { BIN, ROOT, runCli, runInProcess } from '../helpers/cli.js';
import { Toxiproxy, type Proxy, type Toxic } from '../helpers/toxiproxy.js';
import { TestKafka } from '../helpers/kafka.js';
import { runPrefix } from '../helpers/records.js';
import { seriesValue, startWatch, until, watchPairArgs } from '../helpers/watch.js';
import type { RunResult } from '../../src/engine/types.js';
import type { SnapshotFile } from '../../src/sources/files/native.js';

const { axonopsSource, axonopsTarget, toxiproxy, karapace, kafka, apicurio2, apicurio3 } = inject('registries');
const source = new RegistryWriter(axonopsSource);
const target = new RegistryWriter(axonopsTarget);
const toxi = new Toxiproxy(toxiproxy);
const SUBJECTS = 60; // x 3 versions: a bulk listing of ~25 KB, a read of a few hundred requests
const DRIFT = 'subject-missing-on-target f059-value'; // planted: the one subject the target lacks
const LIMITS = ['--timeout', '1500', '--retries', '1', '--deadline', '60s'];
const dir = mkdtempSync(join(tmpdir(), 'sr-faults-'));
const measured: { command: string; toxic: string; when: string; code: number; ms: number; said: string }[] = [];

let proxy: Proxy;

/** The target as a copy of the source with its ids, but for the last subject (the planted drift). */
async function seedTarget(): Promise<void> {
  const file = join(dir, 'source.json');
  expect((await runInProcess(['snapshot', axonopsSource, '-o', file, '-q'])).code).toBe(0);
  const snap = JSON.parse(readFileSync(file, 'utf8')) as SnapshotFile;
  snap.subjects = snap.subjects.filter((s) => s.name !== 'f059-value');
  await target.seedSnapshot(snap);
}

function record(command: string, toxic: string, when: string, code: number, t0: number, stderr: string): string {
  const said = stderr.split('\n').find((l) => l.startsWith('sr-parity:')) ?? '';
  measured.push({ command, toxic, when, code, ms: Math.round(performance.now() - t0), said });
  return said;
}

/** `f000-value` ... with three versions each, in the order a producer would register them. */
async function seed(writer: RegistryWriter, subjects: number): Promise<void> {
  for (let i = 0; i < subjects; i++) {
    const subject = `f${String(i).padStart(3, '0')}-value`;
    for (let v = 1; v <= 3; v++) {
      const fields = Array.from({ length: v }, (_, k) => ({ name: `f${k}`, type: 'string', default: '' }));
      await writer.register(subject, JSON.stringify({ type: 'record', name: 'R', fields }));
    }
  }
}

beforeAll(async () => {
  await Promise.all([source.reset(), target.reset()]);
  await seed(source, SUBJECTS);
  await seedTarget();
  proxy = await toxi.proxy('faults-target', axonopsTarget.replace(/^http:\/\//, ''));
});
afterEach(() => proxy.clear());
afterAll(async () => {
  await toxi.remove('faults-target');
  mkdirSync(join(ROOT, 'reports'), { recursive: true });
  writeFileSync(join(ROOT, 'reports', 'faults.json'), `${JSON.stringify(measured, null, 1)}\n`);
});

const spec = join(dir, 'gate.yaml');
writeFileSync(
  spec,
  [
    'version: 1',
    'sources:',
    '  source: { url: "${SOURCE_URL}" }',
    '  target: { url: "${TARGET_URL}", timeoutMs: 1500, retries: 1 }',
    'checks:',
    '  - kind: subjects-equal',
    '  - kind: versions-equal',
    '  - kind: content-equal',
    '  - kind: ids-equal',
    '  - kind: config-equal',
    '',
  ].join('\n'),
);

/** Each read-only command on the pair, the target through the proxy: exit code, error-level findings, stderr. */
const COMMANDS: Record<string, (target: string) => string[]> = {
  compare: (t) => ['compare', axonopsSource, t, ...LIMITS, '--format', 'json'],
  verify: (t) => [
    'verify',
    spec,
    '--set',
    `SOURCE_URL=${axonopsSource}`,
    '--set',
    `TARGET_URL=${t}`,
    '--deadline',
    '60s',
    '--format',
    'json',
  ],
  snapshot: (t) => ['snapshot', t, '-o', join(dir, 'snapshot.json'), ...LIMITS],
};

async function runCommand(command: string, toxic: string, when: string) {
  const out = join(dir, 'snapshot.json');
  rmSync(out, { force: true });
  const t0 = performance.now();
  const r = await runInProcess(COMMANDS[command]!(proxy.url));
  const said = record(command, toxic, when, r.code, t0, r.stderr);
  const errors =
    command === 'snapshot' || r.code === 3
      ? []
      : (JSON.parse(r.stdout) as RunResult).outcomes.flatMap((o) =>
          o.findings.filter((f) => f.severity === 'error' && !f.causedBy).map((f) => `${f.id} ${f.subject}`),
        );
  return { code: r.code, errors, said, wrote: existsSync(out) };
}

/**
 * Runs `run` with `toxic` added `ms` into it, the toxic's request awaited before the next change: Toxiproxy 2.5.0
 * panics when a toxic is added while others are removed (ToxicLink.AddToxic: index out of range, seen here).
 */
async function addedAfter<T>(ms: number, toxic: Toxic, run: () => Promise<T>): Promise<T> {
  let adding: Promise<void> = Promise.resolve();
  const later = setTimeout(() => (adding = proxy.add(toxic)), ms);
  try {
    return await run();
  } finally {
    clearTimeout(later);
    await adding;
  }
}

/** What each command says with nothing in the way: the planted drift, or the snapshot written. */
function expectVerdict(command: string, r: Awaited<ReturnType<typeof runCommand>>): void {
  if (command === 'snapshot') expect([r.code, r.wrote], command).toEqual([0, true]);
  else expect([r.code, r.errors], command).toEqual([1, [DRIFT]]);
}

/** No verdict: exit 3 naming the target's URL, nothing written. */
function expectNoVerdict(command: string, r: Awaited<ReturnType<typeof runCommand>>): void {
  expect([r.code, r.wrote], command).toEqual([3, false]);
  // compare names the side, verify the spec's source, snapshot (one source) its URL
  expect(r.said, command).toMatch(
    new RegExp(`cannot read (the target, |the source 'target', )?GET http://${proxy.listen}/`),
  );
}

type Expected = 'verdict' | 'no verdict' | 'verdict or none';
const TOXICS: [string, Toxic, Expected][] = [
  ['latency 25 ms, jitter 15 ms', { type: 'latency', attributes: { latency: 25, jitter: 15 } }, 'verdict'],
  ['bandwidth 32 KB/s', { type: 'bandwidth', attributes: { rate: 32 } }, 'verdict'],
  [
    'slicer: 64-byte pieces, 50 us apart',
    { type: 'slicer', attributes: { average_size: 64, size_variation: 32, delay: 50 } },
    'verdict',
  ],
  ['slow_close 300 ms', { type: 'slow_close', attributes: { delay: 300 } }, 'verdict'],
  ['timeout: stops answering, never closes', { type: 'timeout', attributes: { timeout: 0 } }, 'no verdict'],
  ['reset_peer: connections reset', { type: 'reset_peer', attributes: { timeout: 0 } }, 'no verdict'],
  ['limit_data: 1,000 bytes a connection', { type: 'limit_data', attributes: { bytes: 1000 } }, 'no verdict'],
  // every connection is cut once it has carried 30 KB: mid-answer, mid-read; a new connection reads on
  ['limit_data: 30 KB a connection', { type: 'limit_data', attributes: { bytes: 30_000 } }, 'verdict or none'],
];

describe('read-only commands under a real fault proxy', () => {
  it('give the verdict through a clean proxy', async () => {
    for (const command of Object.keys(COMMANDS)) expectVerdict(command, await runCommand(command, 'none', 'start'));
  });

  for (const [name, toxic, expected] of TOXICS) {
    it(`${name} from the start: ${expected}`, async () => {
      await proxy.add(toxic);
      for (const command of Object.keys(COMMANDS)) {
        const r = await runCommand(command, name, 'start');
        if (expected === 'verdict') expectVerdict(command, r);
        else if (expected === 'no verdict') expectNoVerdict(command, r);
        else if (r.code === 3) expectNoVerdict(command, r);
        else expectVerdict(command, r);
      }
    });
  }

  // The read slowed (20 ms an answer) and the toxic added once it is under way, in the middle of the listings: the
  // toxics a read survives give the verdict, as from the start; the ones that cut it, none.
  for (const [name, toxic, expected] of TOXICS.filter(([, , e]) => e !== 'verdict or none')) {
    it(`${name} in the middle of the read: ${expected}`, async () => {
      for (const command of Object.keys(COMMANDS)) {
        await proxy.clear();
        await proxy.add({ type: 'latency', attributes: { latency: 20 } }, 'slow');
        const r = await addedAfter(600, toxic, () => runCommand(command, name, 'middle'));
        if (expected === 'verdict') expectVerdict(command, r);
        else expectNoVerdict(command, r);
      }
    });
  }

  it('a fault that passes (connections reset for 400 ms): the verdict, or none; never a partial one', async () => {
    for (const command of Object.keys(COMMANDS)) {
      await proxy.clear();
      await proxy.add({ type: 'latency', attributes: { latency: 10 } }, 'slow');
      let changing: Promise<void> = Promise.resolve();
      const reset = setTimeout(() => (changing = proxy.add({ type: 'reset_peer', attributes: { timeout: 0 } })), 300);
      const heal = setTimeout(() => (changing = changing.then(() => proxy.clear())), 700);
      const r = await runCommand(command, 'reset_peer for 400 ms', 'middle');
      clearTimeout(reset);
      clearTimeout(heal);
      await changing;
      if (r.code === 3) expectNoVerdict(command, r);
      else expectVerdict(command, r);
    }
  });
});

describe('apply under faults', () => {
  const state = () => join(mkdtempSync(join(dir, 'apply-')), 'state.jsonl');
  const args = (stateFile: string) => ['apply', axonopsSource, proxy.url, '--yes', '--state', stateFile, ...LIMITS];
  const apply = (stateFile: string) => runInProcess(args(stateFile));
  /** As its own process: in-process runs of the CLI take turns, and these must run at once. */
  const applyProcess = (stateFile: string) => runCli(args(stateFile));
  const compareDirect = async () => (await runInProcess(['compare', axonopsSource, axonopsTarget, '-q'])).code;
  /** Until the copy is writing (the target in IMPORT mode, read past the proxy), then `ms` more. */
  const writing = async (ms = 300) => {
    for (let i = 0; i < 200; i++) {
      if (((await target.call('GET', '/mode')) as { mode: string }).mode === 'IMPORT') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, ms));
  };
  const versionsOnTarget = async () => {
    const subjects = ((await target.call('GET', '/subjects')) as string[] | null) ?? [];
    let n = 0;
    for (const s of subjects) n += ((await target.call('GET', `/subjects/${s}/versions`)) as number[]).length;
    return n;
  };

  // writes answer a few bytes each: a connection is cut after 100 of them, not 1,000 (which a copy can outrun)
  const writeFaults = TOXICS.filter(([, , e]) => e === 'no verdict').map(([name, toxic]): [string, Toxic] =>
    toxic.type === 'limit_data'
      ? ['limit_data: 100 bytes a connection', { ...toxic, attributes: { bytes: 100 } }]
      : [name, toxic],
  );
  for (const [name, toxic] of writeFaults) {
    it(`${name} during the writes: stops (exit 4) with its state kept; the re-run writes only the rest`, async () => {
      await target.reset();
      await proxy.add({ type: 'latency', attributes: { latency: 25 } }, 'slow');
      const file = state();
      const t0 = performance.now();
      const running = apply(file);
      await writing(100);
      await proxy.add(toxic);
      const first = await running;
      const said = record('apply', name, 'writes', first.code, t0, first.stderr);
      expect(first.code, said).toBe(4);
      expect(said).toMatch(/state saved in .*run the same command again/);
      await proxy.clear();
      const held = await versionsOnTarget();
      expect(held).toBeGreaterThan(0); // part-way (the writes in flight when it stopped may have landed)
      const again = await apply(file);
      expect(again.code, again.stderr).toBe(0);
      // nothing written twice: the re-run wrote exactly what the target did not hold
      expect(again.stderr).toContain(`applied: ${SUBJECTS * 3 - held} step(s) written`);
      expect(await target.call('GET', '/mode')).toEqual({ mode: 'READWRITE' });
      expect(await compareDirect()).toBe(0); // every id as on the source
    });
  }

  // The toxics a copy survives, added once it writes: it completes, verified, every id as on the source.
  for (const [name, toxic] of TOXICS.filter(([, , e]) => e === 'verdict')) {
    it(`${name} during the writes: the copy completes`, async () => {
      await target.reset();
      await proxy.add({ type: 'latency', attributes: { latency: 10 } }, 'slow');
      const t0 = performance.now();
      const running = apply(state());
      await writing(50);
      await proxy.add(toxic);
      const done = await running;
      record('apply', name, 'writes', done.code, t0, done.stderr);
      expect(done.code, done.stderr).toBe(0);
      expect(await compareDirect()).toBe(0);
    });
  }

  it('killed with SIGKILL mid-copy: the re-run takes over its state file and completes', async () => {
    await target.reset();
    await proxy.add({ type: 'latency', attributes: { latency: 15 } }, 'slow');
    const file = state();
    const child = spawn(process.execPath, [BIN, 'apply', axonopsSource, proxy.url, '--yes', '--state', file], {
      stdio: 'ignore',
    });
    await writing();
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    expect(existsSync(`${file}.lock`)).toBe(true); // left behind by the killed run
    expect(await target.call('GET', '/mode')).toEqual({ mode: 'IMPORT' }); // and its IMPORT
    await proxy.clear();
    const again = await apply(file);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/resuming from .*: \d+ step\(s\) done earlier/);
    expect(await target.call('GET', '/mode')).toEqual({ mode: 'READWRITE' }); // what the first run found
    expect(await compareDirect()).toBe(0);
  });

  it('two at once with one state file: the second refuses before writing, naming the first', async () => {
    await target.reset();
    await proxy.add({ type: 'latency', attributes: { latency: 60 } }, 'slow'); // a first run of seconds
    const file = state();
    const first = applyProcess(file);
    // the first holds the lock from before its plan: the second starts once it is there
    for (let i = 0; i < 200 && !existsSync(`${file}.lock`); i++) await new Promise((r) => setTimeout(r, 25));
    const second = await applyProcess(file);
    expect(second.code).toBe(4);
    expect(second.stderr).toMatch(/another apply is running with the state file .* \(process \d+ on /);
    expect((await first).code).toBe(0);
    expect(await compareDirect()).toBe(0);
  });

  it('two at once from different places (state files): both converge on the same verified target', async () => {
    await target.reset();
    await proxy.add({ type: 'latency', attributes: { latency: 25 } }, 'slow');
    const [one, two] = [state(), state()];
    // started together: both plan against the empty target and copy everything into it, side by side
    const t0 = performance.now();
    const [firstDone, second] = await Promise.all([applyProcess(one), applyProcess(two)]);
    for (const r of [firstDone, second])
      record('apply x2', 'two at once, own state files', 'writes', r.code, t0, r.stderr);
    // each finishes, or stops because the other put the mode back first; a re-run of a stopped one completes
    for (const [r, file] of [
      [firstDone, one],
      [second, two],
    ] as const) {
      expect([0, 1, 4], r.stderr).toContain(r.code);
      if (r.code !== 0) expect((await apply(file)).code).toBe(0);
    }
    await proxy.clear();
    expect(await target.call('GET', '/mode')).toEqual({ mode: 'READWRITE' });
    expect(await compareDirect()).toBe(0);
  });
});

describe('Apicurio 3.x and 2.6 behind the fault proxy', () => {
  it('a clean proxy gives the verdict; a reset or a server that stops answering is exit 3', async () => {
    for (const [server, api] of [
      [apicurio3, '/apis/registry/v3'],
      [apicurio2, '/apis/registry/v2'],
    ] as const) {
      const ap = await toxi.proxy('faults-apicurio', server.replace(/^http:\/\//, ''));
      try {
        const compare = () => runInProcess(['compare', `${server}${api}`, `${ap.url}${api}`, ...LIMITS, '-q']);
        expect((await compare()).code, server).toBe(0); // the same registry through the proxy
        for (const [name, toxic] of TOXICS.filter(([n, , e]) => e === 'no verdict' && !n.startsWith('limit'))) {
          await ap.clear();
          await ap.add(toxic);
          const t0 = performance.now();
          const r = await compare();
          const said = record('compare', `${name} (Apicurio ${api.slice(-2)})`, 'start', r.code, t0, r.stderr);
          expect(r.code, said).toBe(3);
          expect(said).toMatch(new RegExp(`cannot read the target, GET http://${ap.listen}${api}/`));
        }
      } finally {
        await toxi.remove('faults-apicurio');
      }
    }
  });
});

describe('watch under faults', () => {
  it('a pass through a resetting target gives no verdict (up 0, in sync 0); a clean pass gives one again', async () => {
    await proxy.clear();
    const w = startWatch(
      ['--timeout', '1500', '--retries', '1', ...watchPairArgs(axonopsSource, proxy.url, '1s')],
      dir,
    );
    try {
      const base = await w.url;
      const metrics = async () => (await fetch(`${base}/metrics`)).text();
      const value = async (series: string) => seriesValue(await metrics(), series);
      await until(async () => (await value('sr_parity_last_pass_verdict')) === '1', 30_000, w.stderr);
      await proxy.add({ type: 'reset_peer', attributes: { timeout: 0 } });
      await until(async () => (await value('sr_parity_up{side="target"}')) === '0', 30_000, w.stderr);
      expect([await value('sr_parity_last_pass_verdict'), await value('sr_parity_in_sync')]).toEqual(['0', '0']);
      await proxy.clear();
      await until(async () => (await value('sr_parity_up{side="target"}')) === '1', 30_000, w.stderr);
      await until(async () => (await value('sr_parity_last_pass_verdict')) === '1', 30_000, w.stderr);
      expect(w.stdout()).toMatch(/no verdict/i);
    } finally {
      w.child.kill('SIGTERM');
      await w.exit;
    }
  });
});

const registries = (cmd: string, ...names: string[]) => {
  const r = spawnSync('bash', ['scripts/registries', cmd, ...names], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scripts/registries ${cmd} ${names.join(' ')} failed: ${r.stderr}`);
};

describe('records under faults', () => {
  const topic = `${runPrefix('x')}.orders`;
  const records = (registry: string) =>
    runInProcess(['records', axonopsSource, registry, '--bootstrap-server', kafka, '-t', topic, ...LIMITS]);

  beforeAll(async () => {
    // f000-value v1 (its id the same on both sides): a record of one string field, 'x', framed as Confluent's
    // serializers frame it
    const brokers = new TestKafka(kafka);
    await brokers.createTopic(topic, 1);
    const { id } = (await source.call('GET', '/subjects/f000-value/versions/1')) as { id: number };
    const value = Buffer.from([0, ...new Uint8Array(new Uint32Array([id]).buffer).reverse(), 2, 0x78]);
    await brokers.produce(
      topic,
      Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value })),
    );
  });

  it('resolve through a clean proxy; a target that resets or stops answering is no verdict (exit 3)', async () => {
    const clean = await records(proxy.url);
    expect([clean.code, clean.stderr]).toEqual([0, '']);
    for (const [name, toxic] of TOXICS.filter(([, , e]) => e === 'no verdict')) {
      await proxy.clear();
      await proxy.add(toxic);
      const t0 = performance.now();
      const r = await records(proxy.url);
      const said = record('records', name, 'start', r.code, t0, r.stderr);
      expect(r.code, said).toBe(3);
      expect(said).toMatch(new RegExp(`cannot read the target, GET http://${proxy.listen}/`));
    }
  });

  it('a broker killed with SIGKILL during the run: no verdict, or the one a whole sample gives', async () => {
    await proxy.clear();
    await proxy.add({ type: 'latency', attributes: { latency: 20 } }, 'slow');
    // SIGKILL to the broker while the sample and the registries are read (its pid from scripts/registries)
    const pid = Number(readFileSync(join(ROOT, '.registries', 'run', 'kafka.pid'), 'utf8'));
    const kill = setTimeout(() => process.kill(pid, 'SIGKILL'), 60);
    try {
      const t0 = performance.now();
      const r = await records(proxy.url);
      const said = record('records', 'broker killed (SIGKILL)', 'middle', r.code, t0, r.stderr);
      // the sample read whole before the kill gives the verdict it gives with no fault; else no verdict
      if (r.code === 3) expect(said).toMatch(/cannot read kafka /);
      else expect([r.code, r.stderr]).toEqual([0, '']);
    } finally {
      clearTimeout(kill);
      registries('stop', 'kafka'); // and the Karapaces that keep their schemas there
      registries('start', 'kafka', 'karapace', 'karapace6'); // a new, empty broker (scripts/registries)
    }
  });
});

describe('a server killed with SIGKILL mid-read and started again', () => {
  it('Karapace (its schemas kept in Kafka): no verdict while it is gone, the verdict once it is back', async () => {
    const kp = new RegistryWriter(karapace);
    await kp.reset();
    await seed(kp, 20);
    const kproxy = await toxi.proxy('faults-karapace', karapace.replace(/^http:\/\//, ''));
    try {
      await kproxy.add({ type: 'latency', attributes: { latency: 20 } }, 'slow');
      const compare = () => runInProcess(['compare', kproxy.url, karapace, ...LIMITS, '--format', 'json']);
      const killer = setTimeout(() => registries('stop', 'karapace'), 500); // SIGKILL (scripts/registries stop)
      const t0 = performance.now();
      const cut = await compare();
      clearTimeout(killer);
      const said = record('compare', 'Karapace killed (SIGKILL)', 'middle', cut.code, t0, cut.stderr);
      expect(cut.code, said).toBe(3);
      expect(said).toMatch(/cannot read the (source|target)/);
      registries('start', 'karapace');
      await kproxy.clear();
      const back = await compare();
      expect([back.code, (JSON.parse(back.stdout) as RunResult).outcomes.flatMap((o) => o.findings)]).toEqual([0, []]);
    } finally {
      registries('start', 'karapace');
      await toxi.remove('faults-karapace');
    }
  });
});

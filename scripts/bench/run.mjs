#!/usr/bin/env node
// `npm run bench`: prints a table of wall time and peak memory, and writes reports/bench.json. Numbers only, never
// pass/fail: compare them run to run on the same machine.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticSnapshot } from './synthetic.mjs';
import { watchPasses } from './watch.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'dist', 'cli', 'main.js');
const work = join(tmpdir(), `sr-parity-bench-${process.pid}`);
mkdirSync(work, { recursive: true });
execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });

const results = [];
const row = (r) => {
  results.push({ name: r.name, versions: r.versions, seconds: r.seconds, peakRssMb: r.peakRssMb, note: r.note });
  console.log(
    `${r.name.padEnd(46)} ${String(r.versions).padStart(7)} versions  ${r.seconds.toFixed(2).padStart(6)} s  ` +
      `${String(r.peakRssMb).padStart(5)} MB${r.note ? `  ${r.note}` : ''}`,
  );
};

/** Live runs are repeated: their time is the median, their memory the highest peak. */
const REPEATS = 3;
const median = (runs) => {
  const mid = [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];
  return { ...mid, peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)) };
};
const spread = (runs) => `median of ${runs.map((r) => r.seconds.toFixed(1)).join(' / ')} s`;

/** Runs the CLI under /usr/bin/time: wall seconds and peak RSS of the whole process. */
function timed(args) {
  const res = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, BIN, ...args], {
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  const [seconds, kb] = res.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { seconds, peakRssMb: Math.round(kb / 1024), code: res.status, stderr: res.stderr, stdoutText: res.stdout };
}

// Snapshot files as `sr-parity snapshot` writes them (a subject per line, read back streaming).
const { fromSnapshot, snapshotLines } = await import(join(ROOT, 'dist', 'sources', 'files', 'native.js'));
const { writeLines } = await import(join(ROOT, 'dist', 'lib', 'files.js'));
const writeSnap = (file, snap) => writeLines(file, snapshotLines(fromSnapshot(snap, file), 'bench'));
const writeApicurioExport = (file, n, m) =>
  execFileSync(process.execPath, [join(import.meta.dirname, 'apicurio.mjs'), file, String(n), String(m)], {
    stdio: 'inherit',
  });

console.log(
  `sr-parity bench on ${cpus().length} cores (${cpus()[0]?.model ?? 'cpu'}), ` +
    `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`,
);

/**
 * How fast this host is right now: a fixed integer loop in a fresh node process, timed at the start, before the live
 * runs and at the end. Shared or throttled hosts drift by up to 2.5 times within a day; rows near a target are read
 * against it.
 */
const pace = [];
function hostPace(at) {
  const loop =
    'let x=0,t=process.hrtime.bigint();for(let i=0;i<1e8;i++)x=(x*31+i)|0;' +
    'console.log(Number(process.hrtime.bigint()-t)/1e6,x)';
  const ms = Math.round(Number(execFileSync(process.execPath, ['-e', loop], { encoding: 'utf8' }).split(' ')[0]));
  pace.push({ at, ms });
  console.log(`host pace (${at}): a fixed loop of 10^8 steps took ${ms} ms\n`);
}
hostPace('start');

const QUICK = process.argv.includes('--quick');
// watch's rows at the largest live size: its passes, and the pass before which 1% of subjects change.
const WATCH_PASSES = Number(process.env.BENCH_WATCH_PASSES ?? 100);
const CHANGE_AT = 12;
// Snapshot files from 10^4 to 10^6 versions (the growth table in docs/performance.md), and the live sizes.
const FILE_SIZES = QUICK
  ? [[2000, 5]]
  : [
      [2000, 5],
      [10000, 5],
      [20000, 5],
      [200000, 5],
    ];
const WATCH_SIZE = QUICK ? 1000 : 20000;
const SIZES = QUICK
  ? [[1000, 5]]
  : [
      [1000, 5],
      [10000, 5],
      [20000, 5],
    ];
// What the target holds in each compare: the same, 1% or 50% of subjects with a changed last version, or the same
// schemas under other ids (every id differs). Exit code 0 for the first, 1 for the others.
const VARIANTS = [
  ['identical', {}],
  ['1% drift', { drift: 0.01 }],
  ['50% drift', { drift: 0.5 }],
  ['every id differs', { reversedIds: true }],
];
const reportMb = (file) => (statSync(file).size / 2 ** 20).toFixed(1);
for (const [n, m] of FILE_SIZES) {
  const versions = n * m + 1;
  const src = join(work, `src-${n}.json`);
  await writeSnap(src, syntheticSnapshot(n, m));
  for (const [label, opts] of VARIANTS) {
    const tgt = join(work, `tgt-${n}.json`);
    await writeSnap(tgt, { ...syntheticSnapshot(n, m, opts), source: { location: 'target' } });
    const out = join(work, 'out.json');
    const r = timed(['compare', src, tgt, '--format', 'json', '--output', out]);
    if (r.code !== (label === 'identical' ? 0 : 1)) throw new Error(`${label} compare exited ${r.code}: ${r.stderr}`);
    row({ name: `compare snapshots, ${label} ${n}x${m}`, versions, ...r, note: `JSON report ${reportMb(out)} MB` });
  }
  rmSync(src);
}

// One subject holding a 50 MB Avro schema (400,000 fields): memory against the size of the input, not its count.
{
  const big = join(work, 'one-big-subject.json');
  const fields = Array.from({ length: 400_000 }, (_, i) => ({ name: `f${i}`, type: 'string', doc: 'x'.repeat(80) }));
  const schema = JSON.stringify({ type: 'record', name: 'Big', fields });
  const version = { version: 1, id: 1, schemaType: 'AVRO', schema, references: [], deleted: false };
  const subjects = [{ name: 'big-value', deleted: false, config: null, mode: null, versions: [version] }];
  await writeSnap(big, { ...syntheticSnapshot(0, 0), subjects });
  const mb = Math.round(statSync(big).size / 2 ** 20);
  const r = timed(['compare', big, big, '--format', 'json', '--output', join(work, 'out.json')]);
  if (r.code !== 0) throw new Error(`one-big-subject compare exited ${r.code}: ${r.stderr}`);
  row({
    name: `compare one ${mb} MB subject with itself`,
    versions: 1,
    ...r,
    note: `${(r.peakRssMb / (2 * mb)).toFixed(1)}x the input read`,
  });
}

// Apicurio export ZIPs (3.x layout, synthetic): read and compared, no server.
for (const [n, m] of process.argv.includes('--quick')
  ? [[2000, 5]]
  : [
      [2000, 5],
      [10000, 5],
    ]) {
  const zip = join(work, `apicurio-${n}.zip`);
  writeApicurioExport(zip, n, m);
  const r = timed(['compare', zip, zip, '--format', 'json', '--output', join(work, 'out.json')]);
  if (r.code !== 0) throw new Error(`Apicurio ZIP compare exited ${r.code}: ${r.stderr}`);
  row({ name: `compare Apicurio export ZIPs ${n}x${m}`, versions: n * m, ...r });
}

// Live: two AxonOps servers (in-memory), restarted empty through scripts/registries and filled by `sr-parity apply`
// itself, at each size: id-preserving into both, then read, compared, verified and planned against; then the target
// again with 1% drift. At the smallest size also a copy with new ids.
if (!process.argv.includes('--no-live')) {
  hostPace('live runs');
  const script = join(ROOT, 'scripts', 'registries');
  const servers = ['axonops-source', 'axonops-target'];
  const wasUp = spawnSync('bash', [script, 'status'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((l) => / up /.test(l))
    .map((l) => l.split(' ')[0]);
  const restart = (names) => {
    execFileSync('bash', [script, 'stop', ...names], { stdio: 'ignore' });
    execFileSync('bash', [script, 'start', ...names], { stdio: 'ignore' });
  };
  // Leave no bench data behind: servers it started are stopped, servers that were up are restarted empty (a test run
  // reusing them would otherwise spend minutes deleting 100,000 versions).
  process.on('exit', () => {
    spawnSync('bash', [script, 'stop', ...servers], { stdio: 'ignore' });
    const theirs = servers.filter((n) => wasUp.includes(n));
    if (theirs.length) spawnSync('bash', [script, 'start', ...theirs], { stdio: 'ignore' });
  });
  const urls = JSON.parse(execFileSync('bash', [script, 'urls'], { encoding: 'utf8' }));
  const requestsOf = (r) => Number(/, (\d+) requests/.exec(r.stderr + r.stdoutText)?.[1] ?? NaN);
  // CPU seconds the two AxonOps processes used (utime + stime): the servers' share of a live run.
  const serversCpu = () =>
    servers.reduce((sum, name) => {
      const pid = readFileSync(join(ROOT, '.registries', 'run', `${name}.pid`), 'utf8').trim();
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return sum + (Number(fields[11]) + Number(fields[12])) / 100;
    }, 0);
  /**
   * Live runs, REPEATS rounds of each in turn: the median time (a shared machine's speed drifts between runs by more
   * than the differences the targets ask about, and runs compared with each other are taken in the same rounds) and
   * the highest peak memory; the servers' CPU seconds of the median run and the requests the report counts in its
   * note. `runs`: [name, args, exit code expected].
   */
  const liveRounds = (versions, runs) => {
    const out = join(work, 'out.json');
    const measured = runs.map(() => []);
    const reports = [];
    for (let round = 0; round < REPEATS; round++) {
      runs.forEach(([name, args, code], i) => {
        const cpu0 = serversCpu();
        const r = timed([...args, '--format', 'json', '--output', out]);
        if (r.code !== code) throw new Error(`${name} exited ${r.code}: ${r.stderr}`);
        measured[i].push({ ...r, cpu: serversCpu() - cpu0 });
        // Every round writes the same report: the last one is read.
        if (round === REPEATS - 1) reports[i] = { report: JSON.parse(readFileSync(out, 'utf8')), mb: reportMb(out) };
      });
    }
    runs.forEach(([name, , code], i) => {
      const r = median(measured[i]);
      const { report, mb } = reports[i];
      const requests = (report.source?.requests ?? 0) + (report.target?.requests ?? 0);
      const per = requests ? `${requests} requests (${(requests / versions / 2).toFixed(2)} per version a side), ` : '';
      const size = code === 1 ? `, JSON report ${mb} MB` : '';
      row({ name, versions, ...r, note: `${per}servers ${r.cpu.toFixed(1)} s CPU${size}, ${spread(measured[i])}` });
    });
  };
  const live = (name, versions, args, code) => liveRounds(versions, [[name, args, code]]);
  /**
   * watch over the identical pair: its whole first pass beside the cheap ones after it (nothing changed), then 1% of
   * the subjects given a new version on the source before pass CHANGE_AT; peak RSS pass by pass, /metrics latency.
   */
  const watchRows = async ([source, target], n, m, versions) => {
    const changed = Array.from({ length: n / 100 }, (_, k) => `svc-${String(100 * k + 1).padStart(6, '0')}-value`);
    const run = await watchPasses({ bin: BIN, source, target, passes: WATCH_PASSES, changeAt: CHANGE_AT, changed });
    const pass = (k) => run.passes[k - 1];
    const requests = (p) => p.requests.source + p.requests.target;
    const whole = pass(1);
    const rowOf = (name, p, note) =>
      row({ name, versions, seconds: p.durationMs / 1000, peakRssMb: p.peakRssMb, note });
    const ratio = (p) =>
      `${requests(p)} requests, ${((100 * requests(p)) / requests(whole)).toFixed(1)}% of the whole pass's ` +
      `requests and ${((100 * p.durationMs) / whole.durationMs).toFixed(1)}% of its time`;
    rowOf(`watch pass 1 (whole) ${n}x${m}`, whole, `${requests(whole)} requests`);
    const cheap = run.passes.filter((p) => p.reads.source === 'changes' && p.pass < CHANGE_AT);
    const mid = [...cheap].sort((a, b) => a.durationMs - b.durationMs)[cheap.length >> 1];
    rowOf(`watch cheap pass, nothing changed ${n}x${m}`, mid, `${ratio(mid)} (median of ${cheap.length} passes)`);
    rowOf(`watch cheap pass, 1% of subjects changed ${n}x${m}`, pass(CHANGE_AT), ratio(pass(CHANGE_AT)));
    const [second, last] = [pass(2), pass(WATCH_PASSES)];
    rowOf(
      `watch pass ${WATCH_PASSES} ${n}x${m}`,
      last,
      `peak RSS ${last.peakRssMb} MB against ${second.peakRssMb} MB at pass 2`,
    );
    const sorted = [...run.latencies].sort((a, b) => a - b);
    const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1);
    row({
      name: `watch /metrics during passes ${n}x${m}`,
      versions,
      seconds: sorted[sorted.length - 1] / 1000,
      peakRssMb: 0,
      note: `${sorted.length} scrapes every 100 ms: median ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`,
    });
  };
  for (const [n, m] of SIZES) {
    restart(servers);
    const versions = n * m + 1;
    const file = join(work, `live-src-${n}.json`);
    await writeSnap(file, syntheticSnapshot(n, m));
    const apply = (name, args, note = true) => {
      const r = timed([
        'apply',
        ...args,
        '--yes',
        '--include-deleted',
        '--no-verify',
        '--state',
        join(work, 'apply.state'),
      ]);
      if (r.code !== 0) throw new Error(`${name} exited ${r.code}: ${r.stderr}`);
      if (note)
        row({
          name,
          versions,
          ...r,
          note: `${Math.round(versions / r.seconds)} versions/s, ${requestsOf(r)} requests`,
        });
    };
    apply(`apply --ids preserve ${n}x${m} (snapshot -> AxonOps)`, [file, urls.axonopsSource, '--ids', 'preserve']);
    apply(`apply --ids preserve ${n}x${m} (AxonOps -> AxonOps)`, [
      urls.axonopsSource,
      urls.axonopsTarget,
      '--ids',
      'preserve',
    ]);

    const s = timed(['snapshot', urls.axonopsSource, '-o', join(work, 'live.json')]);
    row({
      name: `snapshot live AxonOps ${n}x${m}`,
      versions,
      ...s,
      note: `${requestsOf(s)} requests (${(requestsOf(s) / versions).toFixed(2)} per version)`,
    });
    const pair = [urls.axonopsSource, urls.axonopsTarget];
    live(`compare live AxonOps, identical ${n}x${m}`, versions, ['compare', ...pair], 0);
    if (n === WATCH_SIZE) await watchRows(pair, n, m, versions);
    // The gate wants a frozen source, as at a real cutover.
    await fetch(`${urls.axonopsSource}/mode`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"mode":"READONLY"}',
    });
    const gate = ['verify', join(ROOT, 'specs', 'cutover-gate.yaml'), '--set', `SOURCE_URL=${pair[0]}`];
    // verify and the dry run against a compare of the same pair, round by round
    liveRounds(versions, [
      [`compare live AxonOps, source read-only ${n}x${m}`, ['compare', ...pair], 0],
      [`verify cutover-gate.yaml live ${n}x${m}`, [...gate, '--set', `TARGET_URL=${pair[1]}`], 0],
      [`apply dry run live ${n}x${m} (nothing to do)`, ['apply', ...pair], 0],
    ]);

    // The target again, holding each variant in turn (seeded id-preserving from a snapshot of it).
    for (const [label, opts] of VARIANTS.slice(1)) {
      restart(['axonops-target']);
      const variant = join(work, `live-variant-${n}.json`);
      await writeSnap(variant, syntheticSnapshot(n, m, opts));
      apply(`seed the ${label} target`, [variant, urls.axonopsTarget, '--ids', 'preserve'], false);
      live(`compare live AxonOps, ${label} ${n}x${m}`, versions, ['compare', ...pair], 1);
    }

    if (n === SIZES[0][0]) {
      restart(['axonops-target']);
      apply(`apply --ids new ${n}x${m} (AxonOps -> AxonOps)`, [urls.axonopsSource, urls.axonopsTarget, '--ids', 'new']);
    }
  }

  // Apicurio 3.x (in-memory), restarted empty and filled by its own import of a synthetic export (its import takes
  // at most 10,000 ZIP entries: 500 artifacts x 4 versions), then read through the v3 API and compared with the ZIP.
  const apicurio = ['apicurio3'];
  const apicurioWasUp = wasUp.includes('apicurio3');
  process.on('exit', () => {
    spawnSync('bash', [script, 'stop', 'apicurio3'], { stdio: 'ignore' });
    if (apicurioWasUp) spawnSync('bash', [script, 'start', 'apicurio3'], { stdio: 'ignore' });
  });
  restart(apicurio);
  const [n, m] = [500, 4];
  const zip = join(work, 'apicurio-live.zip');
  writeApicurioExport(zip, n, m);
  const imported = await fetch(`${urls.apicurio3}/apis/registry/v3/admin/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/zip' },
    body: readFileSync(zip),
  });
  if (!imported.ok) throw new Error(`Apicurio import answered ${imported.status}: ${await imported.text()}`);
  const v3 = `${urls.apicurio3}/apis/registry/v3`;
  const s = timed(['snapshot', v3, '-o', join(work, 'live.json')]);
  if (s.code !== 0) throw new Error(`snapshot of Apicurio exited ${s.code}: ${s.stderr}`);
  row({
    name: `snapshot live Apicurio v3 API ${n}x${m}`,
    versions: n * m,
    ...s,
    note: `${requestsOf(s)} requests (${(requestsOf(s) / (n * m)).toFixed(2)} per version)`,
  });
  const c = timed(['compare', zip, v3, '--format', 'json', '--output', join(work, 'out.json')]);
  if (c.code !== 0) throw new Error(`Apicurio ZIP vs live compare exited ${c.code}: ${c.stderr}`);
  row({ name: `compare export ZIP vs live Apicurio v3 ${n}x${m}`, versions: n * m, ...c });
}

// records: a real broker (started here if it is not up), one topic of 100 partitions x 1,000 Avro records framed
// with ids of a synthetic 2000x5 registry (values made by avsc from each schema), read against that registry's
// snapshot on both sides: the sample bound (the last N per partition) and the throughput of resolving and decoding.
if (!process.argv.includes('--no-live')) {
  const script = join(ROOT, 'scripts', 'registries');
  const kafkaWasUp = / up /.test(
    spawnSync('bash', [script, 'status'], { encoding: 'utf8' })
      .stdout.split('\n')
      .find((l) => l.startsWith('kafka ')) ?? '',
  );
  if (!kafkaWasUp) execFileSync('bash', [script, 'start', 'kafka'], { stdio: 'ignore' });
  process.on('exit', () => {
    if (!kafkaWasUp) spawnSync('bash', [script, 'stop', 'kafka'], { stdio: 'ignore' });
  });
  const { kafka: bootstrap } = JSON.parse(execFileSync('bash', [script, 'urls'], { encoding: 'utf8' }));
  const { default: kafkajs } = await import('kafkajs');
  const { default: avsc } = await import('avsc');
  const snap = syntheticSnapshot(2000, 5);
  const avro = snap.subjects.flatMap((s) => s.versions).filter((v) => v.schemaType === 'AVRO' && !v.references.length);
  const file = join(work, 'records-registry.json');
  await writeSnap(file, snap);
  const client = new kafkajs.Kafka({ brokers: [bootstrap], clientId: 'bench', logLevel: kafkajs.logLevel.NOTHING });
  const topic = `bench.records.${process.pid}`;
  const [partitions, perPartition] = [100, 1000];
  const admin = client.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  const producer = client.producer({ createPartitioner: kafkajs.Partitioners.DefaultPartitioner });
  await producer.connect();
  const types = avro.map((v) => ({ id: v.id, type: avsc.Type.forSchema(JSON.parse(v.schema)) }));
  for (let p = 0; p < partitions; p++) {
    const messages = Array.from({ length: perPartition }, (_, i) => {
      const { id, type } = types[(p * perPartition + i) % types.length];
      const head = Buffer.alloc(5);
      head.writeUInt32BE(id, 1);
      return { partition: p, value: Buffer.concat([head, type.toBuffer(type.random())]) };
    });
    await producer.send({ topic, messages });
  }
  await producer.disconnect();
  for (const sample of [100, perPartition]) {
    const read = partitions * sample;
    const r = timed([
      'records',
      file,
      file,
      '--bootstrap-server',
      bootstrap,
      '-t',
      topic.replace(/\./g, '\\.'),
      '--sample',
      String(sample),
      '--format',
      'json',
      '--output',
      join(work, 'out.json'),
    ]);
    if (r.code !== 0) throw new Error(`records exited ${r.code}: ${r.stderr}`);
    const out = JSON.parse(readFileSync(join(work, 'out.json'), 'utf8'));
    const seen = out.outcomes[0].findings.find((f) => f.id === 'records-sampled').source;
    row({
      name: `records ${partitions} partitions, last ${sample} each`,
      versions: snap.subjects.reduce((n, x) => n + x.versions.length, 0),
      ...r,
      note:
        `${seen.records} of ${partitions * perPartition} records, ${seen.valueIds.length} ids: ` +
        `${Math.round(read / r.seconds)} records/s, ${Math.round(seen.valueIds.length / r.seconds)} ids/s (whole run)`,
    });
  }
  await admin.deleteTopics({ topics: [topic] });
  await admin.disconnect();
}

// Normalization throughput per format, in-process, cache cleared: distinct schemas, each normalized once.
const { normalize, clearNormalizeCache } = await import(join(ROOT, 'dist', 'normalize', 'index.js'));
for (const type of ['AVRO', 'JSON', 'PROTOBUF']) {
  const snap = syntheticSnapshot(2000, 5);
  const texts = snap.subjects
    .flatMap((s) => s.versions)
    .filter((v) => v.schemaType === type && !v.references.length)
    .map((v) => v.schema);
  clearNormalizeCache();
  const t0 = performance.now();
  for (const t of texts) normalize(type, t);
  const s = (performance.now() - t0) / 1000;
  row({
    name: `normalize ${type}`,
    versions: texts.length,
    seconds: s,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    note: `${Math.round(texts.length / s)} versions/s`,
  });
}

// The performance issue's targets, read off the rows above (shown, never asserted).
// Absolute: [row, seconds, MB, JSON report MB]; relative: [row, its reference row, at most this ratio of its time].
const targets = [
  ['compare snapshots, identical 20000x5', 10, 600],
  ['compare snapshots, identical 200000x5', 60, 1536],
  ['compare live AxonOps, identical 10000x5', 10, 150], // 150 MB: the watch issue's (300 MB before)
  ['compare live AxonOps, every id differs 10000x5', 10, 300, 5],
  ['compare live AxonOps, identical 20000x5', undefined, 300],
];
const relative = [
  ['compare live AxonOps, 1% drift 10000x5', 'compare live AxonOps, identical 10000x5', 1.2],
  ['compare live AxonOps, 50% drift 10000x5', 'compare live AxonOps, identical 10000x5', 1.2],
  ['verify cutover-gate.yaml live 20000x5', 'compare live AxonOps, source read-only 20000x5', 1.1],
  ['apply dry run live 20000x5 (nothing to do)', 'compare live AxonOps, source read-only 20000x5', 1.1],
];
const find = (name) => results.find((x) => x.name === name);
console.log('\ntargets (shown, never asserted):');
for (const [name, seconds, mb, reportLimit] of targets) {
  const r = find(name);
  if (!r) {
    console.log(`  ${name}: not measured in this run`);
    continue;
  }
  const report = Number(/JSON report ([\d.]+) MB/.exec(r.note ?? '')?.[1] ?? 0);
  const parts = [
    seconds === undefined ? null : [`${r.seconds.toFixed(2)} s (target <= ${seconds} s)`, r.seconds <= seconds],
    [`${r.peakRssMb} MB (target <= ${mb} MB)`, r.peakRssMb <= mb],
    reportLimit === undefined
      ? null
      : [`JSON report ${report} MB (target <= ${reportLimit} MB)`, report <= reportLimit],
  ].filter(Boolean);
  const met = parts.every(([, ok]) => ok);
  console.log(`  ${name}: ${parts.map(([t]) => t).join(', ')}: ${met ? 'met' : 'NOT met'}`);
}
for (const [name, of, ratio] of relative) {
  const [r, base] = [find(name), find(of)];
  if (!r || !base) {
    console.log(`  ${name}: not measured in this run`);
    continue;
  }
  const x = r.seconds / base.seconds;
  const met = x <= ratio ? 'met' : 'NOT met';
  console.log(`  ${name}: ${x.toFixed(2)}x the time of "${of}" (target <= ${ratio}x): ${met}`);
}

// watch's targets, read off its rows' notes.
const percents = (note) => /([\d.]+)% of the whole pass's requests and ([\d.]+)% of its time/.exec(note ?? '');
for (const [label, limit] of [
  ['nothing changed', 25],
  ['1% of subjects changed', 35],
]) {
  const r = results.find((x) => x.name.startsWith(`watch cheap pass, ${label} `));
  const p = percents(r?.note);
  if (!p) {
    console.log(`  watch cheap pass, ${label}: not measured in this run`);
    continue;
  }
  const met = Number(p[1]) <= limit && Number(p[2]) <= limit ? 'met' : 'NOT met';
  console.log(`  ${r.name}: ${p[1]}% of the requests, ${p[2]}% of the time (target <= ${limit}% each): ${met}`);
}
const lastPass = results.find((x) => /^watch pass \d+ /.test(x.name) && x.note?.includes('at pass 2'));
if (lastPass) {
  const [, now, then] = /peak RSS (\d+) MB against (\d+) MB/.exec(lastPass.note).map(Number);
  const met = now <= then * 1.1 ? 'met' : 'NOT met';
  console.log(`  ${lastPass.name}: peak RSS ${now} MB, pass 2 ${then} MB (target within 10%): ${met}`);
}
const scrapes = results.find((x) => x.name.startsWith('watch /metrics during passes'));
if (scrapes) {
  const met = scrapes.seconds < 0.05 ? 'met' : 'NOT met';
  console.log(`  ${scrapes.name}: slowest ${(scrapes.seconds * 1000).toFixed(1)} ms (target < 50 ms): ${met}`);
}

hostPace('end');
rmSync(work, { recursive: true, force: true });
const report = {
  machine: {
    cores: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    pace,
  },
  ranAt: new Date().toISOString(),
  results,
};
writeFileSync(join(ROOT, 'reports', 'bench.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log('\nwrote reports/bench.json');

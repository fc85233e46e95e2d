#!/usr/bin/env node
// `npm run bench`: prints a table of wall time and peak memory, and writes reports/bench.json. Numbers only, never
// pass/fail: compare them run to run on the same machine.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticSnapshot } from './synthetic.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'dist', 'cli', 'main.js');
const work = join(tmpdir(), `sr-parity-bench-${process.pid}`);
mkdirSync(work, { recursive: true });
execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });

const results = [];
const row = (r) => {
  results.push({ name: r.name, versions: r.versions, seconds: r.seconds, peakRssMb: r.peakRssMb, note: r.note });
  console.log(`${r.name.padEnd(46)} ${String(r.versions).padStart(7)} versions  ${r.seconds.toFixed(2).padStart(6)} s  ${String(r.peakRssMb).padStart(5)} MB${r.note ? `  ${r.note}` : ''}`);
};

/** Runs the CLI under /usr/bin/time: wall seconds and peak RSS of the whole process. */
function timed(args) {
  const res = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, BIN, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const [seconds, kb] = res.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { seconds, peakRssMb: Math.round(kb / 1024), code: res.status, stderr: res.stderr, stdoutText: res.stdout };
}

console.log(`sr-parity bench on ${cpus().length} cores (${cpus()[0]?.model ?? 'cpu'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`);

for (const [n, m] of [[1000, 5], [10000, 5], [20000, 5]]) {
  const versions = n * m + 1;
  const src = join(work, `src-${n}.json`);
  const tgt = join(work, `tgt-${n}.json`);
  const drift = join(work, `drift-${n}.json`);
  writeFileSync(src, JSON.stringify(syntheticSnapshot(n, m)));
  writeFileSync(tgt, JSON.stringify({ ...syntheticSnapshot(n, m), source: { location: 'target' } }));
  writeFileSync(drift, JSON.stringify(syntheticSnapshot(n, m, { drift: 0.01 })));
  const same = timed(['compare', src, tgt, '--format', 'json', '--output', join(work, 'out.json')]);
  if (same.code !== 0) throw new Error(`identical compare exited ${same.code}: ${same.stderr}`);
  row({ name: `compare snapshots, identical ${n}x${m}`, versions, ...same });
  const d = timed(['compare', src, drift, '--format', 'json', '--output', join(work, 'out.json')]);
  if (d.code !== 1) throw new Error(`drift compare exited ${d.code}: ${d.stderr}`);
  row({ name: `compare snapshots, 1% drift ${n}x${m}`, versions, ...d });
}

// Live: two AxonOps servers (started through scripts/registries) seeded id-for-id through IMPORT mode.
if (!process.argv.includes('--no-live')) {
  const script = join(ROOT, 'scripts', 'registries');
  const wasUp = spawnSync('bash', [script, 'status'], { encoding: 'utf8' }).stdout.split('\n').filter((l) => / up /.test(l)).map((l) => l.split(' ')[0]);
  execFileSync('bash', [script, 'start', 'axonops-source', 'axonops-target'], { stdio: 'inherit' });
  process.on('exit', () => {
    const ours = ['axonops-source', 'axonops-target'].filter((n) => !wasUp.includes(n));
    if (ours.length) spawnSync('bash', [script, 'stop', ...ours], { stdio: 'inherit' });
  });
  const urls = JSON.parse(execFileSync('bash', [join(ROOT, 'scripts', 'registries'), 'urls'], { encoding: 'utf8' }));
  const [n, m] = [1000, 5];
  const snap = syntheticSnapshot(n, m);
  for (const url of [urls.axonopsSource, urls.axonopsTarget]) {
    const t0 = performance.now();
    const sent = await seed(url, snap);
    console.log(`seeded ${url} with ${sent} versions in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const versions = n * m + 1;
  const s = timed(['snapshot', urls.axonopsSource, '-o', join(work, 'live.json')]);
  const requests = Number(/, (\d+) requests/.exec(s.stderr + s.stdoutText)?.[1] ?? NaN);
  row({ name: `snapshot live AxonOps ${n}x${m}`, versions, ...s, note: `${requests} requests (${(requests / versions).toFixed(2)} per version)` });
  const c = timed(['compare', urls.axonopsSource, urls.axonopsTarget, '--format', 'json', '--output', join(work, 'out.json')]);
  if (c.code !== 0) throw new Error(`live identical compare exited ${c.code}: ${c.stderr}`);
  row({ name: `compare live AxonOps, identical ${n}x${m}`, versions, ...c });
}

/** Loads a snapshot into an empty-enough registry with its ids and versions (IMPORT mode), 8 requests in flight. */
async function seed(url, snap) {
  const put = (path, body) => fetch(url + path, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await put('/mode?force=true', { mode: 'IMPORT' });
  const post = async (subject, v) => {
    const res = await fetch(`${url}/subjects/${subject}/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ schema: v.schema, schemaType: v.schemaType, references: v.references, id: v.id, version: v.version }),
    });
    // Re-seeding an already seeded server answers with the existing id; anything else is a broken bench.
    if (!res.ok) throw new Error(`seeding ${subject} v${v.version}: HTTP ${res.status} ${await res.text()}`);
  };
  const [first, ...rest] = snap.subjects;
  for (const v of first.versions) await post(first.name, v); // the referenced subject goes first
  let sent = first.versions.length;
  const queue = rest.slice();
  await Promise.all(Array.from({ length: 8 }, async () => {
    for (let s = queue.shift(); s; s = queue.shift()) for (const v of s.versions) { await post(s.name, v); sent++; }
  }));
  await put('/mode?force=true', { mode: 'READWRITE' });
  return sent;
}

// Normalization throughput per format, in-process, cache cleared: distinct schemas, each normalized once.
const { normalize, clearNormalizeCache } = await import(join(ROOT, 'dist', 'normalize', 'index.js'));
for (const type of ['AVRO', 'JSON', 'PROTOBUF']) {
  const snap = syntheticSnapshot(2000, 5);
  const texts = snap.subjects.flatMap((s) => s.versions).filter((v) => v.schemaType === type && !v.references.length).map((v) => v.schema);
  clearNormalizeCache();
  const t0 = performance.now();
  for (const t of texts) normalize(type, t);
  const s = (performance.now() - t0) / 1000;
  row({ name: `normalize ${type}`, versions: texts.length, seconds: s, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), note: `${Math.round(texts.length / s)} versions/s` });
}

rmSync(work, { recursive: true, force: true });
const report = { machine: { cores: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version }, ranAt: new Date().toISOString(), results };
writeFileSync(join(ROOT, 'reports', 'bench.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log('\nwrote reports/bench.json');

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
  results.push(r);
  console.log(`${r.name.padEnd(46)} ${String(r.versions).padStart(7)} versions  ${r.seconds.toFixed(2).padStart(6)} s  ${String(r.peakRssMb).padStart(5)} MB${r.note ? `  ${r.note}` : ''}`);
};

/** Runs the CLI under /usr/bin/time: wall seconds and peak RSS of the whole process. */
function timed(args) {
  const res = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, BIN, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const [seconds, kb] = res.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { seconds, peakRssMb: Math.round(kb / 1024), code: res.status, stderr: res.stderr };
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

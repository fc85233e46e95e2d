#!/usr/bin/env node
// `npm test`: the whole suite (fast tier + real registries), then one plain closing line CI can read.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

// The servers install (the Karapace build: about a minute in a fresh cache) and start while the build and the checks
// run; the real tier's own `scripts/registries start` waits for this one (a lock in the cache). Its teardown stops
// the servers that were not up before this run (SRP_REGISTRIES_UP_BEFORE). Arguments (a tier, a file) make it
// one vitest run, as given: the servers then only install.
const extra = process.argv.slice(2);
const onlyFast = extra.some((a) => a === 'fast' || a.endsWith('=fast'));
const upBefore = onlyFast
  ? ''
  : spawnSync('bash', ['scripts/registries', 'up'], { encoding: 'utf8' }).stdout.trim().split('\n').join(',');
const install = onlyFast
  ? null
  : spawn('bash', ['scripts/registries', extra.length ? 'install' : 'start'], {
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
    });
const children = [];
/** Ends the run early: the servers' install or start and a running test run (their process groups) go too. */
function fail(why) {
  for (const c of [install, ...children]) if (c?.exitCode === null) process.kill(-c.pid, 'SIGTERM');
  console.log(`\ntests: 0 passed, 1 failed (${why})`);
  process.exit(1);
}
// The test runs are process groups of their own (so fail() can end them whole): Ctrl-C reaches them through here.
process.on('SIGINT', () => fail('interrupted'));

// Built once here, from nothing (a module moved or removed leaves no stale copy in dist/ for the packed tarball);
// each vitest run's globalSetup then leaves the build as it is (SRP_BUILT).
rmSync('dist', { recursive: true, force: true });
if (spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' }).status !== 0) fail('the build failed');

// The real tier starts now: vitest would run its files (one at a time) only after every other project's, and it
// leaves a core idle about half its time, waiting on servers. The checks, then the fast tier, run beside it.
const color = process.stdout.isTTY ? { FORCE_COLOR: '1' } : {};
const real = extra.length ? null : vitest(['--project', 'real'], 'reports/vitest-results-real.json', false);

const CHECKS = [
  [['npx', 'tsc', '-p', 'test/tsconfig.json', '--noEmit'], 'typecheck of src/ and test/ failed'],
  [[process.execPath, 'scripts/layers.mjs'], 'the layer rules of src/ are broken; see above'],
  [[process.execPath, 'scripts/width.mjs'], 'source lines over 120 columns grew; see above'],
  [
    ['npx', 'oxlint', '--deny-warnings', '--format', 'unix', 'src', 'test', 'scripts'],
    'lint rules broken (.oxlintrc.json says why each rule is there); see above',
  ],
  [
    ['npx', 'prettier', '--check', '--log-level', 'warn', 'src', 'test', 'scripts'],
    'files not formatted: npm run format writes them',
  ],
];
for (const [[cmd, ...args], why] of CHECKS) {
  const status = await new Promise((done) => spawn(...behind(cmd, args), { stdio: 'inherit' }).on('close', done));
  if (status !== 0) fail(why);
}

const outcomes = await Promise.all([
  ...(real ? [real] : []),
  vitest(extra.length ? extra : ['--project', 'fast'], 'reports/vitest-results.json', Boolean(real)),
]);

let code = 0;
const sum = { passed: 0, failed: 0, skipped: 0, brokenFiles: 0 };
for (const { status, results } of outcomes) {
  code ||= status ?? 1;
  if (!existsSync(results)) {
    console.log('\ntests: 0 passed, 1 failed (a test run did not finish; see above)');
    process.exit(code || 1);
  }
  const r = JSON.parse(readFileSync(results, 'utf8'));
  // A file that fails outside its tests (a beforeAll, an import) fails no test: count it as a failure of its own.
  const broken = r.testResults.filter(
    (f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'),
  ).length;
  sum.brokenFiles += broken;
  sum.passed += r.numPassedTests;
  sum.failed += r.numFailedTests + broken;
  sum.skipped += r.numPendingTests + r.numTodoTests;
  if (r.numTotalTests === 0) code ||= 1; // a run that found no test
}
const { passed, failed, skipped, brokenFiles } = sum;
console.log(
  `\ntests: ${passed} passed, ${failed} failed` +
    `${brokenFiles ? ` (${brokenFiles} test file(s) failed before their tests ran)` : ''}` +
    `${skipped ? `, ${skipped} skipped` : ''}`,
);
if (failed) code ||= 1;
process.exit(code);

/**
 * One vitest run. Its output is passed on line by line (so two runs never split each other's lines); a `held` run's
 * output comes in one piece when it ends, so each run reads as a whole.
 */
function vitest(args, results, held) {
  rmSync(results, { force: true });
  const command = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`, ...args];
  const child = spawn(...(held ? behind('npx', command) : ['npx', command]), {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...color, SRP_BUILT: '1', SRP_REGISTRIES_UP_BEFORE: upBefore },
    detached: true,
  });
  children.push(child);
  const kept = [];
  for (const [from, to] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ]) {
    const emit = (text) => (held ? kept.push([to, text]) : to.write(text));
    let partial = '';
    from.setEncoding('utf8');
    from.on('data', (chunk) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop();
      if (lines.length) emit(`${lines.join('\n')}\n`);
    });
    from.on('end', () => partial && emit(partial));
  }
  return new Promise((done) =>
    child.on('close', (status) => {
      for (const [to, text] of kept) to.write(text);
      done({ status, results });
    }),
  );
}

/**
 * What runs beside the real tier runs at a lower priority (nice): the real tier is the longer, and takes the CPU
 * when its servers need it; the rest fills the time it waits.
 */
function behind(cmd, args) {
  return extra.length ? [cmd, args] : ['nice', ['-n', '10', cmd, ...args]];
}

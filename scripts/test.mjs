#!/usr/bin/env node
// `npm test`: the whole suite (fast tier + real registries), then one plain closing line CI can read.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

// The real servers install (the Karapace build: about a minute) while the checks below run; the test run's own
// `scripts/registries start` waits for this install (a lock in the cache) instead of starting another.
const onlyFast = process.argv.slice(2).some((a) => a === 'fast' || a.endsWith('=fast'));
const install = onlyFast
  ? null
  : spawn('bash', ['scripts/registries', 'install'], { stdio: ['ignore', 'inherit', 'inherit'], detached: true });
/** Ends the run early: the background install (its whole process group) goes too. */
function fail(why) {
  if (install?.exitCode === null) process.kill(-install.pid, 'SIGTERM');
  console.log(`\ntests: 0 passed, 1 failed (${why})`);
  process.exit(1);
}

const typecheck = spawnSync('npx', ['tsc', '-p', 'test/tsconfig.json', '--noEmit'], { stdio: 'inherit' });
if (typecheck.status !== 0) fail('typecheck of src/ and test/ failed');

const layers = spawnSync(process.execPath, ['scripts/layers.mjs'], { stdio: 'inherit' });
if (layers.status !== 0) fail('the layer rules of src/ are broken; see above');

const width = spawnSync(process.execPath, ['scripts/width.mjs'], { stdio: 'inherit' });
if (width.status !== 0) fail('source lines over 120 columns grew; see above');

const lint = spawnSync('npx', ['oxlint', '--deny-warnings', '--format', 'unix', 'src', 'test', 'scripts'], {
  stdio: 'inherit',
});
if (lint.status !== 0) fail('lint rules broken (.oxlintrc.json says why each rule is there); see above');

const format = spawnSync('npx', ['prettier', '--check', '--log-level', 'warn', 'src', 'test', 'scripts'], {
  stdio: 'inherit',
});
if (format.status !== 0) fail('files not formatted: npm run format writes them');

if (install && install.exitCode === null) await new Promise((done) => install.once('exit', done));

const results = 'reports/vitest-results.json';
rmSync(results, { force: true });
const args = [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${results}`,
  ...process.argv.slice(2),
];
const run = spawnSync('npx', args, { stdio: 'inherit' });
let code = run.status ?? 1;
if (existsSync(results)) {
  const r = JSON.parse(readFileSync(results, 'utf8'));
  const skipped = r.numPendingTests + r.numTodoTests;
  // A file that fails outside its tests (a beforeAll, an import) fails no test: count it as a failure of its own.
  const brokenFiles = r.testResults.filter(
    (f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'),
  ).length;
  const failed = r.numFailedTests + brokenFiles;
  console.log(
    `\ntests: ${r.numPassedTests} passed, ${failed} failed${brokenFiles ? ` (${brokenFiles} test file(s) failed before their tests ran)` : ''}${skipped ? `, ${skipped} skipped` : ''}`,
  );
  if (failed) code = code || 1;
  if (r.numTotalTests === 0) code = code || 1;
} else {
  console.log('\ntests: 0 passed, 1 failed (the test run did not finish; see above)');
  code = code || 1;
}
process.exit(code);

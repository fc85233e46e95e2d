#!/usr/bin/env node
// `npm test`: the whole suite (fast tier + real registries), then one plain closing line CI can read.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const typecheck = spawnSync('npx', ['tsc', '-p', 'test/tsconfig.json', '--noEmit'], { stdio: 'inherit' });
if (typecheck.status !== 0) {
  console.log('\ntests: 0 passed, 1 failed (typecheck of src/ and test/ failed)');
  process.exit(1);
}

const layers = spawnSync(process.execPath, ['scripts/layers.mjs'], { stdio: 'inherit' });
if (layers.status !== 0) {
  console.log('\ntests: 0 passed, 1 failed (the layer rules of src/ are broken; see above)');
  process.exit(1);
}

const format = spawnSync('npx', ['prettier', '--check', '--log-level', 'warn', 'src', 'test', 'scripts'], {
  stdio: 'inherit',
});
if (format.status !== 0) {
  console.log('\ntests: 0 passed, 1 failed (files not formatted: npm run format writes them)');
  process.exit(1);
}

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

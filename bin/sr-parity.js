#!/usr/bin/env node
// The `sr-parity` command. The package has no install scripts (npm 11 asks about each one on install), so in a
// clone dist/ is built here on the first run, with the TypeScript compiler `npm ci` installed; an installed package
// carries dist/ and never builds.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
  if (!existsSync(tsc)) {
    process.stderr.write('sr-parity: dist/ is missing and there is no TypeScript to build it: run npm ci first\n');
    process.exit(5);
  }
  process.stderr.write('sr-parity: building dist/ (the first run in this checkout)\n');
  const built = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(5);
}
await import(main.href);

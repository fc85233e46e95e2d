#!/usr/bin/env node
// Lines a reader can take in at once: no source line over 120 columns. Prettier wraps code but not strings, so the
// lines over it are counted, and the count may only go down (STYLE: name message pieces, one-sentence descriptions).
// Lower ALLOWED when you shorten some; `node scripts/width.mjs --list` names them.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const MAX = 120;
const ALLOWED = 109;

const files = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
const long = files('src').flatMap((file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, i) => ([...line].length > MAX ? [`${file}:${i + 1} (${[...line].length})`] : [])),
);
if (process.argv.includes('--list')) console.log(long.join('\n'));
if (long.length > ALLOWED) {
  console.error(`width: ${long.length} lines of src/ are over ${MAX} columns, ${ALLOWED} allowed (and falling):`);
  console.error(long.slice(-10).join('\n'));
  process.exit(1);
}
console.log(`width: ${long.length} lines of src/ over ${MAX} columns (at most ${ALLOWED}, to go down)`);

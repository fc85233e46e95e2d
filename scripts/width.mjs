#!/usr/bin/env node
// Lines a reader can take in at once: no line of src/, test/ or scripts/ (fixture generators included) over 120
// columns. Prettier wraps code but not strings, so long messages and descriptions are split into pieces (or their
// parts named) by hand; this fails on any line over it.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const MAX = 120;
// Counted in UTF-8 bytes, as the reviews' line checks count them: an arrow or a dash in a message counts three.
const width = (line) => Buffer.byteLength(line);

const files = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.(ts|mjs)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
const long = ['src', 'test', 'scripts'].flatMap(files).flatMap((file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, i) => (width(line) > MAX ? [`${file}:${i + 1} (${width(line)})`] : [])),
);
if (long.length) {
  console.error(`width: ${long.length} line(s) over ${MAX} columns; split the string or name its parts:`);
  console.error(long.join('\n'));
  process.exit(1);
}
console.log(`width: no line of src/, test/ or scripts/ over ${MAX} columns`);

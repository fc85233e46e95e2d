// Every file sr-parity writes goes through here: a snapshot streamed line by line, and every other document (a Kora
// audit, a baseline, reports, id maps, plans) written whole. Both write a temp file and rename it, so a reader never
// sees half a file.
import { mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SourceError } from './errors.js';

/** Lines streamed to the file: a 100,000-version snapshot is never one string. */
export function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  return replaceFile(path, async (fh) => {
    for (const line of lines) await fh.write(`${line}\n`);
  });
}

export function writeAtomic(path: string, text: string): Promise<void> {
  return replaceFile(path, async (fh) => {
    await fh.write(text);
  });
}

async function replaceFile(path: string, write: (fh: FileHandle) => Promise<void>): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await mkdir(dirname(path), { recursive: true }); // `--junit reports/gate.xml` in a fresh checkout
    const fh = await open(tmp, 'w');
    try {
      await write(fh);
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw new SourceError(path, `cannot write: ${(err as Error).message}`);
  }
}

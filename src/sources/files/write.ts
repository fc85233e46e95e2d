// Every file sr-parity writes goes through here: a snapshot streamed a subject per line, and every other document
// (a Kora audit from kora-audit.ts's toKoraAudit, a baseline from normalize/baseline.ts, reports, id maps, plans)
// written whole. Both write a temp file and rename it, so a reader never sees half a file.
import { mkdir, open, rename, writeFile, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SourceError } from '../../errors.js';
import type { Registry, Subject } from '../../model/types.js';
import { SNAPSHOT_FORMAT_VERSION, SUBJECTS_OPEN, type SnapshotFile } from './native.js';

export function toSnapshot(reg: Registry, tool: string): SnapshotFile {
  return { ...snapshotHead(reg, tool), subjects: [...reg.subjects.values()].map(snapshotSubject) };
}

function snapshotHead(reg: Registry, tool: string): Omit<SnapshotFile, 'subjects'> {
  return {
    formatVersion: SNAPSHOT_FORMAT_VERSION,
    tool,
    capturedAt: reg.info.capturedAt ?? new Date().toISOString(),
    source: {
      location: reg.info.location,
      flavor: reg.info.flavor,
      product: reg.info.product,
      ...(reg.info.skipped ? { skipped: reg.info.skipped } : {}),
    },
    global: { config: reg.globalConfig, mode: reg.globalMode },
    contexts: reg.contexts,
    contextSettings: reg.contextSettings,
    ...(reg.apicurio ? { apicurio: reg.apicurio } : {}),
  };
}

function snapshotSubject(s: Subject): SnapshotFile['subjects'][number] {
  return {
    name: s.name,
    deleted: s.deleted,
    config: s.config,
    mode: s.mode,
    versions: s.versions.map(({ subject: _subject, ...v }) => v),
    ...(s.apicurio ? { apicurio: s.apicurio } : {}),
  };
}

/**
 * Writes a snapshot as one JSON document laid out a subject per line (the head on the first line), streamed to a
 * temp file and renamed: a 100,000-version registry is never one string, and readers can stream it back.
 */
export async function writeSnapshot(path: string, reg: Registry, tool: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    const fh = await open(tmp, 'w');
    try {
      await fh.write(`${JSON.stringify(snapshotHead(reg, tool)).slice(0, -1)}${SUBJECTS_OPEN}\n`);
      let left = reg.subjects.size;
      for (const s of reg.subjects.values())
        await fh.write(`${JSON.stringify(snapshotSubject(s))}${--left ? ',' : ''}\n`);
      await fh.write(']}\n');
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw new SourceError(path, `cannot write: ${(err as Error).message}`);
  }
}

/** Written to a temp file then renamed, so a reader never sees half a snapshot. */
export async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await mkdir(dirname(path), { recursive: true }); // `--junit reports/gate.xml` in a fresh checkout
    await writeFile(tmp, text);
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw new SourceError(path, `cannot write: ${(err as Error).message}`);
  }
}

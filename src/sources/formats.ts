// The files sr-parity reads, in one table: how each is recognised (its first bytes, or what a directory holds) and
// which reader takes it. The first format that recognises a file reads it; the last one takes any other file.
import { open } from 'node:fs/promises';
import { SourceError } from '../lib/errors.js';
import type { Registry } from '../model/types.js';
import { readSnapshot } from './files/native.js';
import { readSrctlBackup, srctlBackupDir } from './files/srctl.js';
import { V3_MARKER, karapaceV3Metadata, readKarapaceV3 } from './files/karapace-v3.js';
import { readApicurioExport } from './files/apicurio-zip.js';

interface FileFormat {
  name: string;
  /** A file's first bytes and name, or a directory: what this format reads there (null: not this format). */
  sniff(at: { location: string; head?: Buffer; isDirectory: boolean }): Promise<string | null> | string | null;
  read(location: string): Promise<Registry>;
}

export const FILE_FORMATS: FileFormat[] = [
  {
    name: 'Apicurio export ZIP (2.x or 3.x)',
    sniff: ({ location, head }) =>
      head && (head.subarray(0, 2).toString('latin1') === 'PK' || /\.zip$/i.test(location)) ? location : null,
    read: readApicurioExport,
  },
  {
    name: 'Karapace V3 backup (its data file, or the directory with <topic>.metadata)',
    sniff: ({ location, head, isDirectory }) =>
      isDirectory ? karapaceV3Metadata(location) : head?.equals(V3_MARKER) ? location : null,
    read: readKarapaceV3,
  },
  {
    name: 'srctl backup directory (manifest.json and subjects/)',
    sniff: ({ location, isDirectory }) => (isDirectory ? srctlBackupDir(location) : null),
    read: readSrctlBackup,
  },
  {
    // Told apart by their content as they stream: a snapshot, a Kora audit, Karapace V1 (JSON) and V2 (/V2 lines).
    name: 'sr-parity snapshot, Kora audit, Karapace V1 or V2 backup',
    sniff: ({ location, isDirectory }) => (isDirectory ? null : location),
    read: readSnapshot,
  },
];

export async function readFileSource(location: string, isDirectory: boolean): Promise<Registry> {
  const head = isDirectory ? undefined : await firstBytes(location, 4);
  for (const format of FILE_FORMATS) {
    const at = await format.sniff({ location, head, isDirectory });
    if (at) return format.read(at);
  }
  throw new SourceError(
    location,
    'is a directory, but neither an srctl backup (manifest.json and subjects/) nor a Karapace V3 backup ' +
      '(<topic>.metadata); expected a snapshot file',
  );
}

async function firstBytes(file: string, n: number): Promise<Buffer> {
  const fh = await open(file, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new SourceError(file, `cannot read (${err.code ?? err.message})`);
  });
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

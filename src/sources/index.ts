// Where registry state comes from: a URL (REST) or a file (snapshot). Everything downstream sees a Registry.
import { stat } from 'node:fs/promises';
import { HttpClient, type HttpOptions } from './rest/http.js';
import { loadConfluent, type LoadProgress } from './rest/confluent.js';
import { readSnapshot } from './snapshot/native.js';
import { readSrctlBackup, srctlBackupDir } from './snapshot/srctl.js';
import { karapaceV3Metadata, readKarapaceV3, startsWithV3Marker } from './snapshot/karapace-v3.js';
import { filterRegistry, type SubjectFilter } from '../model/filter.js';
import type { Registry } from '../model/types.js';
import { SourceError } from '../errors.js';

export type SourceSpec = Omit<HttpOptions, 'url'> & { location: string };

export function isUrl(location: string): boolean {
  return /^https?:\/\//i.test(location);
}

export async function loadSource(
  spec: SourceSpec,
  filter: SubjectFilter = {},
  onProgress?: (p: LoadProgress) => void,
): Promise<Registry> {
  if (isUrl(spec.location)) {
    const http = new HttpClient({ ...spec, url: spec.location });
    try {
      const reg = await loadConfluent(http, { filter, onProgress });
      reg.info.requests = http.requests;
      return reg;
    } finally {
      await http.close();
    }
  }
  const st = await stat(spec.location).catch(() => null);
  if (!st) throw new SourceError(spec.location, 'no such file (and not an http:// or https:// URL)');
  return filterRegistry(await readFileSource(spec.location, st.isDirectory()), filter);
}

/** A file or folder: an sr-parity snapshot, an audit or a Karapace V1/V2 backup, a Karapace V3 backup, an srctl backup. */
async function readFileSource(location: string, isDirectory: boolean): Promise<Registry> {
  if (!isDirectory) return (await startsWithV3Marker(location)) ? readKarapaceV3(location) : readSnapshot(location);
  const srctl = await srctlBackupDir(location);
  if (srctl) return readSrctlBackup(srctl);
  const v3 = await karapaceV3Metadata(location);
  if (v3) return readKarapaceV3(v3);
  throw new SourceError(location, 'is a directory, but neither an srctl backup (manifest.json and subjects/) nor a Karapace V3 backup (<topic>.metadata); expected a snapshot file');
}

// Where registry state comes from: a URL (REST) or a file (snapshot). Everything downstream sees a Registry.
import { stat } from 'node:fs/promises';
import { HttpClient, type HttpOptions } from './rest/http.js';
import { loadConfluent, type LoadProgress } from './rest/confluent.js';
import { readSnapshot } from './snapshot/native.js';
import { readSrctlBackup, srctlBackupDir } from './snapshot/srctl.js';
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
  if (st.isDirectory()) {
    const backup = await srctlBackupDir(spec.location);
    if (!backup) throw new SourceError(spec.location, 'is a directory, but not an srctl backup (no manifest.json and subjects/); expected a snapshot file');
    return filterRegistry(await readSrctlBackup(backup), filter);
  }
  return filterRegistry(await readSnapshot(spec.location), filter);
}

// A baseline: what a registry held before a migration, as counts and one content hash per version (semantic form
// plus reference closure), small enough to keep beside a change ticket. Captured by `sr-parity baseline capture`.
import { SourceError } from '../lib/errors.js';
import type { Config, RegistrySummary } from './types.js';

export const BASELINE_HASH = 'sr-parity-semantic-closure-v3';

/**
 * The hashes a baseline may hold, by the forms they were made with: v1 (before 2026-12-05) did not see the order of
 * Protobuf messages, v2 (before 2026-12-06) read Protobuf option values as protobufjs does; such a baseline is still
 * checked, with the forms of its time.
 */
const BASELINE_FORMS: Record<string, 1 | 2 | 3> = {
  'sr-parity-semantic-closure-v1': 1,
  'sr-parity-semantic-closure-v2': 2,
  [BASELINE_HASH]: 3,
};

/** The forms a parsed baseline's hashes were made with. */
export function baselineForms(b: BaselineFile): 1 | 2 | 3 {
  return BASELINE_FORMS[b.hashAlgorithm] ?? 3;
}

export interface BaselineVersion {
  version: number;
  id: number;
  schemaType: string;
  deleted: boolean;
  hash: string;
  /** Apicurio sources: the version string, contentId and state (the id is the globalId). */
  apicurio?: { version: string; contentId: number; state: string };
}

export interface BaselineFile {
  formatVersion: 1;
  kind: 'sr-parity-baseline';
  hashAlgorithm: string;
  tool: string;
  capturedAt: string;
  source: string;
  summary: RegistrySummary;
  global: { config: Config | null; mode: string | null };
  subjects: Record<
    string,
    { deleted: boolean; config: Config | null; mode: string | null; versions: BaselineVersion[] }
  >;
  /** Apicurio sources: which API and server, and the groups. */
  apicurio?: { api: string; systemVersion: string; groups: string[] };
}

export function parseBaseline(doc: unknown, file: string): BaselineFile {
  const b = doc as BaselineFile;
  if (!b || b.kind !== 'sr-parity-baseline')
    throw new SourceError(file, 'not an sr-parity baseline (kind is not "sr-parity-baseline")');
  if (b.formatVersion !== 1)
    throw new SourceError(
      file,
      `formatVersion ${JSON.stringify(b.formatVersion)} is not supported (this tool reads 1)`,
    );
  if (!Object.hasOwn(BASELINE_FORMS, String(b.hashAlgorithm)))
    throw new SourceError(
      file,
      `hashes were made with ${b.hashAlgorithm}; this tool makes ${BASELINE_HASH}: capture the baseline again`,
    );
  if (!b.subjects || typeof b.subjects !== 'object' || !b.summary)
    throw new SourceError(file, 'subjects or summary missing');
  // Types checked here, at the edge, so a check never meets a field it cannot read.
  for (const [name, s] of Object.entries(b.subjects)) {
    const at = `subjects[${JSON.stringify(name)}]`;
    if (!s || !Array.isArray(s.versions)) throw new SourceError(file, `${at}.versions: expected an array`);
    s.versions.forEach((v, i) => {
      const ok = v && Number.isSafeInteger(v.version) && Number.isSafeInteger(v.id) && typeof v.hash === 'string';
      if (!ok) throw new SourceError(file, `${at}.versions[${i}]: expected version, id (whole numbers) and hash`);
    });
  }
  return b;
}

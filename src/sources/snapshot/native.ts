// sr-parity's own snapshot: one JSON document, `formatVersion` 1. Documented in README ("Snapshot format").
import { readFile, rename, writeFile, unlink } from 'node:fs/promises';
import { SourceError } from '../../errors.js';
import { contextOf, normalizeConfig, type Registry, type SchemaVersion, type Subject } from '../../model/types.js';

export const SNAPSHOT_FORMAT_VERSION = 1;

export interface SnapshotFile {
  formatVersion: number;
  tool: string;
  capturedAt: string;
  source: { location: string; flavor?: string };
  global: { config: Record<string, unknown> | null; mode: string | null };
  contexts: string[];
  contextSettings?: Record<string, { config: Record<string, unknown> | null; mode: string | null }>;
  subjects: {
    name: string;
    deleted: boolean;
    config: Record<string, unknown> | null;
    mode: string | null;
    versions: Omit<SchemaVersion, 'subject'>[];
  }[];
}

export function toSnapshot(reg: Registry, tool: string): SnapshotFile {
  return {
    formatVersion: SNAPSHOT_FORMAT_VERSION,
    tool,
    capturedAt: reg.info.capturedAt ?? new Date().toISOString(),
    source: { location: reg.info.location, flavor: reg.info.flavor },
    global: { config: reg.globalConfig, mode: reg.globalMode },
    contexts: reg.contexts,
    contextSettings: reg.contextSettings,
    subjects: [...reg.subjects.values()].map((s) => ({
      name: s.name,
      deleted: s.deleted,
      config: s.config,
      mode: s.mode,
      versions: s.versions.map(({ subject: _subject, ...v }) => v),
    })),
  };
}

/** Written to a temp file then renamed, so a reader never sees half a snapshot. */
export async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, text);
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw new SourceError(path, `cannot write: ${(err as Error).message}`);
  }
}

export function looksLikeNativeSnapshot(doc: unknown): boolean {
  return !!doc && typeof doc === 'object' && 'formatVersion' in doc && 'subjects' in doc;
}

export function fromSnapshot(doc: unknown, file: string): Registry {
  const fail = (where: string, what: string): never => {
    throw new SourceError(file, `${where}: ${what}`);
  };
  if (!looksLikeNativeSnapshot(doc)) fail('top level', 'not an sr-parity snapshot (no formatVersion/subjects)');
  const snap = doc as SnapshotFile;
  if (snap.formatVersion !== SNAPSHOT_FORMAT_VERSION) {
    fail('formatVersion', `${JSON.stringify(snap.formatVersion)} is not supported (this tool reads ${SNAPSHOT_FORMAT_VERSION})`);
  }
  if (!Array.isArray(snap.subjects)) fail('subjects', 'expected an array');
  const subjects = new Map<string, Subject>();
  snap.subjects.forEach((s, i) => {
    const at = `subjects[${i}]`;
    if (typeof s?.name !== 'string') fail(`${at}.name`, 'expected a string');
    if (!Array.isArray(s.versions)) fail(`${at}.versions`, 'expected an array');
    const versions = s.versions.map((v, j): SchemaVersion => {
      const vat = `${at}.versions[${j}]`;
      if (typeof v?.version !== 'number') fail(`${vat}.version`, 'expected a number');
      if (typeof v.id !== 'number') fail(`${vat}.id`, 'expected a number');
      if (typeof v.schema !== 'string') fail(`${vat}.schema`, 'expected a string');
      const out: SchemaVersion = {
        subject: s.name,
        version: v.version,
        id: v.id,
        schemaType: v.schemaType || 'AVRO',
        schema: v.schema,
        references: Array.isArray(v.references) ? v.references : [],
        deleted: !!v.deleted,
      };
      if (v.metadata != null) out.metadata = v.metadata;
      if (v.ruleSet != null) out.ruleSet = v.ruleSet;
      return out;
    });
    versions.sort((a, b) => a.version - b.version);
    subjects.set(s.name, {
      name: s.name,
      context: contextOf(s.name),
      deleted: s.deleted ?? versions.every((v) => v.deleted),
      versions,
      config: normalizeConfig(s.config),
      mode: s.mode ?? null,
    });
  });
  return {
    info: { kind: 'snapshot', location: file, flavor: snap.source?.flavor, capturedAt: snap.capturedAt },
    globalConfig: normalizeConfig(snap.global?.config),
    globalMode: snap.global?.mode ?? null,
    contexts: Array.isArray(snap.contexts) && snap.contexts.length ? snap.contexts : ['.'],
    contextSettings: Object.fromEntries(
      Object.entries(snap.contextSettings ?? {}).map(([c, v]) => [c, { config: normalizeConfig(v?.config), mode: v?.mode ?? null }]),
    ),
    subjects,
  };
}

export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SourceError(file, code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (err as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new SourceError(file, `not valid JSON (${(err as Error).message})${text.length === 0 ? ' (empty file)' : ''}`);
  }
}

// An `srctl backup` directory read as a source: manifest.json, global-config.json, global-mode.json,
// subjects/<url-escaped subject>.json and, with --by-id, id-mappings.json. srctl reads each version without
// ?deleted=true, so soft-deleted versions are not in it (a subject whose versions are all soft-deleted is there,
// empty).
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SourceError, failIn } from '../../lib/errors.js';
import {
  DEFAULT_CONTEXT,
  contextOf,
  contextsOf,
  normalizeConfig,
  qualifyIn,
  type Registry,
  type SchemaVersion,
  type Subject,
} from '../../model/types.js';
import { readJsonFile } from './native.js';
import { Fields } from '../fields.js';

interface SrctlSubject {
  subject: string;
  compatibility?: string;
  mode?: string;
  versions:
    | {
        version: number;
        schemaId: number;
        schemaType?: string;
        schema: string;
        references?: SchemaVersion['references'] | null;
        metadata?: unknown;
        ruleSet?: unknown;
      }[]
    | null;
}

interface SrctlManifest {
  version?: string;
  createdAt?: string;
  registryUrl?: string;
  context?: string;
  statistics?: { subjects?: number; schemas?: number };
}

export const SRCTL_NOTE =
  'srctl backups hold no soft-deleted versions: against a registry that has some, compare with --deleted ignore';

/** The backup directory itself, or the folder srctl was given (holding one `sr-backup-<time>` directory). */
export async function srctlBackupDir(dir: string): Promise<string | null> {
  if (existsSync(join(dir, 'manifest.json')) && existsSync(join(dir, 'subjects'))) return dir;
  const inner = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.startsWith('sr-backup-')).sort();
  if (inner.length > 1)
    throw new SourceError(dir, `holds ${inner.length} srctl backups (${inner.join(', ')}); name one`);
  return inner.length === 1 && existsSync(join(dir, inner[0]!, 'manifest.json')) ? join(dir, inner[0]!) : null;
}

export async function readSrctlBackup(dir: string): Promise<Registry> {
  const manifest = (await readJsonFile(join(dir, 'manifest.json'))) as SrctlManifest;
  const optional = async (name: string) => {
    const file = join(dir, name);
    return existsSync(file) ? new Fields(failIn(file)).optionalObject(await readJsonFile(file), 'top level') : null;
  };
  const [globalConfig, globalMode] = await Promise.all([optional('global-config.json'), optional('global-mode.json')]);
  const folder = join(dir, 'subjects');
  const entries = await readdir(folder).catch((err: NodeJS.ErrnoException) => {
    throw new SourceError(
      folder,
      err.code === 'ENOTDIR' ? 'expected a folder of subject files' : `cannot read (${err.code ?? err.message})`,
    );
  });
  const files = entries.filter((n) => n.endsWith('.json')).sort();
  const expected = manifest?.statistics?.subjects;
  if (typeof expected === 'number' && expected !== files.length) {
    throw new SourceError(
      dir,
      `manifest.json counts ${expected} subjects but subjects/ holds ${files.length} files (an incomplete backup?)`,
    );
  }
  const subjects = new Map<string, Subject>();
  const ctx = manifest?.context || DEFAULT_CONTEXT; // a backup of one context (--context) names its subjects bare
  for (const name of files) {
    const file = join(dir, 'subjects', name);
    const s = subjectOf(
      (await readJsonFile(file)) as SrctlSubject,
      file,
      decodeURIComponent(name.slice(0, -'.json'.length)),
      ctx,
    );
    subjects.set(s.name, s);
  }
  await checkIdMappings(dir, subjects, ctx);
  const contexts = contextsOf(subjects.values());
  return {
    info: {
      kind: 'snapshot',
      location: dir,
      flavor: 'srctl-backup',
      capturedAt: manifest?.createdAt,
      notes: [SRCTL_NOTE],
    },
    globalConfig: normalizeConfig(globalConfig),
    globalMode: new Fields(failIn(join(dir, 'global-mode.json'))).optionalString(globalMode?.mode, 'mode'),
    contexts,
    contextSettings: {},
    subjects: new Map([...subjects].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}

function subjectOf(raw: SrctlSubject, file: string, fromName: string, ctx: string): Subject {
  const fail = failIn(file);
  const f = new Fields(fail);
  f.object(raw, 'top level');
  const name = qualifyIn(ctx, raw.subject === undefined ? fromName : f.string(raw.subject, 'subject'));
  const versions = f.optionalArray(raw.versions, 'versions').map((raw, j): SchemaVersion => {
    const at = `versions[${j}]`;
    const v = f.object(raw, at);
    const out = f.version(v, at, name, {
      names: { id: 'schemaId' },
      deleted: false,
      qualify: (s) => qualifyIn(ctx, s),
    });
    return out;
  });
  f.inOrder(versions, 'versions');
  return {
    name,
    context: contextOf(name),
    deleted: versions.length === 0, // listed (srctl asks for deleted subjects too) but no version readable
    versions,
    config: raw.compatibility ? { compatibility: f.string(raw.compatibility, 'compatibility') } : null,
    mode: f.optionalString(raw.mode, 'mode') || null,
  };
}

/** id-mappings.json (written with --by-id) must agree with the subject files it was written with. */
async function checkIdMappings(dir: string, subjects: Map<string, Subject>, ctx: string): Promise<void> {
  const file = join(dir, 'id-mappings.json');
  if (!existsSync(file) || !(await stat(file)).isFile()) return;
  const rows = (await readJsonFile(file)) as { schemaId?: number; subject?: string; version?: number }[];
  if (!Array.isArray(rows)) throw new SourceError(file, 'expected an array of {schemaId, subject, version}');
  rows.forEach((m, i) => {
    const v = subjects.get(qualifyIn(ctx, String(m?.subject)))?.versions.find((x) => x.version === m.version);
    if (!v) throw new SourceError(file, `[${i}]: ${m?.subject} v${m?.version} is in no subject file`);
    if (v.id !== m.schemaId)
      throw new SourceError(
        file,
        `[${i}]: ${m.subject} v${m.version} is id ${m.schemaId} here but id ${v.id} in its subject file`,
      );
  });
}

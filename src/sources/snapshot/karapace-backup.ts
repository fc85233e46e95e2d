// Karapace backups of the `_schemas` topic, replayed record by record into the state Karapace itself would hold:
// V1 is one JSON array of [key, value] strings; V2 is a `/V2` line, then `HEXKEY<TAB>HEXVALUE` per record (base16,
// `null` for a tombstone). Keys: {keytype: SCHEMA|CONFIG|DELETE_SUBJECT|MODE|NOOP, subject, version}.
import { SourceError } from '../../errors.js';
import { normalizeConfig, type Config, type Registry, type SchemaVersion, type Subject } from '../../model/types.js';
import { intern } from '../../model/intern.js';
import { Fields } from '../fields.js';
import { isUtf8 } from 'node:buffer';

interface Key {
  keytype?: string;
  subject?: string | null;
  version?: number;
}

interface SchemaValue {
  subject?: string;
  version?: number;
  id?: number;
  schema?: string;
  schemaType?: string;
  references?: SchemaVersion['references'] | null;
  deleted?: boolean;
}

/** Applies `_schemas` records in order; `where(i)` names a record in errors (line N, or [N] in a V1 array). */
export class KarapaceReplay {
  private readonly versions = new Map<string, Map<number, SchemaVersion>>();
  private readonly configs = new Map<string, Config>();
  private readonly modes = new Map<string, string>();
  private globalConfig: Config | null = null;
  private globalMode: string | null = null;

  constructor(private readonly file: string) {}

  apply(keyText: string, valueText: string | null, where: string): void {
    const key = this.json<Key>(keyText, `${where}: key`);
    const value = valueText === null ? null : this.json<Record<string, unknown> | null>(valueText, `${where}: value`);
    const subject = typeof key.subject === 'string' ? key.subject : null;
    switch (key.keytype) {
      case 'SCHEMA':
        return this.schema(key, value as SchemaValue | null, where);
      case 'CONFIG': {
        const config = value ? normalizeConfig(value) : null;
        if (subject === null) this.globalConfig = config;
        else if (config) this.configs.set(subject, config);
        else this.configs.delete(subject);
        return;
      }
      case 'MODE': {
        const mode = typeof value?.mode === 'string' ? value.mode : null;
        if (subject === null) this.globalMode = mode;
        else if (mode) this.modes.set(subject, mode);
        else this.modes.delete(subject);
        return;
      }
      case 'DELETE_SUBJECT': {
        // Soft-deletes every version up to the one named (Karapace writes the subject's latest).
        const upTo = typeof value?.version === 'number' ? value.version : Infinity;
        for (const v of this.versions.get(String(value?.subject ?? subject))?.values() ?? [])
          if (v.version <= upTo) v.deleted = true;
        return;
      }
      case 'NOOP':
        return;
      default:
        throw new SourceError(this.file, `${where}: unknown keytype ${JSON.stringify(key.keytype)}`);
    }
  }

  private schema(key: Key, value: SchemaValue | null, where: string): void {
    const subject = key.subject ?? value?.subject;
    const version = key.version ?? value?.version;
    if (typeof subject !== 'string' || typeof version !== 'number')
      throw new SourceError(this.file, `${where}: SCHEMA record without subject and version`);
    const f = new Fields((at, what) => {
      throw new SourceError(this.file, `${where}: ${at}: ${what}`);
    });
    f.wholeNumber(version, 'version');
    const byVersion = this.versions.get(subject) ?? new Map<number, SchemaVersion>();
    this.versions.set(subject, byVersion);
    if (value === null) {
      byVersion.delete(version); // tombstone: a hard delete
      return;
    }
    byVersion.set(version, {
      subject,
      version,
      id: f.wholeNumber(value.id, 'value.id'),
      schemaType: f.optionalString(value.schemaType, 'value.schemaType') || 'AVRO',
      schema: intern(f.string(value.schema, 'value.schema')),
      references: f.references(value.references, 'value.references'),
      deleted: f.flag(value.deleted, 'value.deleted'),
    });
  }

  registry(capturedAt?: string): Registry {
    const subjects = new Map<string, Subject>();
    for (const name of [...this.versions.keys()].sort()) {
      const versions = [...this.versions.get(name)!.values()].sort((a, b) => a.version - b.version);
      if (!versions.length) continue; // every version hard-deleted: gone, as in Karapace
      subjects.set(name, {
        name,
        context: '.',
        deleted: versions.every((v) => v.deleted),
        versions,
        config: this.configs.get(name) ?? null,
        mode: this.modes.get(name) ?? null,
      });
    }
    return {
      info: { kind: 'snapshot', location: this.file, flavor: 'karapace-backup', capturedAt },
      globalConfig: this.globalConfig,
      globalMode: this.globalMode,
      contexts: ['.'],
      contextSettings: {},
      subjects,
    };
  }

  private json<T>(text: string, where: string): T {
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new SourceError(this.file, `${where} is not JSON`);
    }
  }
}

/** A non-empty JSON array of arrays: each record is then checked to be [key, value] strings. */
export function looksLikeKarapaceV1(doc: unknown): boolean {
  return Array.isArray(doc) && doc.length > 0 && Array.isArray(doc[0]);
}

export function fromKarapaceV1(doc: unknown, file: string): Registry {
  const replay = new KarapaceReplay(file);
  (doc as unknown[]).forEach((r, i) => {
    const where = `[${i}]`;
    if (!Array.isArray(r) || r.length !== 2) throw new SourceError(file, `${where}: expected [key, value]`);
    const [k, v] = r as unknown[];
    if (k === null) throw new SourceError(file, `${where}: a record without a key`);
    if (typeof k !== 'string' || (v !== null && typeof v !== 'string'))
      throw new SourceError(file, `${where}: expected [key, value] strings`);
    replay.apply(k, v, where);
  });
  return replay.registry();
}

/** One V2 line after the `/V2` marker: base16 key and value separated by a tab, `null` for a tombstone. */
export function applyV2Line(replay: KarapaceReplay, line: string, n: number, file: string): void {
  const where = `line ${n}`;
  const tab = line.indexOf('\t');
  if (tab < 0) throw new SourceError(file, `${where}: expected "KEY<TAB>VALUE" (base16), the line is cut short`);
  const decode = (hex: string, what: string) => {
    const h = hex.trim();
    if (h === 'null') return null;
    if (!/^(?:[0-9A-Fa-f]{2})*$/.test(h)) throw new SourceError(file, `${where}: ${what} is not base16 (hex)`);
    const bytes = Buffer.from(h, 'hex');
    if (!isUtf8(bytes)) throw new SourceError(file, `${where}: ${what} is not valid UTF-8`);
    return bytes.toString('utf8');
  };
  const key = decode(line.slice(0, tab), 'key');
  if (key === null) throw new SourceError(file, `${where}: a record without a key`);
  replay.apply(key, decode(line.slice(tab + 1), 'value'), where);
}

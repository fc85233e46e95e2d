// Karapace backups of the `_schemas` topic, replayed record by record into the state Karapace itself would hold:
// V1 is one JSON array of [key, value] strings; V2 is a `/V2` line, then `HEXKEY<TAB>HEXVALUE` per record (base16,
// `null` or nothing for a tombstone). Keys: {keytype: SCHEMA|CONFIG|DELETE_SUBJECT|MODE|NOOP, subject, version}.
// The replay follows Karapace's own schema reader (karapace/core/schema_reader.py): an empty value is a tombstone, a
// CONFIG record creates its subject (a subject with a config and no versions, listed among the deleted ones), and
// hard-deleting a subject's last version removes the subject with its config.
import { SourceError } from '../../errors.js';
import { normalizeConfig, type Config, type Registry, type SchemaVersion, type Subject } from '../../model/types.js';
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

interface SubjectState {
  versions: Map<number, SchemaVersion>;
  config: Config | null;
  mode: string | null;
}

/** Applies `_schemas` records in order; `where(i)` names a record in errors (line N, or [N] in a V1 array). */
export class KarapaceReplay {
  private readonly subjects = new Map<string, SubjectState>();
  private globalConfig: Config | null = null;
  private globalMode: string | null = null;

  constructor(private readonly file: string) {}

  apply(keyText: string, valueText: string | null, where: string): void {
    const key = this.json<Key>(keyText, `${where}: key`);
    const value = valueText ? this.json<Record<string, unknown> | null>(valueText, `${where}: value`) : null;
    const subject = typeof key.subject === 'string' ? key.subject : null;
    switch (key.keytype) {
      case 'SCHEMA':
        return this.schema(key, value as SchemaValue | null, where);
      case 'CONFIG': {
        const config = value ? normalizeConfig(value) : null;
        if (subject === null) this.globalConfig = config ?? this.globalConfig;
        else this.subject(subject).config = config;
        return;
      }
      case 'MODE': {
        const mode = typeof value?.mode === 'string' ? value.mode : null;
        if (subject === null) this.globalMode = mode;
        else this.subject(subject).mode = mode;
        return;
      }
      case 'DELETE_SUBJECT': {
        // Soft-deletes every version up to the one named (Karapace writes the subject's latest).
        const upTo = typeof value?.version === 'number' ? value.version : Infinity;
        for (const v of this.subjects.get(String(value?.subject ?? subject))?.versions.values() ?? [])
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
    if (value === null) {
      // A tombstone: a hard delete; the subject goes with its last version, config included.
      const state = this.subjects.get(subject);
      if (state?.versions.delete(version) && !state.versions.size) this.subjects.delete(subject);
      return;
    }
    const byVersion = this.subject(subject).versions;
    byVersion.set(version, f.version(f.object(value, 'value'), 'value', subject, { version }));
  }

  registry(capturedAt?: string): Registry {
    const subjects = new Map<string, Subject>();
    for (const [name, state] of [...this.subjects].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const versions = [...state.versions.values()].sort((a, b) => a.version - b.version);
      const deleted = versions.every((v) => v.deleted); // a subject without versions is listed among the deleted
      subjects.set(name, { name, context: '.', deleted, versions, config: state.config, mode: state.mode });
    }
    return {
      info: { kind: 'snapshot', location: this.file, flavor: 'karapace-backup', product: 'karapace', capturedAt },
      globalConfig: this.globalConfig,
      globalMode: this.globalMode,
      contexts: ['.'],
      contextSettings: {},
      subjects,
    };
  }

  private subject(name: string): SubjectState {
    let state = this.subjects.get(name);
    if (!state) this.subjects.set(name, (state = { versions: new Map(), config: null, mode: null }));
    return state;
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

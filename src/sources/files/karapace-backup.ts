// Karapace backups of the `_schemas` topic, replayed record by record into the state Karapace itself would hold:
// V1 is one JSON array of [key, value] (each a JSON text or, as Karapace's V1 writer left them, a JSON object); V2 is
// a `/V2` line, then `HEXKEY<TAB>HEXVALUE` per record (base16, `null` for none). Keys: {keytype, subject, version}.
// The replay follows Karapace's own schema reader (karapace/core/schema_reader.py, 5.2.0 and 6.2.0): a record it
// discards (a key that is not a JSON object, an unknown keytype, a SCHEMA value without its id...) is discarded here
// too, and kept in `info.skipped` so that a report says so; an empty value is a tombstone; a CONFIG record creates
// its subject; hard-deleting a subject's last version removes the subject with its config. What the file cannot be
// read as at all (a cut-short line, bad hex) is refused, as Karapace's restore refuses it.
import { SourceError } from '../../lib/errors.js';
import type { Config, Reference, Registry, SchemaVersion, SkippedRecord, Subject } from '../../model/types.js';
import { Fields } from '../fields.js';
import { isUtf8 } from 'node:buffer';

interface SubjectState {
  versions: Map<number, SchemaVersion>;
  config: Config | null;
}

/** Karapace's default compatibility (`compatibility` in its config): what it serves without a global CONFIG record. */
export const KARAPACE_DEFAULT_COMPATIBILITY = 'BACKWARD';
const SCHEMA_TYPES = new Set(['AVRO', 'JSON', 'PROTOBUF']);

/** Why Karapace's reader discards a record: thrown inside the replay, caught once per record. */
class Discarded extends Error {}
const discard = (why: string): never => {
  throw new Discarded(why);
};

/** Applies `_schemas` records in order; `where` names a record (line N, [N] in a V1 array, a V3 record). */
export class KarapaceReplay {
  private readonly subjects = new Map<string, SubjectState>();
  private globalConfig: Config | null = null;
  private readonly skipped: SkippedRecord[] = [];
  private droppedFields = 0;

  constructor(private readonly file: string) {}

  /** One record: key and value as text, null where the record has none (a tombstone, a record without a key). */
  apply(keyText: string | null, valueText: string | null, where: string): void {
    // An empty record is a placeholder Karapace passes over without a word.
    if (!keyText && !valueText) return;
    try {
      const key = keyText ? jsonObject(keyText, 'key') : discard('a record without a key');
      // An empty or `null` value is no value: a tombstone.
      const value = valueText ? jsonObject(valueText, 'value', true) : null;
      this.record(key, value);
    } catch (err) {
      if (!(err instanceof Discarded)) throw err;
      this.skipped.push({ at: where, why: err.message });
    }
  }

  private record(key: Record<string, unknown>, value: Record<string, unknown> | null): void {
    switch (key.keytype) {
      case 'SCHEMA':
        return value ? this.schema(value) : this.hardDelete(key);
      case 'CONFIG':
        return this.config(key, value);
      case 'DELETE_SUBJECT':
        return this.deleteSubject(value);
      case 'NOOP':
        return;
      case undefined:
        return discard('the key has no keytype');
      default:
        // MODE among them: Karapace keeps no modes, so a MODE record (Confluent writes them) changes nothing there.
        return discard(`keytype ${JSON.stringify(key.keytype)} is not one Karapace reads`);
    }
  }

  private schema(value: Record<string, unknown>): void {
    // Karapace takes subject, version and id from the value (the key only names a tombstone's version).
    const subject = value.subject;
    const version = value.version;
    const id = value.id;
    const schemaType = String(value.schemaType ?? 'AVRO');
    if (typeof value.schema !== 'string') discard('a SCHEMA value without its schema text');
    if (typeof subject !== 'string') discard('a SCHEMA value without its subject');
    if (!isWhole(version) || version < 1) discard('a SCHEMA value without a valid version');
    if (!isWhole(id)) discard('a SCHEMA value without its id');
    if (!SCHEMA_TYPES.has(schemaType))
      discard(`schemaType ${JSON.stringify(schemaType)} is not AVRO, JSON or PROTOBUF`);
    if (schemaType !== 'PROTOBUF' && !isJson(value.schema as string)) discard(`the ${schemaType} schema is not JSON`);
    const f = new Fields((_at, what) => discard(`references: ${what}`));
    const references: Reference[] = f.references(value.references, 'references');
    if (value.deleted !== undefined && typeof value.deleted !== 'boolean') discard('deleted is not true or false');
    if (value.metadata != null || value.ruleSet != null) this.droppedFields++;
    const v: SchemaVersion = {
      subject: subject as string,
      version: version as number,
      id: id as number,
      schemaType,
      schema: value.schema as string,
      references,
      deleted: value.deleted === true,
    };
    this.subject(v.subject).versions.set(v.version, v);
  }

  /** A tombstone: the version named by the key is gone; the subject goes with its last version, config included. */
  private hardDelete(key: Record<string, unknown>): void {
    if (typeof key.subject !== 'string' || !isWhole(key.version))
      discard('a SCHEMA tombstone without subject and version');
    const state = this.subjects.get(key.subject as string);
    if (state?.versions.delete(key.version as number) && !state.versions.size)
      this.subjects.delete(key.subject as string);
  }

  private config(key: Record<string, unknown>, value: Record<string, unknown> | null): void {
    if (key.subject != null && typeof key.subject !== 'string') discard('a CONFIG key whose subject is not a string');
    // Karapace creates a subject on its CONFIG record before it reads the value, and keeps only its compatibility.
    const state = typeof key.subject === 'string' ? this.subject(key.subject) : null;
    const hasValue = value !== null && Object.keys(value).length > 0;
    if (hasValue && typeof value.compatibilityLevel !== 'string') discard('a CONFIG value without compatibilityLevel');
    const config = hasValue ? { compatibility: value.compatibilityLevel as string } : null;
    if (state) state.config = config;
    else this.globalConfig = config ?? this.globalConfig;
  }

  /** Soft-deletes every version up to the one named (Karapace writes the subject's latest). */
  private deleteSubject(value: Record<string, unknown> | null): void {
    if (!value) discard('a DELETE_SUBJECT record without a value');
    const { subject, version } = value!;
    if (typeof subject !== 'string' || !isWhole(version)) discard('a DELETE_SUBJECT value without subject and version');
    for (const v of this.subjects.get(subject as string)?.versions.values() ?? [])
      if (v.version <= (version as number)) v.deleted = true;
  }

  registry(capturedAt?: string): Registry {
    const subjects = new Map<string, Subject>();
    for (const [name, state] of [...this.subjects].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const versions = [...state.versions.values()].sort((a, b) => a.version - b.version);
      const deleted = versions.every((v) => v.deleted); // a subject without versions is listed among the deleted
      subjects.set(name, { name, context: '.', deleted, versions, config: state.config, mode: null });
    }
    const notes: string[] = [];
    if (!this.globalConfig)
      notes.push(
        `the backup holds no global CONFIG record: Karapace serves its default, ${KARAPACE_DEFAULT_COMPATIBILITY}`,
      );
    if (this.skipped.length) {
      const first = this.skipped.slice(0, 3).map(({ at, why }) => `${at} (${why})`);
      notes.push(
        `${this.skipped.length} record(s) skipped, as Karapace's schema reader skips them: ${first.join(', ')}` +
          `${this.skipped.length > 3 ? ', …' : ''}; compare names each (source-record-skipped), as does the ` +
          'sources-complete check of a spec',
      );
    }
    if (this.droppedFields)
      notes.push(`${this.droppedFields} SCHEMA record(s) carry metadata or a ruleSet, which Karapace does not keep`);
    return {
      info: {
        kind: 'snapshot',
        location: this.file,
        flavor: 'karapace-backup',
        product: 'karapace',
        capturedAt,
        ...(notes.length ? { notes } : {}),
        ...(this.skipped.length ? { skipped: this.skipped } : {}),
      },
      globalConfig: this.globalConfig ?? { compatibility: KARAPACE_DEFAULT_COMPATIBILITY },
      globalMode: null,
      contexts: ['.'],
      contextSettings: {},
      subjects,
    };
  }

  private subject(name: string): SubjectState {
    let state = this.subjects.get(name);
    if (!state) this.subjects.set(name, (state = { versions: new Map(), config: null }));
    return state;
  }
}

function isWhole(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A key must be a JSON object; a value an object, or `null` / `""` (none, read as a tombstone). */
function jsonObject(text: string, what: 'key', orNone?: false): Record<string, unknown>;
function jsonObject(text: string, what: 'value', orNone: true): Record<string, unknown> | null;
function jsonObject(text: string, what: string, orNone = false): Record<string, unknown> | null {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return discard(`the ${what} is not JSON`);
  }
  if (doc && typeof doc === 'object' && !Array.isArray(doc)) return doc as Record<string, unknown>;
  if (orNone && (doc === null || doc === '')) return null;
  return discard(`the ${what} is not a JSON object`);
}

/** A non-empty JSON array of arrays: each record is then checked to be a [key, value] pair. */
export function looksLikeKarapaceV1(doc: unknown): boolean {
  return Array.isArray(doc) && doc.length > 0 && Array.isArray(doc[0]);
}

/**
 * V1: Karapace's restore (backup/encoders.py) sends a string as its bytes, `"null"` as no bytes, and anything else
 * (an object, JSON null) as its JSON text.
 */
export function fromKarapaceV1(doc: unknown, file: string): Registry {
  const replay = new KarapaceReplay(file);
  const asText = (v: unknown): string | null => (v === 'null' ? null : typeof v === 'string' ? v : JSON.stringify(v));
  (doc as unknown[]).forEach((r, i) => {
    if (!Array.isArray(r) || r.length !== 2) throw new SourceError(file, `[${i}]: expected [key, value]`);
    replay.apply(asText(r[0]), asText(r[1]), `[${i}]`);
  });
  return replay.registry();
}

/** One V2 line after the `/V2` marker: base16 key and value separated by a tab, `null` for none. */
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
  replay.apply(decode(line.slice(0, tab), 'key'), decode(line.slice(tab + 1), 'value'), where);
}

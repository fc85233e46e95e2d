// sr-parity's own snapshot: one JSON document, `formatVersion` 1. Documented in docs/formats.md.
import { readFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { SourceError, failIn } from '../../lib/errors.js';
import { Fields, type Fail } from '../fields.js';
import { PRODUCTS, isProduct, type Product } from '../../model/product.js';
import { StrictUtf8, decodeUtf8 } from '../../lib/utf8.js';
import { fromKoraAudit, looksLikeKoraAudit } from './kora-audit.js';
import { KarapaceReplay, applyV2Line, fromKarapaceV1, looksLikeKarapaceV1 } from './karapace-backup.js';
import {
  contextOf,
  normalizeConfig,
  type ApicurioArtifactInfo,
  type ApicurioRegistryInfo,
  type Dek,
  type DekRegistry,
  type Kek,
  type Registry,
  type SchemaVersion,
  type SkippedRecord,
  type Subject,
} from '../../model/types.js';

export const SNAPSHOT_FORMAT_VERSION = 1;
/** Where the head line of a snapshot laid out a subject per line ends (write.ts writes it, the reader streams it). */
export const SUBJECTS_OPEN = ',"subjects":[';

export interface SnapshotFile {
  formatVersion: number;
  tool: string;
  capturedAt: string;
  /** `skipped`: records of the file the snapshot was taken from that its registry discards (a Karapace backup). */
  source: { location: string; flavor?: string; product?: Product; skipped?: SkippedRecord[] };
  global: { config: Record<string, unknown> | null; mode: string | null };
  contexts: string[];
  contextSettings?: Record<string, { config: Record<string, unknown> | null; mode: string | null }>;
  subjects: {
    name: string;
    deleted: boolean;
    config: Record<string, unknown> | null;
    mode: string | null;
    versions: Omit<SchemaVersion, 'subject'>[];
    apicurio?: ApicurioArtifactInfo;
  }[];
  apicurio?: ApicurioRegistryInfo;
  /** The DEK registry, where the source served one (KMS properties as a digest only). */
  dekRegistry?: DekRegistry;
}

/**
 * Reads a snapshot file into a registry: line by line when it has the layout writeSnapshot gives it, so memory
 * holds the registry but never the file; any other layout (a hand-edited or pretty-printed file, a Kora audit) is
 * parsed whole.
 */
export async function readSnapshot(file: string): Promise<Registry> {
  const bytes = createReadStream(file);
  const text = bytes.pipe(new StrictUtf8(file));
  bytes.on('error', (err) => text.destroy(err));
  // Kept here as well as passed on to the lines: when reading stops early (another layout, read whole below), a
  // later error of the stream has no reader left and would otherwise surface as an uncaught exception.
  let streamError: unknown;
  text.on('error', (err) => (streamError ??= err));
  const lines = createInterface({ input: text, crlfDelay: Infinity });
  const fail = failIn(file);
  let reg: Registry | undefined;
  let karapace: KarapaceReplay | undefined;
  let n = 0;
  let closed = false;
  try {
    for await (const line of lines) {
      n++;
      if (karapace) {
        if (line.trim()) applyV2Line(karapace, line, n, file);
        continue;
      }
      if (n === 1) {
        if (line === '/V2') {
          karapace = new KarapaceReplay(file); // a Karapace V2 backup: one record a line
          continue;
        }
        if (!line.startsWith('{') || !line.endsWith(SUBJECTS_OPEN)) break;
        reg = registryHead(parseLine(`${line}]}`, file, n), file, fail);
        continue;
      }
      if (line === ']}') {
        closed = true;
        break;
      }
      const s = subjectFromSnapshot(parseLine(line.endsWith(',') ? line.slice(0, -1) : line, file, n), n - 2, fail);
      addSubject(reg!, s, `subjects[${n - 2}]`, fail);
    }
  } catch (err) {
    throw asSourceError(err, file);
  } finally {
    lines.close();
    text.destroy();
    bytes.destroy();
  }
  if (streamError && (karapace || closed || reg)) throw asSourceError(streamError, file);
  if (karapace) return karapace.registry();
  if (!reg) return fromDocument(await readJsonFile(file), file);
  if (!closed) fail(`line ${n + 1}`, 'the file ends before the closing "]}" (truncated?)');
  return reg;
}

function asSourceError(err: unknown, file: string): SourceError {
  if (err instanceof SourceError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  return new SourceError(file, code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (err as Error).message})`);
}

function parseLine(text: string, file: string, n: number): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new SourceError(file, `line ${n}: not valid JSON (${(err as Error).message})`);
  }
}

export function looksLikeNativeSnapshot(doc: unknown): boolean {
  return !!doc && typeof doc === 'object' && 'formatVersion' in doc && 'subjects' in doc;
}

/** A whole parsed file: an sr-parity snapshot or a Kora/Karapace migration audit. */
export function fromDocument(doc: unknown, file: string): Registry {
  if (looksLikeKoraAudit(doc)) return fromKoraAudit(doc, file);
  if (looksLikeKarapaceV1(doc)) return fromKarapaceV1(doc, file);
  return fromSnapshot(doc, file);
}

export function fromSnapshot(doc: unknown, file: string): Registry {
  const fail = failIn(file);
  const reg = registryHead(doc, file, fail);
  (doc as SnapshotFile).subjects.forEach((s, i) => {
    addSubject(reg, subjectFromSnapshot(s, i, fail), `subjects[${i}]`, fail);
  });
  return reg;
}

/** A subject listed twice would hide one copy: refused, naming the second. */
function addSubject(reg: Registry, subject: Subject, at: string, fail: Fail): void {
  if (reg.subjects.has(subject.name)) fail(`${at}.name`, `subject ${JSON.stringify(subject.name)} is listed twice`);
  reg.subjects.set(subject.name, subject);
}

function registryHead(doc: unknown, file: string, fail: Fail): Registry {
  if (!looksLikeNativeSnapshot(doc))
    fail(
      'top level',
      'not an sr-parity snapshot (formatVersion, subjects), a Kora/Karapace audit (summary, subjects) or a Karapace ' +
        'backup (V1: [[key, value], ...]; V2: a /V2 first line)',
    );
  const snap = doc as SnapshotFile;
  const f = new Fields(fail);
  if (snap.formatVersion !== SNAPSHOT_FORMAT_VERSION) {
    fail(
      'formatVersion',
      `${JSON.stringify(snap.formatVersion)} is not supported (this tool reads ${SNAPSHOT_FORMAT_VERSION})`,
    );
  }
  f.array(snap.subjects, 'subjects');
  const global = snap.global === undefined ? {} : f.object(snap.global, 'global');
  const contexts = snap.contexts === undefined ? [] : snap.contexts;
  if (!Array.isArray(contexts) || contexts.some((c) => typeof c !== 'string'))
    fail('contexts', 'expected an array of context names');
  const settings = snap.contextSettings === undefined ? {} : f.object(snap.contextSettings, 'contextSettings');
  const source = snap.source === undefined ? {} : f.object(snap.source, 'source');
  return {
    info: {
      kind: 'snapshot',
      location: file,
      flavor: f.optionalString(source.flavor, 'source.flavor') ?? undefined,
      product: productOf(f, source.product),
      capturedAt: f.optionalString(snap.capturedAt, 'capturedAt') ?? undefined,
      ...skippedOf(f, source.skipped),
    },
    globalConfig: normalizeConfig(f.optionalObject(global.config, 'global.config')),
    globalMode: modeOf(f, global.mode, 'global.mode'),
    contexts: contexts.length ? contexts : ['.'],
    contextSettings: Object.fromEntries(
      Object.entries(settings).map(([c, raw]) => {
        const at = `contextSettings[${JSON.stringify(c)}]`;
        const v = f.object(raw, at);
        return [
          c,
          {
            config: normalizeConfig(f.optionalObject(v.config, `${at}.config`)),
            mode: modeOf(f, v.mode, `${at}.mode`),
          },
        ];
      }),
    ),
    subjects: new Map(),
    ...(snap.apicurio
      ? { apicurio: f.nested(f.object(snap.apicurio, 'apicurio'), 'apicurio') as unknown as ApicurioRegistryInfo }
      : {}),
    ...(snap.dekRegistry !== undefined ? { dekRegistry: dekRegistryOf(f, snap.dekRegistry) } : {}),
  };
}

function dekRegistryOf(f: Fields, v: unknown): DekRegistry {
  const o = f.object(v, 'dekRegistry');
  const keks = f.optionalArray(o.keks, 'dekRegistry.keks').map((k, i): Kek => {
    const at = `dekRegistry.keks[${i}]`;
    const x = f.object(k, at);
    return {
      name: f.string(x.name, `${at}.name`),
      kmsType: f.string(x.kmsType, `${at}.kmsType`),
      kmsKeyId: f.string(x.kmsKeyId, `${at}.kmsKeyId`),
      kmsPropsDigest: f.optionalString(x.kmsPropsDigest, `${at}.kmsPropsDigest`),
      doc: f.optionalString(x.doc, `${at}.doc`),
      shared: f.optionalFlag(x.shared, `${at}.shared`) ?? false,
      deleted: f.optionalFlag(x.deleted, `${at}.deleted`) ?? false,
    };
  });
  const deks = f.optionalArray(o.deks, 'dekRegistry.deks').map((d, i): Dek => {
    const at = `dekRegistry.deks[${i}]`;
    const x = f.object(d, at);
    return {
      kek: f.string(x.kek, `${at}.kek`),
      subject: f.string(x.subject, `${at}.subject`),
      version: f.wholeNumber(x.version, `${at}.version`),
      algorithm: f.string(x.algorithm, `${at}.algorithm`),
      material: f.optionalString(x.material, `${at}.material`),
      deleted: f.optionalFlag(x.deleted, `${at}.deleted`) ?? false,
    };
  });
  return { keks, deks };
}

function skippedOf(f: Fields, v: unknown): { skipped?: SkippedRecord[] } {
  const list = f.optionalArray(v, 'source.skipped');
  if (!list.length) return {};
  const record = (r: unknown, i: number): SkippedRecord => {
    const o = f.object(r, `source.skipped[${i}]`);
    return { at: f.string(o.at, `source.skipped[${i}].at`), why: f.string(o.why, `source.skipped[${i}].why`) };
  };
  return { skipped: list.map(record) };
}

function modeOf(f: Fields, v: unknown, at: string): string | null {
  return v === undefined || v === null ? null : typeof v === 'string' ? v : f.fail(at, 'expected a string or null');
}

function subjectFromSnapshot(raw: unknown, i: number, fail: Fail): Subject {
  const f = new Fields(fail);
  const at = `subjects[${i}]`;
  const s = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const name = f.string(s.name, `${at}.name`);
  const versions = f.array(s.versions, `${at}.versions`).map((raw, j): SchemaVersion => {
    const vat = `${at}.versions[${j}]`;
    const v = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const out = f.version(v, vat, name);
    if (v.apicurio != null)
      out.apicurio = f.nested(
        f.object(v.apicurio, `${vat}.apicurio`),
        `${vat}.apicurio`,
      ) as unknown as SchemaVersion['apicurio'];
    return out;
  });
  f.inOrder(versions, `${at}.versions`);
  const deleted = f.optionalFlag(s.deleted, `${at}.deleted`);
  const apicurio = s.apicurio == null ? null : f.nested(f.object(s.apicurio, `${at}.apicurio`), `${at}.apicurio`);
  return {
    name,
    context: contextOf(name),
    deleted: deleted ?? versions.every((v) => v.deleted),
    versions,
    config: normalizeConfig(f.optionalObject(s.config, `${at}.config`)),
    mode: modeOf(f, s.mode, `${at}.mode`),
    ...(apicurio ? { apicurio: apicurio as unknown as ApicurioArtifactInfo } : {}),
  };
}

/** A UTF-8 text file, or one line naming it and why it cannot be read (exit 3). */
export async function readTextFile(file: string): Promise<string> {
  try {
    return decodeUtf8(await readFile(file), file);
  } catch (err) {
    if (err instanceof SourceError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new SourceError(file, code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (err as Error).message})`);
  }
}

export async function readJsonFile(file: string): Promise<unknown> {
  const text = await readTextFile(file);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new SourceError(
      file,
      `not valid JSON (${(err as Error).message})${text.length === 0 ? ' (empty file)' : ''}`,
    );
  }
}

/** The product a snapshot names (written since 2026-12): one this tool knows, else the file is refused. */
function productOf(f: Fields, value: unknown): Product | undefined {
  const name = f.optionalString(value, 'source.product');
  if (name === null) return undefined;
  return isProduct(name) ? name : f.fail('source.product', `expected one of ${PRODUCTS.join(', ')}`);
}

// Writing the format is the other half of reading it: the lines of a snapshot, for lib/files.ts's writeLines.
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
    ...(reg.dekRegistry ? { dekRegistry: reg.dekRegistry } : {}),
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

/** A snapshot as one JSON document laid out a subject per line (the head on the first line): readers stream it back. */
export function* snapshotLines(reg: Registry, tool: string): Generator<string> {
  yield `${JSON.stringify(snapshotHead(reg, tool)).slice(0, -1)}${SUBJECTS_OPEN}`;
  let left = reg.subjects.size;
  for (const s of reg.subjects.values()) yield `${JSON.stringify(snapshotSubject(s))}${--left ? ',' : ''}`;
  yield ']}';
}

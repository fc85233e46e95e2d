// The ZIP Apicurio's `/admin/export` writes (2.x: exportVersion 1.0; 3.x: 3.0), read entry by entry from its central
// directory (yauzl: nothing unpacked to disk). Entries, as the real servers write them:
//   manifest-<time>.Manifest.json                      systemVersion, exportVersion
//   content/<hash>.Content.json + .Content.data         contentId, serializedReferences; the bytes
//   groups/<g>.Group.json                               group metadata
//   groups/<g>/artifacts/<a>/MetaData.Artifact.json     3.x: artifact type and metadata
//   groups/<g>/artifacts/<a>/versions/<v>.ArtifactVersion.json   globalId, contentId, state, labels (2.x: + properties)
//   groups/<g>/artifacts/<a>/branches/<b>.Branch.json   3.x: the branch's version strings
//   groups/<g>/artifacts/<a>/rules/<T>.ArtifactRule.json, rules/<T>.GlobalRule.json
// The names inside the JSON (groupId null = default) are used, not the paths. Other entry kinds are skipped.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { crc32, inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import { SourceError } from '../../lib/errors.js';
import { firstInvalidUtf8 } from '../../lib/utf8.js';
import { Fields } from '../fields.js';
import { dictionary } from '../../model/copy.js';
import {
  apicurioRegistry,
  artifactSubject,
  groupOf,
  v2Labels,
  v3Labels,
  type RawApicurio,
  type RawArtifact,
  type RawReference,
  type RawVersion,
} from '../../model/apicurio.js';
import type { Registry } from '../../model/types.js';

const EXPORT_VERSIONS: Record<string, 'v2' | 'v3'> = { '1.0': 'v2', '2.0': 'v2', '3.0': 'v3' };

type Json = Record<string, unknown>;

export async function readApicurioExport(file: string): Promise<Registry> {
  const fail = (entry: string | null, message: string): never => {
    throw new SourceError(entry ? `${file}: ${entry}` : file, message);
  };
  let manifest: Json | undefined;
  const contentMeta = new Map<string, { json: Json; entry: string }>(); // by hash
  const contentData = new Map<string, string>();
  const groups: RawApicurio['groups'] = dictionary();
  const artifactMeta = new Map<string, Json>();
  const versions: { json: Json; entry: string }[] = [];
  const branches: { json: Json; entry: string }[] = [];
  const artifactRules: Json[] = [];
  const groupRules: Json[] = [];
  const globalRules: Record<string, string> = {};

  await eachEntry(file, fail, (name, text) => {
    const json = () => parse(text, name, fail);
    const base = name.slice(name.lastIndexOf('/') + 1);
    if (base.endsWith('.Manifest.json')) manifest = json();
    else if (name.startsWith('content/') && base.endsWith('.Content.json'))
      contentMeta.set(base.slice(0, -'.Content.json'.length), { json: json(), entry: name });
    else if (name.startsWith('content/') && base.endsWith('.Content.data'))
      contentData.set(base.slice(0, -'.Content.data'.length), text);
    else if (base.endsWith('.Group.json')) {
      const g = json();
      const f = fieldsOf(name, fail);
      groups[groupOf(f.optionalString(g.groupId, 'groupId'))] = {
        description: f.optionalString(g.description, 'description'),
        labels:
          'properties' in g
            ? v2Labels(null, f.optionalObject(g.properties, 'properties'))
            : v3Labels(f.optionalObject(g.labels, 'labels')),
      };
    } else if (base.endsWith('.Artifact.json')) {
      const a = json();
      const f = fieldsOf(name, fail);
      f.optionalString(a.artifactType, 'artifactType');
      for (const k of ['name', 'description'] as const) f.optionalString(a[k], k);
      f.optionalObject(a.labels, 'labels');
      artifactMeta.set(
        artifactSubject(f.optionalString(a.groupId, 'groupId'), f.string(a.artifactId, 'artifactId')),
        a,
      );
    } else if (base.endsWith('.ArtifactVersion.json')) versions.push({ json: json(), entry: name });
    else if (base.endsWith('.Branch.json')) branches.push({ json: json(), entry: name });
    else if (base.endsWith('.ArtifactRule.json')) artifactRules.push(checkedRule(json(), name, fail));
    else if (base.endsWith('.GroupRule.json')) groupRules.push(checkedRule(json(), name, fail));
    else if (base.endsWith('.GlobalRule.json')) {
      const [type, config] = rule(checkedRule(json(), name, fail));
      globalRules[type] = config;
    }
  });

  if (!manifest) return fail(null, 'no manifest entry (*.Manifest.json): not an Apicurio export ZIP');
  const exportVersion = String(manifest.exportVersion ?? '');
  const api = EXPORT_VERSIONS[exportVersion];
  if (!api)
    fail(
      'manifest',
      `exportVersion ${JSON.stringify(manifest.exportVersion)} (Apicurio ` +
        `${String(manifest.systemVersion ?? '?')}) is not one this tool reads (1.0 from 2.x, 3.0 from 3.x)`,
    );

  const contents = new Map<number, { content: string; references: RawReference[] }>();
  for (const [hash, { json, entry }] of contentMeta) {
    const data = contentData.get(hash);
    if (data === undefined) fail(entry, `has no content/${hash}.Content.data beside it (entries missing?)`);
    if (!Number.isSafeInteger(json.contentId)) fail(entry, 'contentId: expected a whole number (at most 2^53)');
    let references: RawReference[] = [];
    if (typeof json.serializedReferences === 'string' && json.serializedReferences) {
      const f = fieldsOf(`${entry} serializedReferences`, fail);
      const list = f.array(parse(json.serializedReferences, `${entry} serializedReferences`, fail), 'top level');
      references = list.map((raw, i) => {
        const r = f.object(raw, `[${i}]`);
        return {
          groupId: f.optionalString(r.groupId, `[${i}].groupId`),
          artifactId: f.string(r.artifactId, `[${i}].artifactId`),
          version: f.optionalString(r.version, `[${i}].version`),
          name: f.string(r.name, `[${i}].name`),
        };
      });
    }
    contents.set(json.contentId as number, { content: data!, references });
  }

  const artifacts = new Map<string, RawArtifact>();
  for (const { json: v, entry } of versions) {
    if (
      !Number.isSafeInteger(v.globalId) ||
      !Number.isSafeInteger(v.contentId) ||
      typeof v.version !== 'string' ||
      typeof v.artifactId !== 'string'
    ) {
      fail(entry, 'expected globalId, contentId, version and artifactId');
    }
    const f = fieldsOf(entry, fail);
    for (const k of ['groupId', 'artifactType', 'state', 'name', 'description'] as const) f.optionalString(v[k], k);
    if (v.versionOrder != null) f.wholeNumber(v.versionOrder, 'versionOrder');
    if (api === 'v2') f.optionalArray(v.labels, 'labels').forEach((l, i) => f.string(l, `labels[${i}]`));
    f.optionalObject(api === 'v2' ? v.properties : v.labels, api === 'v2' ? 'properties' : 'labels');
    const content =
      contents.get(v.contentId as number) ??
      fail(entry, `contentId ${String(v.contentId)} has no content/ entry (entries missing?)`);
    const subject = artifactSubject(v.groupId as string | null, v.artifactId as string);
    const meta = artifactMeta.get(subject);
    let a = artifacts.get(subject);
    if (!a) {
      const type = (meta?.artifactType ?? v.artifactType) as string | undefined;
      if (!type)
        fail(
          entry,
          api === 'v3' ? `no MetaData.Artifact.json for ${subject} (entries missing?)` : 'artifactType missing',
        );
      a = {
        groupId: groupOf(v.groupId as string | null),
        artifactId: v.artifactId as string,
        artifactType: type!,
        rules: {},
        versions: [],
      };
      if (meta)
        Object.assign(a, {
          name: meta.name ?? null,
          description: meta.description ?? null,
          labels: v3Labels(meta.labels),
          branches: {},
        });
      artifacts.set(subject, a);
    }
    const raw: RawVersion = {
      version: v.version as string,
      globalId: v.globalId as number,
      contentId: v.contentId as number,
      order: Number(v.versionOrder ?? v.versionId ?? v.globalId),
      state: (v.state as string | null) ?? null,
      name: (v.name as string | null) ?? null,
      description: (v.description as string | null) ?? null,
      labels: api === 'v2' ? v2Labels(v.labels, v.properties) : v3Labels(v.labels),
      content: content.content,
      references: content.references,
    };
    a.versions.push(raw);
  }
  for (const { json: b, entry } of branches) {
    const f = fieldsOf(entry, fail);
    const a = artifacts.get(
      artifactSubject(f.optionalString(b.groupId, 'groupId'), f.string(b.artifactId, 'artifactId')),
    );
    const list = f.optionalArray(b.versions, 'versions').map((x, i) => f.string(x, `versions[${i}]`));
    if (a?.branches) a.branches[f.string(b.branchId, 'branchId')] = list;
  }
  for (const r of artifactRules) {
    const a = artifacts.get(artifactSubject(r.groupId as string | null, String(r.artifactId)));
    const [type, config] = rule(r);
    if (a) a.rules[type] = config;
  }
  if (api === 'v3') for (const g of Object.values(groups)) g.rules = {};
  for (const r of groupRules) {
    const g = (groups[groupOf(r.groupId as string | null)] ??= { description: null, labels: dictionary(), rules: {} });
    const [type, config] = rule(r);
    (g.rules ??= {})[type] = config;
  }

  return apicurioRegistry(
    {
      api: api!,
      systemVersion: String(manifest.systemVersion ?? ''),
      globalRules,
      groups,
      artifacts: [...artifacts.values()],
    },
    {
      kind: 'snapshot',
      location: file,
      flavor: `apicurio-export-${api}`,
      product: api === 'v3' ? 'apicurio-3' : 'apicurio-2', // each exports its own layout
      capturedAt: exportedOn(manifest, fail),
    },
  );
}

/** When the export was taken (ms since 1970), or undefined; a number no date can hold is refused. */
function exportedOn(manifest: Json, fail: (entry: string | null, message: string) => never): string | undefined {
  if (manifest.exportedOn == null) return undefined;
  const at = new Date(manifest.exportedOn as number);
  if (typeof manifest.exportedOn !== 'number' || Number.isNaN(at.getTime()))
    fail('manifest', 'exportedOn: expected a time in ms');
  return at.toISOString();
}

function fieldsOf(entry: string, fail: (entry: string | null, message: string) => never): Fields {
  return new Fields((at, what) => fail(entry, `${at}: ${what}`));
}

/** A rule entry's type and configuration are text, its group and artifact text or null. */
function checkedRule(r: Json, entry: string, fail: (entry: string | null, message: string) => never): Json {
  const f = fieldsOf(entry, fail);
  f.string(r.type ?? r.ruleType, r.type === undefined ? 'ruleType' : 'type');
  f.optionalString(r.configuration ?? r.config, r.configuration === undefined ? 'config' : 'configuration');
  for (const k of ['groupId', 'artifactId'] as const) f.optionalString(r[k], k);
  return r;
}

/** A rule entry (global, group or artifact): 2.x and 3.x name its fields differently. */
function rule(r: Json): [type: string, config: string] {
  return [String(r.type ?? r.ruleType), String(r.configuration ?? r.config ?? '')];
}

function parse(text: string, entry: string, fail: (entry: string | null, message: string) => never): Json {
  try {
    const doc = JSON.parse(text) as unknown;
    if (doc && typeof doc === 'object') return doc as Json;
  } catch {
    /* reported below */
  }
  return fail(entry, 'is not valid JSON');
}

/**
 * Calls `onEntry` with each file entry's name and text, in the ZIP's order; a broken ZIP is one clear error.
 * Entries are read through a read-ahead window (a few large reads instead of two small ones per entry) and inflated
 * synchronously: an export holds thousands of tiny entries, and a stream per entry cost 10x the time (measured).
 */
async function eachEntry(
  file: string,
  fail: (entry: string | null, message: string) => never,
  onEntry: (name: string, text: string) => void,
): Promise<void> {
  let fd: number;
  let size: number;
  try {
    fd = openSync(file, 'r');
    size = fstatSync(fd).size;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail(null, code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (err as Error).message})`);
  }
  const reader = new WindowReader(fd, size);
  return new Promise((resolve, reject) => {
    const broken = (entry: string | null, err: Error) => {
      try {
        fail(entry, zipProblem(err));
      } catch (e) {
        reject(e);
      }
    };
    yauzl.fromRandomAccessReader(
      reader,
      size,
      { lazyEntries: true, autoClose: true, strictFileNames: false },
      (err, zip) => {
        if (err || !zip) {
          reader.close(() => undefined);
          return broken(null, err ?? new Error('cannot open'));
        }
        zip.on('error', (e: Error) => broken(null, e));
        zip.on('end', () => resolve());
        zip.on('entry', (entry: yauzl.Entry) => {
          if (entry.fileName.endsWith('/')) return zip.readEntry();
          const deflated = entry.compressionMethod === 8;
          if (!deflated && entry.compressionMethod !== 0)
            return broken(entry.fileName, new Error(`compression method ${entry.compressionMethod} is not supported`));
          try {
            checkSize(entry, fail);
            // The entry's bytes straight from the window: its local header, then the compressed data.
            const at = entry.relativeOffsetOfLocalHeader;
            const head = reader.bytes(at, at + 30);
            if (head.length < 30 || head.readUInt32LE(0) !== 0x04034b50)
              fail(entry.fileName, 'is damaged (invalid local file header signature)');
            const dataStart = at + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
            const raw = reader.bytes(dataStart, dataStart + entry.compressedSize);
            if (raw.length < entry.compressedSize) fail(entry.fileName, 'is cut short (truncated ZIP)');
            const data = deflated ? inflate(raw, entry.uncompressedSize, entry.fileName, fail) : raw;
            if (data.length !== entry.uncompressedSize || crc32(data) !== entry.crc32)
              fail(entry.fileName, 'is damaged (size or CRC does not match the ZIP directory)');
            const bad = firstInvalidUtf8(data);
            if (bad) fail(entry.fileName, `line ${bad.line}: not valid UTF-8`);
            onEntry(entry.fileName, data.toString('utf8'));
          } catch (oe) {
            zip.close();
            return reject(oe);
          }
          zip.readEntry();
        });
        zip.readEntry();
      },
    );
  });
}

/** An entry inflates to this much at most: an export's largest real entries are schemas of a few MB. */
export const MAX_ENTRY_BYTES = 64 << 20;
/** Beyond 1 MiB, an entry that inflates more than this many times its packed size is refused (JSON packs ~10:1). */
export const MAX_RATIO = 200;

/** A ZIP bomb is refused on what its directory says, before a byte is inflated. */
function checkSize(entry: yauzl.Entry, fail: (entry: string | null, message: string) => never): void {
  const mib = (n: number) => `${Math.round(n / (1 << 20))} MiB`;
  if (entry.uncompressedSize > MAX_ENTRY_BYTES) {
    fail(
      entry.fileName,
      `inflates to ${mib(entry.uncompressedSize)}, more than an entry may (${mib(MAX_ENTRY_BYTES)})`,
    );
  }
  const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
  if (entry.uncompressedSize > 1 << 20 && ratio > MAX_RATIO) {
    fail(entry.fileName, `inflates ${Math.round(ratio)} times its packed size (at most ${MAX_RATIO}): a ZIP bomb?`);
  }
}

/** Inflates at most what the directory announced (plus one byte, so a directory that understates it is caught). */
function inflate(
  raw: Buffer,
  announced: number,
  entry: string,
  fail: (entry: string | null, message: string) => never,
): Buffer {
  try {
    return inflateRawSync(raw, { maxOutputLength: Math.max(1, announced + 1) });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      fail(entry, `inflates to more than the ${announced} bytes its ZIP directory says`);
    return fail(entry, `is damaged (${(err as Error).message})`);
  }
}

/**
 * File access through two 4 MiB read-ahead windows: one for yauzl walking the central directory (at the end of the
 * file), one for the entries' data (read in order from the start), so neither evicts the other.
 */
class WindowReader extends yauzl.RandomAccessReader {
  private readonly data = { start: 0, buf: Buffer.alloc(0) };
  private readonly directory = { start: 0, buf: Buffer.alloc(0) };

  constructor(
    private readonly fd: number,
    private readonly size: number,
  ) {
    super();
  }

  /** Bytes [start, end) of the file (fewer at its end). */
  bytes(start: number, end: number, w = this.data): Buffer {
    if (start < w.start || end > w.start + w.buf.length) {
      const length = Math.max(0, Math.min(Math.max(end - start, 4 << 20), this.size - start));
      const buf = Buffer.alloc(length);
      w.buf = buf.subarray(0, length ? readSync(this.fd, buf, 0, length, start) : 0);
      w.start = start;
    }
    return w.buf.subarray(start - w.start, end - w.start);
  }

  override _readStreamForRange(start: number, end: number): Readable {
    return Readable.from([this.bytes(start, end, this.directory)]);
  }

  // yauzl reads each central directory record through read(); the default makes two streams a call, which for an
  // export's tens of thousands of entries was most of the time and hundreds of MB of garbage (measured).
  override read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: (err: Error | null, bytesRead?: number) => void,
  ): void {
    const n = this.bytes(position, position + length, this.directory).copy(buffer, offset);
    process.nextTick(callback, null, n);
  }

  override close(callback: (err: Error | null) => void): void {
    closeSync(this.fd);
    callback(null);
  }
}

function zipProblem(err: Error): string {
  const m = err.message;
  if (/end of central directory record signature not found/i.test(m))
    return 'not a ZIP file, or a truncated one (no central directory)';
  if (/invalid (local file header|central directory file header) signature|unexpected EOF|too short|truncated/i.test(m))
    return `a damaged or truncated ZIP (${m})`;
  return `cannot read the ZIP (${m})`;
}

// Karapace V3 backups of the `_schemas` topic: `<topic>.metadata` (the bytes `/V3\n`, then one length-prefixed Avro
// Metadata record naming the data files) and `<topic>:<partition>.data` (length-prefixed Avro Records). A running
// xxh64 over every length prefix and record is checked at each record's checkpoint and against the data file's
// checksum at the end, as Karapace's restore does. The Avro schemas are the ones Karapace derives from its
// dataclasses (backup/backends/v3/schema.py); field order is the wire format.
import { createReadStream } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import avro from 'avsc';
import xxhash from 'xxhash-wasm';
import { SourceError } from '../../lib/errors.js';
import type { Registry } from '../../model/types.js';
import { KarapaceReplay } from './karapace-backup.js';

export const V3_MARKER = Buffer.from('/V3\n');
const bytesOrNull = ['bytes', 'null'];

const METADATA = avro.Type.forSchema({
  name: 'Metadata',
  type: 'record',
  fields: [
    { name: 'version', type: 'int' },
    { name: 'tool_name', type: 'string' },
    { name: 'tool_version', type: 'string' },
    { name: 'started_at', type: 'long' }, // timestamp-millis
    { name: 'finished_at', type: 'long' },
    { name: 'record_count', type: 'int' },
    { name: 'topic_name', type: 'string' },
    { name: 'topic_id', type: ['string', 'null'] }, // uuid
    { name: 'partition_count', type: 'int' },
    { name: 'replication_factor', type: 'int' },
    { name: 'topic_configurations', type: { type: 'map', values: 'string' } },
    {
      name: 'data_files',
      type: {
        type: 'array',
        items: {
          name: 'DataFile',
          type: 'record',
          fields: [
            { name: 'filename', type: 'string' },
            { name: 'partition', type: 'long' },
            { name: 'checksum', type: 'bytes' },
            { name: 'record_count', type: 'long' },
            { name: 'start_offset', type: 'long' }, // "int" in Karapace's schema: the same zig-zag varint on the wire
            { name: 'end_offset', type: 'long' },
          ],
        },
      },
    },
    {
      name: 'checksum_algorithm',
      type: { name: 'ChecksumAlgorithm', type: 'enum', symbols: ['unknown', 'xxhash3_64_be'] },
    },
  ],
});

const RECORD = avro.Type.forSchema({
  name: 'Record',
  type: 'record',
  fields: [
    { name: 'key', type: bytesOrNull },
    { name: 'value', type: bytesOrNull },
    {
      name: 'headers',
      type: {
        type: 'array',
        items: {
          name: 'Header',
          type: 'record',
          fields: [
            { name: 'key', type: 'bytes' },
            { name: 'value', type: 'bytes' },
          ],
        },
      },
    },
    { name: 'offset', type: 'long' },
    { name: 'timestamp', type: 'long' },
    { name: 'checksum_checkpoint', type: bytesOrNull },
  ],
});

interface DataFile {
  filename: string;
  checksum: Buffer;
  record_count: number;
  start_offset: number;
  end_offset: number;
}
interface Metadata {
  version: number;
  finished_at: number;
  record_count: number;
  topic_name: string;
  data_files: DataFile[];
  checksum_algorithm: string;
}
interface BackupRecord {
  key: Buffer | null;
  value: Buffer | null;
  offset: number;
  checksum_checkpoint: Buffer | null;
}

/**
 * The metadata file of a V3 backup directory (Karapace writes one `<topic>.metadata` beside its data files), or null.
 */
export async function karapaceV3Metadata(dir: string): Promise<string | null> {
  const found = (await readdir(dir)).filter((f) => f.endsWith('.metadata'));
  if (found.length > 1)
    throw new SourceError(
      dir,
      `holds ${found.length} Karapace V3 metadata files (${found.sort().join(', ')}); name one`,
    );
  return found.length ? join(dir, found[0]!) : null;
}

export async function readKarapaceV3(metadataFile: string): Promise<Registry> {
  const meta = await readMetadata(metadataFile);
  const replay = new KarapaceReplay(metadataFile);
  const { create64 } = await xxhash();
  for (const df of meta.data_files) {
    const path = join(dirname(metadataFile), df.filename);
    const fail: (message: string) => never = (message) => {
      throw new SourceError(path, message);
    };
    if (!(await stat(path).catch(() => null))) fail(`no such file (the data file ${metadataFile} names)`);
    const running = create64();
    // Records are applied only once a checksum covers them (the next checkpoint, or the file's at the end), so
    // corruption is reported as such, not as whatever a damaged record would mean.
    let pending: { record: BackupRecord; n: number }[] = [];
    const applyPending = () => {
      for (const { record, n } of pending) {
        const text = (b: Buffer | null) => (b === null ? null : b.toString('utf8'));
        replay.apply(text(record.key), text(record.value), `${basename(path)} record ${n}`);
      }
      pending = [];
    };
    let n = 0;
    let last: BackupRecord | undefined;
    for await (const { frame, at } of frames(path, fail)) {
      if (n === df.record_count)
        fail(`data beyond the ${df.record_count} record(s) the metadata declares, at byte ${at}`);
      const record = decodeRecord(frame, n, at, fail);
      if (record.checksum_checkpoint) {
        if (!record.checksum_checkpoint.equals(bigEndian(running.digest())))
          fail(`record ${n} (byte ${at}): checksum checkpoint does not match the records before it (corrupted)`);
        applyPending();
      }
      running.update(frame);
      if (n === 0 && record.offset !== df.start_offset)
        fail(`record 0: offset ${record.offset}, the metadata says the file starts at ${df.start_offset}`);
      pending.push({ record, n });
      last = record;
      n++;
    }
    if (n < df.record_count) fail(`${n} record(s), the metadata declares ${df.record_count} (truncated?)`);
    if (last && last.offset !== df.end_offset)
      fail(`last record: offset ${last.offset}, the metadata says the file ends at ${df.end_offset}`);
    if (!bigEndian(running.digest()).equals(df.checksum))
      fail('checksum of the whole file does not match the metadata (corrupted)');
    applyPending();
  }
  return replay.registry(new Date(meta.finished_at).toISOString());
}

async function readMetadata(file: string): Promise<Metadata> {
  const fail = (message: string): never => {
    throw new SourceError(file, message);
  };
  const bytes = await readFile(file);
  if (!bytes.subarray(0, 4).equals(V3_MARKER)) fail('not a Karapace V3 metadata file (no /V3 marker)');
  if (bytes.length < 8) fail('metadata cut short after the /V3 marker');
  const size = bytes.readUInt32BE(4);
  // Karapace reads the declared size and no further: bytes after it (a newline an editor added) are not read.
  if (bytes.length < 8 + size)
    fail(`metadata record is ${size} bytes, the file holds ${bytes.length - 8} after its length (truncated)`);
  let meta: Metadata;
  try {
    meta = METADATA.fromBuffer(bytes.subarray(8, 8 + size)) as Metadata;
  } catch (err) {
    return fail(`metadata record is not Karapace's V3 Metadata (${(err as Error).message})`);
  }
  if (meta.version !== 3) fail(`metadata version ${meta.version}, expected 3`);
  if (meta.checksum_algorithm !== 'xxhash3_64_be')
    fail(`checksum algorithm ${meta.checksum_algorithm}: written by a newer Karapace than this reader knows`);
  const declared = meta.data_files.reduce((sum, df) => sum + df.record_count, 0);
  if (declared !== meta.record_count)
    fail(`metadata counts ${meta.record_count} record(s), its data files ${declared}`);
  return meta;
}

function decodeRecord(frame: Buffer, n: number, at: number, fail: (m: string) => never): BackupRecord {
  try {
    return RECORD.fromBuffer(frame.subarray(4)) as BackupRecord;
  } catch (err) {
    return fail(`record ${n} (byte ${at}) is not a Karapace V3 Record (${(err as Error).message})`);
  }
}

function bigEndian(digest: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(digest);
  return b;
}

/** Length-prefixed frames (the 4-byte prefix included, as the checksum covers it), streamed. */
async function* frames(path: string, fail: (m: string) => never): AsyncGenerator<{ frame: Buffer; at: number }> {
  let buf: Buffer = Buffer.alloc(0);
  let at = 0; // file offset of buf[0]
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    while (buf.length >= 4) {
      const end = 4 + buf.readUInt32BE(0);
      if (buf.length < end) break;
      yield { frame: buf.subarray(0, end), at };
      buf = buf.subarray(end);
      at += end;
    }
  }
  if (buf.length) fail(`ends inside a record at byte ${at} (truncated?)`);
}

// Decompression for the batch codecs KafkaJS leaves to plug-ins (it reads only gzip itself): Snappy (raw, and the
// xerial framing the Java client writes), LZ4 frames and Zstandard, in pure JavaScript. Reading only: a record batch
// is never compressed here.
import kafkajs from 'kafkajs';
import snappyjs from 'snappyjs';
import lz4js from 'lz4js';
import { decompress as unzstd } from 'fzstd';

const XERIAL = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);

function unsnappy(buf: Buffer): Buffer {
  if (!buf.subarray(0, 8).equals(XERIAL)) return Buffer.from(snappyjs.uncompress(buf));
  const blocks: Buffer[] = [];
  for (let at = 16; at < buf.length;) {
    const size = buf.readUInt32BE(at);
    blocks.push(Buffer.from(snappyjs.uncompress(buf.subarray(at + 4, at + 4 + size))));
    at += 4 + size;
  }
  return Buffer.concat(blocks);
}

const readOnly = (decompress: (b: Buffer) => Buffer) => () => ({
  compress: () => Promise.reject(new Error('sr-parity never writes to Kafka')),
  decompress: (b: Buffer) => Promise.resolve(decompress(b)),
});

let installed = false;

export function installCodecs(): void {
  if (installed) return;
  installed = true;
  const { CompressionCodecs: codecs, CompressionTypes: types } = kafkajs;
  codecs[types.Snappy] = readOnly(unsnappy);
  codecs[types.LZ4] = readOnly((b) => Buffer.from(lz4js.decompress(b)));
  codecs[types.ZSTD] = readOnly((b) => Buffer.from(unzstd(b)));
}

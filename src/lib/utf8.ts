// Text files are decoded strictly: a byte that is not UTF-8 would otherwise become U+FFFD, and two files that differ
// only there would compare equal. The error names the line and byte.
import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';
import { SourceError } from './errors.js';

/**
 * How far `buf` is valid UTF-8: `valid` bytes are, and when `valid < buf.length` the rest either starts with an
 * invalid byte (`incomplete` false) or is the start of a character cut off by the end of the buffer (true).
 */
export function utf8Prefix(buf: Uint8Array): { valid: number; incomplete: boolean } {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const [len, min, max] =
      b >= 0xc2 && b <= 0xdf
        ? [2, 0x80, 0xbf]
        : b === 0xe0
          ? [3, 0xa0, 0xbf]
          : b >= 0xe1 && b <= 0xec
            ? [3, 0x80, 0xbf]
            : b === 0xed
              ? [3, 0x80, 0x9f] // no surrogates
              : b >= 0xee && b <= 0xef
                ? [3, 0x80, 0xbf]
                : b === 0xf0
                  ? [4, 0x90, 0xbf]
                  : b >= 0xf1 && b <= 0xf3
                    ? [4, 0x80, 0xbf]
                    : b === 0xf4
                      ? [4, 0x80, 0x8f]
                      : [0, 0, 0];
    if (!len) return { valid: i, incomplete: false };
    for (let k = 1; k < len; k++) {
      if (i + k >= buf.length) return { valid: i, incomplete: true };
      const c = buf[i + k]!;
      if (k === 1 ? c < min || c > max : c < 0x80 || c > 0xbf) return { valid: i, incomplete: false };
    }
    i += len;
  }
  return { valid: i, incomplete: false };
}

/** Lines in `buf` before byte `at`, counted on from `line`. */
function lineAt(buf: Buffer, at: number, line = 1): number {
  for (let i = buf.indexOf(0x0a); i >= 0 && i < at; i = buf.indexOf(0x0a, i + 1)) line++;
  return line;
}

/** `file: line L: not valid UTF-8 (byte B)`, counting from `line` and `byte` where `buf` starts in the file. */
function invalidAt(file: string, buf: Buffer, at: number, line = 1, byte = 0): SourceError {
  return new SourceError(file, `line ${lineAt(buf, at, line)}: not valid UTF-8 (byte ${byte + at})`);
}

/** Where the first byte that is not UTF-8 is (line from 1, byte from 0), or null when all of `buf` is. */
export function firstInvalidUtf8(buf: Buffer): { line: number; byte: number } | null {
  if (isUtf8(buf)) return null;
  const byte = utf8Prefix(buf).valid;
  return { line: lineAt(buf, byte), byte };
}

/** The whole of `buf` as text, refused with its place when a byte is not UTF-8. */
export function decodeUtf8(buf: Buffer, file: string): string {
  const bad = firstInvalidUtf8(buf);
  if (bad) throw new SourceError(file, `line ${bad.line}: not valid UTF-8 (byte ${bad.byte})`);
  return buf.toString('utf8');
}

/** A stream of bytes to a stream of text, failing with the place of the first byte that is not UTF-8. */
export class StrictUtf8 extends Transform {
  private carry = Buffer.alloc(0);
  private line = 1;
  private byte = 0;

  constructor(private readonly file: string) {
    super({ decodeStrings: true, readableObjectMode: false });
    this.setEncoding('utf8');
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    let cut = buf.length;
    if (!isUtf8(buf)) {
      const { valid, incomplete } = utf8Prefix(buf);
      if (!incomplete) return done(invalidAt(this.file, buf, valid, this.line, this.byte));
      cut = valid;
    }
    const text = buf.subarray(0, cut);
    this.line = lineAt(text, cut, this.line);
    this.byte += cut;
    this.carry = Buffer.from(buf.subarray(cut));
    done(null, text);
  }

  override _flush(done: TransformCallback): void {
    done(this.carry.length ? invalidAt(this.file, this.carry, 0, this.line, this.byte) : null);
  }
}

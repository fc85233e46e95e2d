// Raw schema text -> comparable forms, cached by content so identical text is normalized once per run.
import { createHash } from 'node:crypto';
import { normalizeAvro } from './avro.js';
import { normalizeProtobuf } from './protobuf.js';
import { parseLossless, sortedStringify } from './json.js';

export interface Normalized {
  /** Structure only (Avro Parsing Canonical Form; JSON and Protobuf: sorted structure). */
  canonical: string;
  /** Everything that can change compatibility. Equal semantic implies equal canonical. */
  semantic: string;
  /** Short hash of `semantic`, for reports and maps. */
  hash: string;
  /** Avro CRC-64 fingerprint of the canonical form, where avsc could parse the schema. */
  fingerprint?: string;
  /** Why the schema could not be parsed; its forms then fall back to whitespace-trimmed text. */
  error?: string;
}

const cache = new Map<string, Normalized>();

export function normalize(schemaType: string, text: string, refTexts: string[] = []): Normalized {
  const key = `${schemaType}\u0000${text}\u0000${refTexts.join('\u0000')}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = compute(schemaType.toUpperCase(), text, refTexts);
    cache.set(key, hit);
  }
  return hit;
}

function compute(type: string, text: string, refTexts: string[]): Normalized {
  let canonical: string;
  let semantic: string;
  let fingerprint: string | undefined;
  let error: string | undefined;
  try {
    if (type === 'AVRO') {
      ({ canonical, semantic, fingerprint, error } = normalizeAvro(text, refTexts));
    } else if (type === 'JSON') {
      canonical = semantic = sortedStringify(parseLossless(text));
    } else if (type === 'PROTOBUF') {
      canonical = semantic = normalizeProtobuf(text);
    } else {
      canonical = semantic = text.trim();
    }
  } catch (err) {
    error = `${type}: ${(err as Error).message}`;
    canonical = semantic = text.trim();
  }
  return { canonical, semantic, fingerprint, error, hash: sha(semantic) };
}

export function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export function clearNormalizeCache(): void {
  cache.clear();
}

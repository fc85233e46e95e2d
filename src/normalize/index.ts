// Raw schema text -> comparable forms, cached by content so identical text is normalized once per run.
import { createHash } from 'node:crypto';
import { avroError, normalizeAvro } from './avro.js';
import { normalizeProtobuf } from './protobuf.js';
import { parseLossless, sortedStringify } from './json.js';

export interface Normalized {
  /** Structure only (Avro Parsing Canonical Form; JSON and Protobuf: sorted structure). */
  canonical: string;
  /** Everything that can change compatibility. Equal semantic implies equal canonical. */
  semantic: string;
  /** Short hash of `semantic`, for reports and maps. */
  hash: string;
  /** Why the schema could not be parsed; its forms then fall back to whitespace-trimmed text. */
  error?: string;
}

const cache = new Map<string, Normalized>();
const verdicts = new Map<string, string | undefined>();

export function normalize(schemaType: string, text: string): Normalized {
  const key = `${schemaType}\u0000${text}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = compute(schemaType.toUpperCase(), text);
    cache.set(key, hit);
  }
  return hit;
}

/**
 * Why a schema is invalid beyond what normalizing found (for Avro, avsc's full check with the referenced texts),
 * or undefined. Cached like the forms.
 */
export function validationError(schemaType: string, text: string, refTexts: string[] = []): string | undefined {
  const forms = normalize(schemaType, text);
  if (forms.error || schemaType.toUpperCase() !== 'AVRO') return forms.error;
  const key = `${text}\u0000${refTexts.join('\u0000')}`;
  if (!verdicts.has(key)) verdicts.set(key, avroError(text, refTexts));
  return verdicts.get(key);
}

function compute(type: string, text: string): Normalized {
  let canonical: string;
  let semantic: string;
  let error: string | undefined;
  try {
    if (type === 'AVRO') {
      ({ canonical, semantic } = normalizeAvro(text));
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
  return { canonical, semantic, error, hash: sha(semantic) };
}

export function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export function clearNormalizeCache(): void {
  cache.clear();
  verdicts.clear();
}

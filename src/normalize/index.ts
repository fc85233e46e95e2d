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
  /** Why the schema could not be parsed; its forms then fall back to whitespace-trimmed text. */
  error?: string;
}

/** What is kept per distinct schema text: digests of the forms, not the forms (a large registry holds 100,000). */
export interface Digest {
  canonical: string;
  semantic: string;
  /** Short, for reports and maps. */
  hash: string;
  /** The reference closure of a version that has no references: sha(type, semantic form). */
  leaf: string;
  error?: string;
}

const JSON_DOCUMENT_TYPES = new Set(['OPENAPI', 'ASYNCAPI', 'KCONNECT']);

const digests = new Map<string, Map<string, Digest>>(); // by type, then by the text itself (no key copies)
const verdicts = new Map<string, string | undefined>();

/**
 * The forms of the last two texts normalized: content-equal describes where two schemas differ right after digesting
 * both, and building a large schema's forms again costs seconds and hundreds of MB (a 50 MB Avro text: 3.5 s each).
 */
const recent: { schemaType: string; text: string; forms: Normalized }[] = [];

/** The comparable forms of a schema: for showing where two differ, for closures over references, and for tests. */
export function normalize(schemaType: string, text: string): Normalized {
  for (const r of recent) if (r.text === text && r.schemaType === schemaType) return r.forms;
  const forms = computeForms(schemaType, text);
  recent.unshift({ schemaType, text, forms });
  if (recent.length > 2) recent.pop();
  return forms;
}

function computeForms(schemaType: string, text: string): Normalized {
  const type = schemaType.toUpperCase();
  try {
    if (type === 'AVRO') return normalizeAvro(text);
    if (type === 'JSON') return same(sortedStringify(parseLossless(text)));
    if (type === 'PROTOBUF') return same(normalizeProtobuf(text));
    // Apicurio's JSON-based types (OpenAPI and AsyncAPI may also be YAML, compared as text like XML and GraphQL)
    if (JSON_DOCUMENT_TYPES.has(type) && /^\s*[{[]/.test(text)) return same(sortedStringify(parseLossless(text)));
    return same(text.trim());
  } catch (err) {
    return { ...same(text.trim()), error: `${type}: ${(err as Error).message}` };
  }
}

/** Digests of the forms, cached by text, so identical content across versions and sides is normalized once. */
export function digest(schemaType: string, text: string): Digest {
  let byText = digests.get(schemaType);
  if (!byText) digests.set(schemaType, (byText = new Map()));
  let hit = byText.get(text);
  if (!hit) {
    const n = normalize(schemaType, text);
    const semantic = long(n.semantic);
    hit = {
      canonical: n.canonical === n.semantic ? semantic : long(n.canonical),
      semantic,
      hash: semantic.slice(0, 16),
      leaf: closureHash(schemaType, n.semantic, []),
    };
    if (n.error) hit.error = n.error;
    byText.set(text, hit);
  }
  return hit;
}

/** A version's identity with what its references point at: its type, semantic form and each reference's closure. */
export function closureHash(schemaType: string, semantic: string, parts: string[]): string {
  return sha(`${schemaType}\u0000${semantic}\u0000${parts.join('\u0000')}`);
}

/**
 * Why a schema is invalid beyond what normalizing found (for Avro, avsc's full check with the referenced texts),
 * or undefined. Cached like the digests.
 */
export function validationError(schemaType: string, text: string, refTexts: string[] = []): string | undefined {
  const d = digest(schemaType, text);
  if (d.error || schemaType.toUpperCase() !== 'AVRO') return d.error;
  const key = `${text}\u0000${refTexts.join('\u0000')}`;
  if (!verdicts.has(key)) verdicts.set(key, avroError(text, refTexts));
  return verdicts.get(key);
}

function same(form: string): Normalized {
  return { canonical: form, semantic: form };
}

/** 128 bits: equality of forms, with no collision to fear at any registry's size. */
function long(text: string): string {
  return createHash('sha256').update(text).digest().toString('hex', 0, 16);
}

export function sha(text: string): string {
  // Hex of the first 8 bytes, not a slice of the whole hex: a slice would keep all 64 characters alive.
  return createHash('sha256').update(text).digest().toString('hex', 0, 8);
}

export function clearNormalizeCache(): void {
  digests.clear();
  verdicts.clear();
  recent.length = 0;
}

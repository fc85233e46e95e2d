// Raw schema text -> comparable forms, cached by content so identical text is normalized once per run.
import { createHash, type Hash } from 'node:crypto';
import { avroError, avroForm } from './avro.js';
import { protobufForm } from './protobuf.js';
import { protobufTokens } from './protobuf-options.js';
import { parseLossless, TextSink, writeSorted, type Json, type Sink } from './json.js';

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
// By text, then by the referenced texts: a key joining them would copy the text (50 MB for a 50 MB schema).
const verdicts = new Map<string, Map<string, string | undefined>>();

export type Form = 'canonical' | 'semantic';

/** A schema read for its forms: JSON trees that sortedStringify prints (Avro has two), or text for other types. */
type Parsed = { tree(form: Form): Json; alike: boolean } | { text: string };

/**
 * Which forms: the current ones (3), or those of earlier closures, for checking baselines hashed then: v1 (before
 * 2026-12-05: Protobuf without its messages' order, its oneof members and reserved numbers as written), v2 (before
 * 2026-12-06: Protobuf option values as protobufjs reads them, a list keeping one item; `extend` names as written).
 */
export type FormVersion = 1 | 2 | 3;
export const FORMS: FormVersion = 3;

/** Throws where the schema cannot be parsed; callers then fall back to the trimmed text. */
function parseForms(schemaType: string, text: string, version: FormVersion = FORMS): Parsed {
  const type = schemaType.toUpperCase();
  if (type === 'AVRO') {
    const doc = parseLossless(text);
    return { tree: (form) => avroForm(doc, form), alike: false };
  }
  const json = isJsonDocument(schemaType, text);
  if (!json && type !== 'PROTOBUF') return { text: text.trim() };
  const doc = json ? parseLossless(text) : protobufForm(text, version);
  return { tree: () => doc, alike: true };
}

/**
 * What a schema no parser reads is compared as: its text trimmed; a Protobuf file, its tokens without comments and
 * layout (what Confluent's canonical string drops), so that a schema protobufjs refuses is not told apart from its
 * own reformatting.
 */
function unparsed(schemaType: string, text: string, version: FormVersion): Parsed {
  if (version === 3 && schemaType.toUpperCase() === 'PROTOBUF') return { text: protobufTokens(text) };
  return { text: text.trim() };
}

/** JSON Schema, or one of Apicurio's JSON-based types (OpenAPI and AsyncAPI may be YAML: compared as text). */
export function isJsonDocument(schemaType: string, text: string): boolean {
  const type = schemaType.toUpperCase();
  return type === 'JSON' || (JSON_DOCUMENT_TYPES.has(type) && /^\s*[{[]/.test(text));
}

const failure = (schemaType: string, err: unknown) => `${schemaType.toUpperCase()}: ${(err as Error).message}`;

function writeForm(parsed: Parsed, form: Form, out: Sink): void {
  if ('text' in parsed) out.write(parsed.text);
  else writeSorted(parsed.tree(form), out);
}

function hashForm(parsed: Parsed, form: Form, hash: Hash): void {
  const out = new HashSink(hash);
  writeForm(parsed, form, out);
  out.flush();
}

/** The comparable forms of a schema as text: for the Kora audit file and for tests. */
export function normalize(schemaType: string, text: string): Normalized {
  const formText = (parsed: Parsed, form: Form) => {
    const out = new TextSink();
    writeForm(parsed, form, out);
    return out.text;
  };
  try {
    const parsed = parseForms(schemaType, text);
    const canonical = formText(parsed, 'canonical');
    return { canonical, semantic: 'text' in parsed || parsed.alike ? canonical : formText(parsed, 'semantic') };
  } catch (err) {
    const { text: form } = unparsed(schemaType, text, FORMS) as { text: string };
    return { canonical: form, semantic: form, error: failure(schemaType, err) };
  }
}

/**
 * A form as a JSON tree, for showing where two schemas differ; undefined where it is not JSON. Building the tree
 * again costs less than keeping each form's text (a 50 MB Avro schema: two 50 MB texts a side).
 */
export function formTree(schemaType: string, text: string, form: Form): Json | undefined {
  try {
    const parsed = parseForms(schemaType, text);
    if (!('text' in parsed)) return parsed.tree(form);
  } catch {
    // compared as trimmed text, below
  }
  try {
    return parseLossless(text.trim());
  } catch {
    return undefined;
  }
}

/** Digests of the forms, cached by text, so identical content across versions and sides is normalized once. */
export function digest(schemaType: string, text: string, version: FormVersion = FORMS): Digest {
  // Only Protobuf's forms changed between the versions: the others share one cache.
  const v = schemaType.toUpperCase() === 'PROTOBUF' ? version : FORMS;
  const key = v === FORMS ? schemaType : `${schemaType}\u0000v${v}`;
  let byText = digests.get(key);
  if (!byText) digests.set(key, (byText = new Map()));
  let hit = byText.get(text);
  if (!hit) {
    try {
      hit = digestForms(schemaType, text, parseForms(schemaType, text, v));
    } catch (err) {
      hit = digestForms(schemaType, text, unparsed(schemaType, text, v), failure(schemaType, err));
    }
    byText.set(text, hit);
  }
  return hit;
}

/**
 * One hash of the semantic form gives both its digest and its reference closure: the digest is the first 16 bytes
 * of the closure's hash (a version without references). The canonical form only tells what kind of difference two
 * schemas that differ have: hashed when first asked for (the schema parsed again), or at once for a text large
 * enough that parsing it again would cost more than hashing one more form now.
 */
function digestForms(schemaType: string, text: string, parsed: Parsed, error?: string): Digest {
  const h = closureStart(schemaType);
  hashForm(parsed, 'semantic', h);
  const semantic = closureEnd(h, [], 16);
  const canonical =
    'text' in parsed || parsed.alike ? semantic : text.length >= EAGER_CANONICAL ? canonicalHex(parsed) : undefined;
  return new FormDigests(schemaType, text, semantic, semantic.slice(0, 16), canonical, error);
}

const EAGER_CANONICAL = 65_536;

function canonicalHex(parsed: Parsed): string {
  const h = createHash('sha256');
  hashForm(parsed, 'canonical', h);
  return hex(h, 16);
}

class FormDigests implements Digest {
  constructor(
    private readonly schemaType: string,
    private readonly text: string,
    readonly semantic: string,
    readonly leaf: string,
    private canonicalForm: string | undefined,
    readonly error?: string,
  ) {}

  /** Short, for reports and maps. */
  get hash(): string {
    return this.leaf;
  }

  get canonical(): string {
    return (this.canonicalForm ??= canonicalHex(parseForms(this.schemaType, this.text)));
  }
}

/**
 * A version's identity with what its references point at: sha(type, semantic form, each reference's closure), the
 * hash baselines keep. The form is hashed as it is written.
 */
export function closureHash(schemaType: string, text: string, parts: string[], version: FormVersion = FORMS): string {
  const hashed = (parsed: Parsed) => {
    const h = closureStart(schemaType);
    hashForm(parsed, 'semantic', h);
    return closureEnd(h, parts);
  };
  try {
    return hashed(parseForms(schemaType, text, version));
  } catch {
    return hashed(unparsed(schemaType, text, version)); // as digest() falls back
  }
}

// A closure hash is sha(type NUL semantic-form NUL parts joined by NUL); the form goes in between these two.
const closureStart = (schemaType: string) => createHash('sha256').update(`${schemaType}\u0000`);
const closureEnd = (h: Hash, parts: string[], bytes = 8) => hex(h.update(`\u0000${parts.join('\u0000')}`), bytes);

/**
 * Why a schema is invalid beyond what normalizing found (for Avro, avsc's full check with the referenced texts),
 * or undefined. Cached like the digests.
 */
export function validationError(schemaType: string, text: string, refTexts: string[] = []): string | undefined {
  const d = digest(schemaType, text);
  if (d.error || schemaType.toUpperCase() !== 'AVRO') return d.error;
  let byRefs = verdicts.get(text);
  if (!byRefs) verdicts.set(text, (byRefs = new Map()));
  const key = refTexts.join('\u0000');
  if (!byRefs.has(key)) byRefs.set(key, avroError(text, refTexts));
  return byRefs.get(key);
}

/**
 * Hex of the first bytes of the digest: 16 bytes (128 bits) for the equality of forms, with no collision to fear at
 * any registry's size; 8 for closures.
 */
function hex(h: Hash, bytes: number): string {
  return h.digest().toString('hex', 0, bytes);
}

/**
 * Hashes what is written in chunks of about 64 KB: the digest of the whole text, which is never built. Pieces are
 * whole (see writeSorted), so a chunk never ends inside a surrogate pair.
 */
class HashSink implements Sink {
  private pending = '';
  constructor(private readonly hash: Hash) {}

  write(piece: string): void {
    this.pending += piece;
    if (this.pending.length >= 65_536) this.flush();
  }

  flush(): void {
    this.hash.update(this.pending);
    this.pending = '';
  }
}

export function clearNormalizeCache(): void {
  digests.clear();
  verdicts.clear();
}

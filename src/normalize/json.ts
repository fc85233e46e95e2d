// Lossless JSON: numbers keep their digits (a long default above 2^53 is valid Avro), keys sort on output.
import { isLosslessNumber, parse, type LosslessNumber } from 'lossless-json';

export type Json = null | boolean | string | number | LosslessNumber | Json[] | { [k: string]: Json };

/**
 * Only an integer of 16 digits or more can lose digits to JSON.parse (every shorter number prints back as the same
 * canonical number), so text without such a run of digits is parsed natively: lossless-json takes ten times the
 * time and memory (a 50 MB schema: 4 s and 1 GB against 0.4 s and 110 MB).
 */
const MAY_LOSE_DIGITS = /\d{16}/;

export function parseLossless(text: string): Json {
  return (MAY_LOSE_DIGITS.test(text) ? parse(text) : JSON.parse(text)) as Json;
}

/** Every number as it is written (`1.0` stays `1.0`): for telling how two equal forms write a number. */
export function parseWritten(text: string): Json {
  return parse(text) as Json;
}

/**
 * A number written with a fraction of zeros or an exponent (`1.0`, `1e2`): only with one can two texts hold the same
 * value written once as an integer and once as a decimal.
 */
export const MAY_WRITE_INTEGER_AS_DECIMAL = /\d\.0*(?!\d)|\d[eE]/;

/**
 * Same number, same text: 1.0 and 1, 1e2 and 100 print alike (how a number is written is told apart by
 * diff.ts spellingDifference); big integers keep every digit.
 */
export function canonicalNumber(n: LosslessNumber): string {
  return /^-?\d+$/.test(n.value) ? BigInt(n.value).toString() : String(Number(n.value));
}

export function isNumberNode(x: unknown): x is LosslessNumber {
  return isLosslessNumber(x);
}

export type JsonObject = { [k: string]: Json };

/** A JSON object: not null, an array or a number kept as written (a LosslessNumber is an object too). */
export function isJsonObject(x: Json | undefined): x is JsonObject {
  return x !== null && typeof x === 'object' && !Array.isArray(x) && !isLosslessNumber(x);
}

/** Where a form is written piece by piece: a string, or a hash that never holds a large schema's form whole. */
export interface Sink {
  write(piece: string): void;
}

export class TextSink implements Sink {
  text = '';
  write(piece: string): void {
    this.text += piece;
  }
}

/** Deterministic JSON text: sorted keys, no whitespace, canonical numbers. Hot: every schema passes here. */
export function sortedStringify(value: Json): string {
  const out = new TextSink();
  writeSorted(value, out);
  return out.text;
}

/**
 * sortedStringify's text, written to a sink. Each piece is whole JSON (a string's JSON.stringify escapes a lone
 * surrogate), so a sink that hashes in chunks hashes the same UTF-8 as the whole text.
 */
export function writeSorted(value: Json, out: Sink): void {
  if (value === null || typeof value === 'boolean') return out.write(String(value));
  if (typeof value === 'string') return out.write(JSON.stringify(value));
  if (typeof value === 'number') return out.write(String(value)); // as canonicalNumber prints the same number
  if (isLosslessNumber(value)) return out.write(canonicalNumber(value));
  if (Array.isArray(value)) {
    out.write('[');
    for (let i = 0; i < value.length; i++) {
      if (i) out.write(',');
      writeSorted(value[i]!, out);
    }
    return out.write(']');
  }
  const keys = sortKeys(Object.keys(value));
  out.write('{');
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    out.write(`${i ? ',' : ''}${JSON.stringify(k)}:`);
    writeSorted(value[k]!, out);
  }
  out.write('}');
}

/** In place, in code-unit order like Array.prototype.sort; objects in schemas have a handful of keys. */
function sortKeys(keys: string[]): string[] {
  if (keys.length > 24) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > k; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = k;
  }
  return keys;
}

// Lossless JSON: numbers keep their digits (a long default above 2^53 is valid Avro), keys sort on output.
import { isLosslessNumber, parse, type LosslessNumber } from 'lossless-json';

export type Json = null | boolean | string | LosslessNumber | Json[] | { [k: string]: Json };

export function parseLossless(text: string): Json {
  return parse(text) as Json;
}

/** Same number, same text: 1.0 and 1, 1e2 and 100 print alike; big integers keep every digit. */
export function canonicalNumber(n: LosslessNumber): string {
  return /^-?\d+$/.test(n.value) ? BigInt(n.value).toString() : String(Number(n.value));
}

export function isNumberNode(x: unknown): x is LosslessNumber {
  return isLosslessNumber(x);
}

/** Deterministic JSON text: sorted keys, no whitespace, canonical numbers. */
export function sortedStringify(value: Json): string {
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (isLosslessNumber(value)) return canonicalNumber(value);
  if (Array.isArray(value)) return `[${value.map(sortedStringify).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedStringify(value[k]!)}`).join(',')}}`;
}

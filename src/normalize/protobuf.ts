// Protobuf: protobufjs's JSON descriptor, key-sorted. Comments and formatting vanish; imports are not followed
// here (references are compared by closure in references.ts).
import protobuf from 'protobufjs';
import { parseLossless, sortedStringify } from './json.js';

export function normalizeProtobuf(text: string): string {
  const root = protobuf.parse(text, { keepCase: true }).root.toJSON();
  return sortedStringify(parseLossless(JSON.stringify(root)));
}

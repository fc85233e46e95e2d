// Protobuf: protobufjs's JSON descriptor, key-sorted. Comments and formatting vanish; imports are not followed
// here (references are compared by closure in references.ts).
import protobuf from 'protobufjs';
import { parseLossless, type Json } from './json.js';

/** The descriptor as a tree (sortedStringify prints its form), its numbers read losslessly. */
export function protobufForm(text: string): Json {
  const root = protobuf.parse(text, { keepCase: true }).root.toJSON();
  return parseLossless(JSON.stringify(root));
}

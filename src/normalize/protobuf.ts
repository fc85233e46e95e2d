// Protobuf: protobufjs's JSON descriptor, key-sorted, with the order of messages kept. Comments and formatting
// vanish; imports are not followed here (references are compared by closure in references.ts).
import protobuf from 'protobufjs';
import type { NoteSpelling, Spelling } from '../model/product.js';
import { isJsonObject, parseLossless, type Json } from './json.js';
import { optionValuesAsStrings } from './protobuf-options.js';

/**
 * The descriptor as a tree (sortedStringify prints its form), its numbers read losslessly. Key-sorting forgets the
 * order of declarations, which is right for most of them (field numbers, not positions, are what the wire carries)
 * but not for messages: Confluent's framing names a record's message by its index among its scope's messages, so
 * two files with messages in another order decode the same bytes as different messages. A oneof's member list is
 * sorted like the fields it names, and reserved numbers and names become one sorted set (how either is written is a
 * spelling: protobufSpellings).
 */
export function protobufForm(text: string, version: 1 | 2 | 3 = 3): Json {
  // v1 (closure v1, before 2026-12-05): protobufjs's descriptor key-sorted and nothing more (no order of messages;
  // oneof members and reserved numbers as written). v2: option values as protobufjs reads them, `extend` as written.
  const root = version === 3 ? parseProto(optionValuesAsStrings(text)) : protobuf.parse(text, { keepCase: true }).root;
  const form = parseLossless(JSON.stringify(root.toJSON()));
  if (version > 1) annotate(root, form, version === 3 ? { importPackages: importPackagesOf(text) } : null);
  return form;
}

/**
 * protobufjs's parse, without its check that no field or enum value uses a reserved number or name: wire (and so
 * Confluent) takes such a file (ProtobufSchemaTest.testEnumReserved), and what the file reserves stays in its form.
 */
function parseProto(text: string, comments = false): protobuf.Root {
  const checks = [protobuf.Type.prototype, protobuf.Enum.prototype] as {
    isReservedId: unknown;
    isReservedName: unknown;
  }[];
  const saved = checks.map((p) => [p.isReservedId, p.isReservedName] as const);
  for (const p of checks) p.isReservedId = p.isReservedName = () => false;
  try {
    return protobuf.parse(text, { keepCase: true, ...(comments ? { alternateCommentMode: true } : {}) }).root;
  } finally {
    checks.forEach((p, k) => ([p.isReservedId, p.isReservedName] = saved[k]!));
  }
}

/**
 * What the current forms (v3) add to v2's: extension fields by their full names, and types from imports named as
 * protobuf would resolve them (their packages told by the imports' paths: `confluent/type/decimal.proto` declares
 * `confluent.type`).
 */
interface V3 {
  importPackages: string[];
}

function annotate(ns: protobuf.NamespaceBase, form: Json | undefined, v3: V3 | null): void {
  if (!isJsonObject(form)) return;
  if (ns instanceof protobuf.Type && isJsonObject(form.oneofs)) {
    for (const o of Object.values(form.oneofs))
      if (isJsonObject(o) && Array.isArray(o.oneof)) o.oneof = [...(o.oneof as string[])].sort();
  }
  if (ns instanceof protobuf.Type && isJsonObject(form.fields))
    for (const f of ns.fieldsArray) resolveIn(form.fields[f.name], 'type', f, () => f.resolvedType, v3);
  if (ns instanceof protobuf.Service && isJsonObject(form.methods))
    for (const m of ns.methodsArray) {
      const method = form.methods[m.name];
      resolveIn(method, 'requestType', m, () => m.resolvedRequestType, v3);
      resolveIn(method, 'responseType', m, () => m.resolvedResponseType, v3);
      // A method's options are kept as a list in their order: the order is a spelling (protobuf-option-order)
      if (v3 && isJsonObject(method) && Array.isArray(method.parsedOptions))
        method.parsedOptions = sortedOptions(method);
    }
  const children = ns.nestedArray;
  // A proto2 group is a type too, but no message of the file's: Confluent's indexes count the messages declared
  const isGroup = (t: protobuf.Type) => (t as protobuf.Type & { group?: boolean }).group === true;
  const messages = children.filter((c) => c instanceof protobuf.Type && !isGroup(c)).map((c) => c.name);
  if (messages.length > 1) form.messageOrder = messages;
  const nested = isJsonObject(form.nested) ? form.nested : {};
  for (const c of children) {
    if (c instanceof protobuf.Namespace) annotate(c, nested[c.name], v3);
    const child = nested[c.name];
    // An extension field: the message it extends and its own type, by their full names (as fields' types are).
    if (v3 && c instanceof protobuf.Field && c.extend !== undefined && isJsonObject(child)) {
      const extended = ns.lookup(c.extend, [protobuf.Type]);
      child.extend = extended ? extended.fullName : importedName(c.extend, ns.fullName, v3);
      resolveIn(child, 'type', c, () => c.resolvedType, v3);
    }
    if (isJsonObject(child) && Array.isArray(child.reserved)) child.reserved = reservedSet(child.reserved);
  }
}

/** A method's options (a list of one-key objects) ordered by their names, each name's values in their order. */
function sortedOptions(method: Record<string, Json>): Json[] {
  const list = method.parsedOptions as Json[];
  const keyOf = (o: Json) => (isJsonObject(o) ? (Object.keys(o)[0] ?? '') : '');
  return list
    .map((o, i) => [o, i] as const)
    .sort(([a, i], [b, j]) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : i - j))
    .map(([o]) => o);
}

/**
 * A type named by its full name (`B`, `p.B` and `.p.B` in package p name one type), where the file itself defines it;
 * a type from an import (not followed here) stays as written.
 */
function resolveIn(
  form: Json | undefined,
  key: string,
  o: protobuf.ReflectionObject & { resolve(): unknown },
  resolved: () => protobuf.ReflectionObject | null | undefined,
  v3: V3 | null,
): void {
  if (!isJsonObject(form)) return;
  try {
    o.resolve();
  } catch {
    // Not defined in this file: from an import
    if (v3 && typeof form[key] === 'string')
      form[key] = importedName(form[key] as string, o.parent?.fullName ?? '', v3);
    return;
  }
  const t = resolved();
  if (t) form[key] = t.fullName;
}

/**
 * A type from an import by its full name: written whole (`.confluent.type.Decimal`), or resolved from the innermost
 * scope outwards to the first name whose package an import declares (`type.Decimal` in package `confluent.events`);
 * as written where none is.
 */
function importedName(written: string, scope: string, v3: V3): string {
  if (written.startsWith('.')) return written;
  const parts = scope.replace(/^\./, '').split('.').filter(Boolean);
  for (let k = parts.length; k >= 0; k--) {
    const candidate = [...parts.slice(0, k), written].join('.');
    const pkg = candidate.split('.').slice(0, -1).join('.');
    if (v3.importPackages.some((p) => pkg === p || pkg.startsWith(`${p}.`))) return `.${candidate}`;
  }
  return written;
}

/** The packages a file's imports declare, and google.protobuf, whose types wire knows without an import. */
function importPackagesOf(text: string): string[] {
  const imports = importsOf(stripComments(text)).map((i) => i.replace(/^(public|weak) /, ''));
  return ['google.protobuf', ...imports.map(packageOfPath)];
}

/** The package an imported file declares by convention: its directory (`google/protobuf/x.proto`: google.protobuf). */
const packageOfPath = (path: string) => path.split('/').slice(0, -1).join('.');

/** Reserved numbers as sorted, merged ranges, then the reserved names sorted: `3, 2` and `2 to 3` alike. */
function reservedSet(reserved: Json[]): Json[] {
  const ranges = reserved
    .filter((r): r is number[] => Array.isArray(r) && r.length === 2 && r.every((n) => typeof n === 'number'))
    .map(([a, b]) => [a!, b!])
    .sort((x, y) => x[0]! - y[0]! || x[1]! - y[1]!);
  const merged: number[][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0]! <= last[1]! + 1) last[1] = Math.max(last[1]!, r[1]!);
    else merged.push(r);
  }
  const names = [...new Set(reserved.filter((r): r is string => typeof r === 'string'))].sort();
  return [...merged, ...names];
}

/**
 * How two Protobuf schemas with equal forms are written apart, noted in the order the walk meets them:
 * - `protobuf-declarations`: declarations in another order (fields, oneofs and their members, enum values, file
 *   and message options), other imports, `syntax` written out or left to its default, reserved numbers, extension
 *   ranges, a type's or an extended message's name written otherwise: printers that keep what the text declares as
 *   it declares it (Confluent's canonical string, Karapace, Apicurio) tell them apart; AxonOps sorts and leaves
 *   imports out;
 * - `protobuf-type-order`: enums, services or methods in another order (a normalizing Confluent keeps them so);
 * - `protobuf-placement`: the same orders, but enums placed otherwise among messages or oneofs among fields
 *   (Confluent and Karapace print messages before enums and fields before oneofs; Apicurio keeps the text's order);
 * - `protobuf-option-order`: a field's or method's options in another order;
 * - `protobuf-option-value`: an option's value written otherwise (a number, an aggregate's keys in another order, a
 *   list of one for its item);
 * - `protobuf-comments`: other comments documenting a declaration (Karapace and Apicurio keep them).
 * Nothing where a text does not parse (the forms were compared as text then).
 */
export function protobufSpellings(a: string, b: string, note: NoteSpelling): void {
  let x: protobuf.Root;
  let y: protobuf.Root;
  try {
    // Comments before a declaration or after it on its line are its documentation (as wire's parser takes them)
    // Option values as written, where the forms hold them as their values: how they are written is a spelling.
    const parse = (text: string) => parseProto(optionValuesAsStrings(text, 'written'), true);
    [x, y] = [parse(a), parse(b)];
  } catch {
    return;
  }
  const [ca, cb] = [stripComments(a), stripComments(b)];
  const [sa, sb] = [syntaxOf(ca), syntaxOf(cb)];
  if (sa !== sb) note('protobuf-declarations', `syntax: ${sa} → ${sb}`);
  const [ia, ib] = [importsOf(ca), importsOf(cb)];
  if (ia.join('\n') !== ib.join('\n')) note('protobuf-declarations', `imports: ${list(ia)} → ${list(ib)}`);
  walkOrder(x, y, '', note);
  const [ra, rb] = [rangesOf(ca), rangesOf(cb)];
  if (ra.join('\n') !== rb.join('\n')) note('protobuf-declarations', `ranges written ${list(ra)} → ${list(rb)}`);
  const [da, db] = [documentation(x), documentation(y)];
  if (da.join('\n') !== db.join('\n')) note('protobuf-comments', `comments: ${quote(da)} → ${quote(db)}`);
}

function walkOrder(a: protobuf.ReflectionObject, b: protobuf.ReflectionObject, path: string, note: NoteSpelling): void {
  const at = path || '(root)';
  // Whether this node's declarations were in another order; their placement among each other counts only if not.
  let reordered = false;
  const order = (what: string, x: string[], y: string[], kind: Spelling = 'protobuf-declarations') => {
    if (x.join('\u0000') === y.join('\u0000')) return;
    if (kind === 'protobuf-declarations' || kind === 'protobuf-type-order') reordered = true;
    else if (kind === 'protobuf-placement' && reordered) return;
    note(kind, `${at}: ${what} in another order: ${list(x)} → ${list(y)}`);
  };
  order('options', Object.keys(a.options ?? {}), Object.keys(b.options ?? {}));
  optionValues(at, '', a.options, b.options, note);
  if (a instanceof protobuf.Type && b instanceof protobuf.Type) {
    const regular = (t: protobuf.Type) => t.fieldsArray.filter((f) => !f.partOf).map(name);
    order('fields', regular(a), regular(b));
    order('oneofs', a.oneofsArray.map(name), b.oneofsArray.map(name));
    for (const o of a.oneofsArray) {
      const p = b.oneofs?.[o.name];
      if (p) order(`oneof ${o.name} members`, o.oneof, p.oneof);
    }
    order('fields and oneofs', a.fieldsArray.map(name), b.fieldsArray.map(name), 'protobuf-placement');
    for (const f of a.fieldsArray) {
      const g = b.fields[f.name];
      if (!g) continue;
      if (g.type !== f.type) note('protobuf-declarations', `${at}: ${f.name} type written ${f.type} → ${g.type}`);
      order(`${f.name} options`, Object.keys(f.options ?? {}), Object.keys(g.options ?? {}), 'protobuf-option-order');
      optionValues(at, `${f.name} `, f.options, g.options, note);
    }
  }
  const written = (o: protobuf.ReflectionObject) => JSON.stringify((o as { reserved?: unknown }).reserved ?? []);
  if (written(a) !== written(b)) note('protobuf-declarations', `${at}: reserved ${written(a)} → ${written(b)}`);
  if (a instanceof protobuf.Enum && b instanceof protobuf.Enum)
    order('values', Object.keys(a.values), Object.keys(b.values));
  if (a instanceof protobuf.Service && b instanceof protobuf.Service) {
    order('methods', a.methodsArray.map(name), b.methodsArray.map(name), 'protobuf-type-order');
    for (const m of a.methodsArray) {
      const n = b.methods[m.name];
      const types = (x: protobuf.Method) => `(${x.requestType}) returns (${x.responseType})`;
      if (n && types(n) !== types(m)) note('protobuf-declarations', `${at}.${m.name}: ${types(m)} → ${types(n)}`);
      const named = (x: protobuf.Method) => (x.parsedOptions ?? []).map((o) => Object.keys(o)[0] ?? '');
      if (n) order(`${m.name} options`, named(m), named(n), 'protobuf-option-order');
    }
  }
  if (!(a instanceof protobuf.Namespace) || !(b instanceof protobuf.Namespace)) return;
  const kinds = (ns: protobuf.Namespace, k: new (...args: never[]) => protobuf.ReflectionObject) =>
    ns.nestedArray.filter((c) => c instanceof k).map(name);
  order('enums', kinds(a, protobuf.Enum), kinds(b, protobuf.Enum), 'protobuf-type-order');
  order('services', kinds(a, protobuf.Service), kinds(b, protobuf.Service), 'protobuf-type-order');
  order('declarations', a.nestedArray.map(name), b.nestedArray.map(name), 'protobuf-placement');
  for (const c of a.nestedArray) {
    const d = b.nested?.[c.name];
    if (c instanceof protobuf.Field && d instanceof protobuf.Field && c.extend !== d.extend)
      note('protobuf-declarations', `${at}: ${c.name} extends ${c.extend} → ${d.extend}`);
    if (d) walkOrder(c, d, path ? `${path}.${c.name}` : c.name, note);
  }
}

const name = (o: { name: string }) => o.name;

/** Options whose values are written otherwise (`10f` and `10`, an aggregate's keys in another order). */
function optionValues(
  at: string,
  what: string,
  a: Record<string, unknown> | undefined,
  b: Record<string, unknown> | undefined,
  note: NoteSpelling,
): void {
  for (const [k, v] of Object.entries(a ?? {})) {
    const w = b?.[k];
    if (w !== undefined && JSON.stringify(v) !== JSON.stringify(w))
      note('protobuf-option-value', `${at}: ${what}option ${k} written ${String(v)} → ${String(w)}`);
  }
}

/** The `syntax` or `edition` statement as written (`"proto2"`), or `absent`; of text without its comments. */
function syntaxOf(code: string): string {
  const m = /\b(syntax|edition)\s*=\s*("[^"]*"|'[^']*')/.exec(code);
  return m ? `${m[1] === 'edition' ? 'edition ' : ''}"${m[2]!.slice(1, -1)}"` : 'absent';
}

/**
 * The `reserved` and `extensions` statements of text without its comments, as written: `20000` and `20000 to 20000`
 * are one range to protobufjs, two spellings to Confluent's canonical string (its normalize makes them one).
 */
function rangesOf(code: string): string[] {
  const written = (m: RegExpMatchArray) =>
    `${m[1]} ${m[2]!
      .trim()
      .replace(/\s*,\s*/g, ', ')
      .replace(/\s+/g, ' ')}`;
  return [...code.matchAll(/\b(reserved|extensions)\b([^;]*);/g)].map(written);
}

/** The import statements of text without its comments, as written (`public` and `weak` kept). */
function importsOf(code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(/\bimport\s+(public\s+|weak\s+)?("[^"]*"|'[^']*')/g))
    out.push(`${m[1]?.trim() ? `${m[1].trim()} ` : ''}${m[2]!.slice(1, -1)}`);
  return out;
}

/**
 * The comments that document a declaration, in order, each with the declaration's name: what Karapace and Apicurio
 * keep (a comment that documents nothing, such as one above `syntax`, they drop: tried).
 */
function documentation(o: protobuf.ReflectionObject, path = ''): string[] {
  const out: string[] = [];
  const doc = (at: string, comment: string | null | undefined) => {
    if (comment) out.push(`${at}: ${comment}`);
  };
  if (path) doc(path, o.comment);
  const under = (n: string) => (path ? `${path}.${n}` : n);
  if (o instanceof protobuf.Enum) for (const [k, c] of Object.entries(o.comments)) doc(under(k), c);
  if (o instanceof protobuf.Type) for (const f of o.fieldsArray) doc(under(f.name), f.comment);
  if (o instanceof protobuf.Service) for (const m of o.methodsArray) doc(under(m.name), m.comment);
  if (o instanceof protobuf.Namespace) for (const c of o.nestedArray) out.push(...documentation(c, under(c.name)));
  return out;
}

/** The text without its comments, string literals skipped (a `//` inside quotes is not a comment). */
function stripComments(text: string): string {
  let out = '';
  let code = 0;
  for (let i = 0; i < text.length;) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      for (i++; i < text.length && text[i] !== c && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
      i++;
    } else if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
      const line = text[i + 1] === '/';
      const end = line ? text.indexOf('\n', i) : text.indexOf('*/', i + 2);
      out += text.slice(code, i);
      code = i = end < 0 ? text.length : line ? end : end + 2;
    } else i++;
  }
  return out + text.slice(code);
}

const list = (xs: string[]) => (xs.length ? xs.join(', ') : 'none');
const quote = (xs: string[]) => {
  const s = xs.map((x) => JSON.stringify(x)).join(', ') || 'none';
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
};

import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { closureHash, digest, normalize, validationError } from '../../src/normalize/index.js';
import { ReferenceResolver } from '../../src/normalize/references.js';
import { firstDifference, spellingDifferences } from '../../src/normalize/diff.js';

const spellingDifference = (type: string, a: string, b: string) => spellingDifferences(type, a, b)[0];
import { avroType } from '../../src/normalize/avro.js';
import { compareRegistries } from '../../src/workflows/compare.js';
import type { Reference, Registry, SchemaVersion } from '../../src/model/types.js';
import type { Product } from '../../src/model/product.js';

describe('Avro', () => {
  const rec = {
    type: 'record',
    name: 'R',
    namespace: 'a.b',
    fields: [{ name: 'x', type: 'long', default: 1, doc: 'd' }],
  };

  it('treats namespace spelling and {"type":"long"} shorthand as equal', () => {
    const a = normalize('AVRO', JSON.stringify(rec));
    const b = normalize(
      'AVRO',
      JSON.stringify({
        type: 'record',
        name: 'a.b.R',
        fields: [{ name: 'x', type: { type: 'long' }, default: 1, doc: 'd' }],
      }),
    );
    expect(b.semantic).toBe(a.semantic);
    expect(b.canonical).toBe(a.canonical);
  });

  // Confluent hashes AvroSchema.canonicalString() (Avro's Schema.toString()) for lookups and id assignment.
  it(
    'keeps what the registry keeps in the semantic form only: defaults, aliases, logicalType, order, doc, ' +
      'properties',
    () => {
      const base = normalize('AVRO', JSON.stringify(rec));
      for (const field of [
        { name: 'x', type: 'long', default: 2, doc: 'd' },
        { name: 'x', type: 'long', default: 1, doc: 'd', aliases: ['y'] },
        { name: 'x', type: { type: 'long', logicalType: 'timestamp-millis' }, default: 1, doc: 'd' },
        { name: 'x', type: 'long', default: 1, doc: 'd', order: 'descending' },
        { name: 'x', type: 'long', default: 1, doc: 'another doc' },
        { name: 'x', type: 'long', default: 1 },
        { name: 'x', type: 'long', default: 1, doc: 'd', 'custom.prop': 'v' },
      ]) {
        const other = normalize('AVRO', JSON.stringify({ ...rec, fields: [field] }));
        expect(other.canonical).toBe(base.canonical);
        expect(other.semantic).not.toBe(base.semantic);
      }
      for (const top of [{ doc: 'a record' }, { 'connect.name': 'a.b.R' }, { aliases: ['Old'] }]) {
        expect(normalize('AVRO', JSON.stringify({ ...rec, ...top })).semantic).not.toBe(base.semantic);
      }
    },
  );

  it('keeps aliases in their order (the registry hashes them as written)', () => {
    const a = normalize('AVRO', JSON.stringify({ ...rec, aliases: ['A', 'B'] }));
    const b = normalize('AVRO', JSON.stringify({ ...rec, aliases: ['B', 'A'] }));
    const c = normalize('AVRO', JSON.stringify({ ...rec, aliases: ['a.b.A', 'a.b.B'] }));
    expect(b.semantic).not.toBe(a.semantic);
    expect(c.semantic).toBe(a.semantic);
  });

  it('reports a long default above 2^53 as invalid for avsc but still compares it digit for digit', () => {
    const s = (n: string) => `{"type":"record","name":"R","fields":[{"name":"x","type":"long","default":${n}}]}`;
    const a = normalize('AVRO', s('9007199254740993'));
    const b = normalize('AVRO', s('9007199254740992'));
    expect(validationError('AVRO', s('9007199254740993'))).toMatch(/^Avro: /);
    expect(a.semantic).toContain('9007199254740993');
    expect(a.semantic).not.toBe(b.semantic);
  });

  it(
    "does not call a schema invalid for avsc's own limits (a record of 70,000 fields), but " + 'does for a real fault',
    () => {
      const fields = Array.from({ length: 70_000 }, (_, i) => ({ name: `f${i}`, type: 'string' }));
      expect(validationError('AVRO', JSON.stringify({ type: 'record', name: 'Wide', fields }))).toBeUndefined();
      const bad = JSON.stringify({ type: 'record', name: 'Bad', fields: [{ name: 'x', type: 'nope' }] });
      expect(validationError('AVRO', bad)).toMatch(/^Avro: /);
    },
  );

  it('validates defaults a record branch must check, without leaving avsc unable to encode', () => {
    const inner = { type: 'record', name: 'In', fields: [{ name: 'a', type: 'int' }] };
    const schema = (d: unknown) =>
      JSON.stringify({ type: 'record', name: 'Out', fields: [{ name: 'x', type: [inner, 'null'], default: d }] });
    expect(validationError('AVRO', schema({ a: 1 }))).toBeUndefined();
    expect(validationError('AVRO', schema({ a: 'one' }))).toMatch(/^Avro: incompatible field default/);
    expect(validationError('AVRO', schema(null))).toMatch(/^Avro: incompatible field default/);
    const type = avroType(schema({ a: 1 }));
    expect(type.fromBuffer(type.toBuffer({ x: { a: 7 } }))).toEqual({ x: { a: 7 } });
  });

  it('validates with the named types its references define', () => {
    const dep = JSON.stringify({ type: 'record', name: 'com.Dep', fields: [{ name: 'a', type: 'int' }] });
    const x = JSON.stringify({ type: 'record', name: 'X', fields: [{ name: 'd', type: 'com.Dep' }] });
    expect(validationError('AVRO', x, [dep])).toBeUndefined();
    expect(validationError('AVRO', x)).toMatch(/undefined type name: com\.Dep/);
  });
});

describe('JSON Schema and Protobuf', () => {
  it('ignores key order, whitespace, \\u escapes and 1 vs 1.0 in JSON Schema', () => {
    const a = normalize('JSON', '{"type": "object", "properties": {"a": {"type": "integer", "minimum": 1}}}');
    const b = normalize('JSON', '{"properties":{"a":{"minimum":1.0,"type":"\\u0069nteger"}},"type":"object"}');
    expect(b.semantic).toBe(a.semantic);
  });

  it('ignores comments and formatting in Protobuf, but not field numbers or types', () => {
    const a = normalize('PROTOBUF', 'syntax = "proto3";\nmessage M {\n  string a = 1;\n}\n');
    const b = normalize('PROTOBUF', '// c\nsyntax="proto3"; message M { /* x */ string a = 1; }');
    const c = normalize('PROTOBUF', 'syntax = "proto3"; message M { string a = 2; }');
    expect(b.semantic).toBe(a.semantic);
    expect(c.semantic).not.toBe(a.semantic);
  });

  it("keeps the order of Protobuf messages, at every level: a record's message index points into it", () => {
    const file = (body: string) => normalize('PROTOBUF', `syntax = "proto3";\npackage p;\n${body}`);
    const [a, b] = ['message A { string x = 1; }\n', 'message B { string y = 1; }\n'];
    expect(file(b + a).semantic).not.toBe(file(a + b).semantic);
    expect(file(b + a).canonical).not.toBe(file(a + b).canonical);
    const nested = (x: string, y: string) => file(`message O { ${x} ${y} X x = 1; }`);
    const [x, y] = ['message X { string a = 1; }', 'message Y { string b = 1; }'];
    expect(nested(y, x).semantic).not.toBe(nested(x, y).semantic);
    expect(firstDifference('PROTOBUF', `message A {}\nmessage B {}`, `message B {}\nmessage A {}`)).toBe(
      'messageOrder[0]: "A" → "B"',
    );
    // A proto2 group is a type, not a message of the file: where it stands among the messages is no index
    const grouped = (body: string) => normalize('PROTOBUF', `syntax = "proto2";\nmessage O {\n${body}}\n`);
    const [group, inner] = ['  optional group G = 1 { optional string x = 2; }\n', '  message N {}\n'];
    expect(grouped(inner + group).semantic).toBe(grouped(group + inner).semantic);
    // A type by its full name, where the file defines it: B, p.B and .p.B are one type; an inner B is another
    const typed = (t: string, inner = '') => file(`message B {}\nmessage A {\n${inner}  ${t} b = 1;\n}\n`);
    expect(typed('p.B').semantic).toBe(typed('B').semantic);
    expect(typed('.p.B').semantic).toBe(typed('B').semantic);
    expect(typed('B', '  message B {}\n').semantic).not.toBe(typed('p.B', '  message B {}\n').semantic);
    // Reserved numbers and names are a set, however written; a different set differs
    const reserved = (r: string) => file(`message A { ${r} string x = 1; }`);
    expect(reserved('reserved 3, 2; reserved "b", "a";').semantic).toBe(
      reserved('reserved 2 to 3; reserved "a", "b";').semantic,
    );
    expect(reserved('reserved 2, 4;').semantic).not.toBe(reserved('reserved 2 to 4;').semantic);
    // The other declarations: an order the wire does not see (a spelling, below); enums are not messages
    const [e, f] = ['enum E { E0 = 0; }\n', 'enum F { F0 = 0; }\n'];
    expect(file(a + f + e).semantic).toBe(file(a + e + f).semantic);
    expect(file(e + a).semantic).toBe(file(a + e).semantic);
    expect(file('message A { int32 y = 2; string x = 1; }').semantic).toBe(
      file('message A { string x = 1; int32 y = 2; }').semantic,
    );
    expect(file('message C { oneof k { int32 i = 2; string s = 1; } }').semantic).toBe(
      file('message C { oneof k { string s = 1; int32 i = 2; } }').semantic,
    );
  });

  it('hashes Protobuf as closure v1 did where asked (baselines captured before the order of messages counted)', () => {
    const [ab, ba] = ['message A {}\nmessage B {}', 'message B {}\nmessage A {}'];
    expect(digest('PROTOBUF', ab, 1).semantic).toBe(digest('PROTOBUF', ba, 1).semantic);
    expect(digest('PROTOBUF', ab).semantic).not.toBe(digest('PROTOBUF', ba).semantic);
    // oneof members and reserved numbers as written, as v1 hashed them
    const oneof = (m: string) => `message C { oneof k { ${m} } }`;
    const [si, is] = [oneof('string s = 1; int32 i = 2;'), oneof('int32 i = 2; string s = 1;')];
    expect(digest('PROTOBUF', si, 1).semantic).not.toBe(digest('PROTOBUF', is, 1).semantic);
    expect(digest('PROTOBUF', si).semantic).toBe(digest('PROTOBUF', is).semantic);
    // one message, or none: the same hash in both
    expect(digest('PROTOBUF', 'message A {}', 1).semantic).toBe(digest('PROTOBUF', 'message A {}').semantic);
  });

  it('reports an unparseable schema instead of throwing', () => {
    const n = normalize('PROTOBUF', 'message {');
    expect(n.error).toMatch(/PROTOBUF/);
    expect(n.semantic).toBe('message {');
  });
});

describe('numbers in JSON forms', () => {
  it('print the same whether parsed natively or losslessly, and integers of 16+ digits keep every digit', async () => {
    const { sortedStringify } = await import('../../src/normalize/json.js');
    const { parse } = await import('lossless-json');
    const texts = [
      '1.0',
      '1e2',
      '-0',
      '0.1',
      '123456789012345.6789',
      '1E-7',
      '2.50',
      '-12',
      '1e21',
      '9007199254740991',
    ];
    for (const t of texts)
      expect(sortedStringify(JSON.parse(`[${t}]`)), t).toBe(sortedStringify(parse(`[${t}]`) as never));
    // a long default above 2^53 is valid Avro: JSON.parse would round it onto its neighbour
    const a = normalize('AVRO', '{"type":"long","default":9007199254740993}').semantic;
    const b = normalize('AVRO', '{"type":"long","default":9007199254740992}').semantic;
    expect(a).toContain('9007199254740993');
    expect(a).not.toBe(b);
  });
});

const version = (subject: string, schema: string, references: Reference[] = []): SchemaVersion => ({
  subject,
  version: 1,
  id: 1,
  schemaType: 'AVRO',
  schema,
  references,
  deleted: false,
});
const registry = (...versions: SchemaVersion[]): Registry => ({
  info: { kind: 'snapshot', location: 'test' },
  globalConfig: null,
  globalMode: null,
  contexts: ['.'],
  contextSettings: {},
  subjects: new Map(
    versions.map((v) => [
      v.subject,
      { name: v.subject, context: '.', deleted: false, versions: [v], config: null, mode: null },
    ]),
  ),
});

/** The findings of compare's checks over two registries. */
const compared = async (s: Registry, t: Registry) =>
  (await compareRegistries(s, t, { idsPreserved: true, deleted: 'compare' })).outcomes.flatMap((o) => o.findings);

describe('the same content across two registries', () => {
  const address = (doc: string) => JSON.stringify({ type: 'record', name: 'Address', doc, fields: [] });
  const user = JSON.stringify({ type: 'record', name: 'User', fields: [{ name: 'a', type: 'Address' }] });
  const ref = [{ name: 'Address', subject: 'address', version: 1 }];

  it('holds for identical texts, and for texts that differ only in formatting (through the normalized forms)', () => {
    const [a, b] = [version('s', '{"type":"string"}'), version('s', '{ "type" : "string" }')];
    const [ra, rb] = [new ReferenceResolver(registry(a)), new ReferenceResolver(registry(b))];
    expect(ra.sameText(a, rb, b)).toBe(false);
    expect(ra.sameContent(a, rb, b)).toBe(true);
    const c = version('s', '{"type":"string"}');
    expect(ra.sameText(a, new ReferenceResolver(registry(c)), c)).toBe(true);
  });

  it('fails for the same text whose reference resolves to other content, or to nothing', () => {
    const [src, tgt] = [version('user', user, ref), version('user', user, ref)];
    const ra = new ReferenceResolver(registry(src, version('address', address('one'))));
    const same = new ReferenceResolver(registry(tgt, version('address', address('one'))));
    const other = new ReferenceResolver(registry(tgt, version('address', address('two'))));
    const dangling = new ReferenceResolver(registry(tgt));
    expect(ra.sameText(src, same, tgt)).toBe(true);
    expect(ra.sameContent(src, other, tgt)).toBe(false);
    expect(ra.sameContent(src, dangling, tgt)).toBe(false);
  });

  it('does not parse identical texts, so an unparseable schema held alike on both sides is no finding', async () => {
    const broken = '{"type": "record", "name": ';
    const [s, t] = [registry(version('s', broken)), registry(version('s', broken))];
    const findingIds = async () => (await compared(s, t)).map((f) => f.id);
    expect(await findingIds()).toEqual([]);
    t.subjects.get('s')!.versions[0]!.schema = `${broken} `;
    expect(await findingIds()).toContain('schema-unparseable');
  });
});

describe('where two forms first differ', () => {
  it('names the path of the first difference, and nothing where the forms are equal in any key order', () => {
    const a = JSON.stringify({
      type: 'record',
      fields: [
        { name: 'a', default: 1 },
        { name: 'b', doc: 'x' },
      ],
    });
    const b = JSON.stringify({
      fields: [
        { default: 1, name: 'a' },
        { name: 'b', doc: 'y' },
      ],
      type: 'record',
    });
    expect(firstDifference('JSON', a, b)).toBe('fields[1].doc: "x" → "y"');
    expect(firstDifference('JSON', a, JSON.stringify(JSON.parse(a)))).toBeUndefined();
    expect(firstDifference('JSON', '{"a":[1,2]}', '{"a":[1,2,3]}')).toBe('a[2]: absent → 3');
    expect(firstDifference('JSON', '{"a":1}', '{"a":1,"b":2}')).toBe('b: absent → 2');
    expect(firstDifference('JSON', '{"n":12345678901234567}', '{"n":12345678901234568}')).toBe(
      'n: 12345678901234567 → 12345678901234568',
    );
    expect(firstDifference('JSON', '{"toString":1}', '{"valueOf":1}')).toBe('toString: 1 → absent');
  });

  it('gives up on forms nested too deep to walk (no valid schema is), leaving the finding without a place', () => {
    const deep = (leaf: string) => `${'['.repeat(30_000)}${leaf}${']'.repeat(30_000)}`;
    expect(firstDifference('AVRO', deep('1'), deep('2'))).toBeUndefined();
    expect(firstDifference('JSON', deep('1'), deep('2'))).toBeUndefined();
  });
});

describe('digests of large forms', () => {
  // The forms are hashed in chunks as they are written; baselines keep these hashes, so they must be the hashes of
  // the whole texts, pieces with non-ASCII and surrogate pairs falling on either side of a chunk's end.
  it('are the hashes of the whole form texts, chunked or not', () => {
    const sha = (text: string, bytes: number) => createHash('sha256').update(text).digest().toString('hex', 0, bytes);
    const fields = Array.from({ length: 3_000 }, (_, i) => ({
      name: `f${i}`,
      type: 'string',
      doc: `é ${'x'.repeat(i % 40)} \u{1F600} ${'\ud800'.slice(0, i % 2)}`,
    }));
    const text = JSON.stringify({ type: 'record', name: 'Big', namespace: 'a.b', fields });
    const forms = normalize('AVRO', text);
    expect(forms.semantic.length).toBeGreaterThan(200_000);
    const d = digest('AVRO', text);
    // The semantic digest is the closure hash of the form at 16 bytes: one hash gives both.
    expect(d.semantic).toBe(sha(`AVRO\u0000${forms.semantic}\u0000`, 16));
    expect(d.canonical).toBe(sha(forms.canonical, 16));
    expect(d.leaf).toBe(sha(`AVRO\u0000${forms.semantic}\u0000`, 8));
    expect(closureHash('AVRO', text, ['x', 'y'])).toBe(sha(`AVRO\u0000${forms.semantic}\u0000x\u0000y`, 8));
  });

  it('give a small schema the same canonical digest, hashed when first asked for', () => {
    const sha = (text: string) => createHash('sha256').update(text).digest().toString('hex', 0, 16);
    const text = '{"type":"record","name":"Small","doc":"d","fields":[{"name":"a","type":"int","default":1}]}';
    const forms = normalize('AVRO', text);
    expect(forms.canonical).not.toBe(forms.semantic);
    expect(digest('AVRO', text).canonical).toBe(sha(forms.canonical));
    expect(digest('AVRO', text).semantic).toBe(sha(`AVRO\u0000${forms.semantic}\u0000`));
  });

  it('hash the trimmed text of a schema that cannot be parsed, as its forms fall back to it', () => {
    const broken = '  {"type": "record", ';
    const d = digest('AVRO', broken);
    expect(d.error).toMatch(/^AVRO: /);
    const closure = createHash('sha256').update(`AVRO\u0000${broken.trim()}\u0000`).digest();
    expect(d.semantic).toBe(closure.toString('hex', 0, 16));
    expect(d.canonical).toBe(d.semantic);
    expect(normalize('AVRO', broken)).toMatchObject({ canonical: broken.trim(), semantic: broken.trim() });
  });
});

describe('spellings some registries tell apart and others do not', () => {
  // Avro's Schema.toString (what Confluent's lookups hash) prints a Jackson IntNode `1` and a DoubleNode `1.0` apart,
  // and keeps custom properties in their order; AxonOps's lookup tells {"type":"string"} from "string".
  const avro = (n: string, doc = 'v1.0') =>
    `{"type":"record","name":"N","doc":"${doc}","fields":[{"name":"x","type":"double","default":${n}}]}`;
  const props = (p: string, type = '"string"') =>
    `{"type":"record","name":"P",${p},"fields":[{"name":"x","type":${type}}]}`;

  it('are found where the semantic forms are equal, with the place and both spellings', () => {
    expect(digest('AVRO', avro('1.0')).semantic).toBe(digest('AVRO', avro('1')).semantic);
    const found = (kind: string, place: string) => ({ kind, place });
    expect(spellingDifference('AVRO', avro('1.0'), avro('1'))).toEqual(
      found('avro-default-number', 'fields[0].default: 1.0 → 1'),
    );
    expect(spellingDifference('AVRO', avro('1e2'), avro('100'))).toEqual(
      found('avro-default-number', 'fields[0].default: 1e2 → 100'),
    );
    expect(spellingDifference('AVRO', avro('0.0'), avro('-0.0'))).toEqual(
      found('avro-default-number', 'fields[0].default: 0.0 → -0.0'),
    );
    // In a custom property a number is kept as written, even by a normalizing Confluent (AvroSchemaUtils)
    expect(spellingDifference('AVRO', props('"a":1'), props('"a":1.0'))).toEqual(found('avro-number', 'a: 1 → 1.0'));
    expect(spellingDifference('JSON', '{"minimum":1}', '{"minimum":1.0}')).toEqual(
      found('json-number', 'minimum: 1 → 1.0'),
    );
    expect(spellingDifference('JSON', '{"a":{"x":1,"y":2}}', '{"a":{"y":2,"x":1}}')).toEqual(
      found('json-key-order', 'a: keys in another order: x, y → y, x'),
    );
    expect(spellingDifference('AVRO', props('"a":"1","b":"2"'), props('"b":"2","a":"1"'))).toEqual(
      found('avro-property-order', '(root): properties in another order: a, b → b, a'),
    );
    expect(spellingDifference('AVRO', props('"a":{"x":1,"y":2}'), props('"a":{"y":2,"x":1}'))).toEqual(
      found('avro-property-order', 'a: keys in another order: x, y → y, x'),
    );
    expect(spellingDifference('AVRO', props('"a":"1"', '{"type":"string"}'), props('"a":"1"'))).toEqual(
      found('avro-bare-type', 'fields[0].type: {"type":"string"} → "string"'),
    );
    // A nested type's namespace written out where it would be inherited (Karapace registers it anew: tried)
    const inner = (ns: string) =>
      `{"type":"record","name":"O","namespace":"a","fields":[{"name":"i","type":` +
      `{"type":"record","name":"I",${ns}"fields":[]}}]}`;
    expect(spellingDifference('AVRO', inner(''), inner('"namespace":"a",'))).toEqual(
      found('avro-namespace', 'fields[0].type: name "I" → name "I" namespace "a"'),
    );
    expect(spellingDifference('AVRO', '{"type":"long"}', '"long"')).toEqual(
      found('avro-bare-type', '(root): {"type":"long"} → "long"'),
    );
  });

  it('are not found where both spell alike, or only whitespace, known keys or text outside numbers differ', () => {
    expect(spellingDifference('AVRO', avro('1.0'), avro('1.00'))).toBeUndefined();
    expect(spellingDifference('AVRO', avro('1.5'), avro('1.50'))).toBeUndefined();
    expect(spellingDifference('AVRO', avro('1', 'v1.0'), avro('1', 'v1.00'))).toBeUndefined();
    expect(spellingDifference('AVRO', avro('-0'), avro('0'))).toBeUndefined();
    expect(spellingDifference('AVRO', props('"a":"1"'), ` ${props('"a":"1"').replace('"name":"P",', '')}`)).toBe(
      undefined,
    );
    const reordered = '{"fields":[{"type":"string","name":"x"}],"a":"1","name":"P","type":"record"}';
    expect(spellingDifference('AVRO', props('"a":"1"'), reordered)).toBeUndefined();
    expect(spellingDifference('PROTOBUF', 'syntax = "proto3";', 'syntax="proto3";')).toBeUndefined();
  });

  it('are found in Protobuf: declarations in another order, imports, placement, option order, comments', () => {
    const file = (body: string, head = '') => `syntax = "proto3";\npackage p;\n${head}${body}`;
    const kinds = (a: string, b: string) => spellingDifferences('PROTOBUF', a, b);
    const found = (kind: string, place: string) => [{ kind, place }];
    const a = 'message A {\n  string x = 1;\n  int32 y = 2;\n}\n';
    expect(kinds(file(a), file('message A {\n  int32 y = 2;\n  string x = 1;\n}\n'))).toEqual(
      found('protobuf-declarations', 'p.A: fields in another order: x, y → y, x'),
    );
    const [e, e2] = ['enum E { U = 0; V = 1; W = 2; }\n', 'enum E { U = 0; W = 2; V = 1; }\n'];
    expect(kinds(file(a + e), file(a + e2))).toEqual(
      found('protobuf-declarations', 'p.E: values in another order: U, V, W → U, W, V'),
    );
    expect(kinds(file(a + e), file(e + a))).toEqual(
      found('protobuf-placement', 'p: declarations in another order: A, E → E, A'),
    );
    const oneof = (body: string) => file(`message C {\n  oneof k {\n${body}  }\n}\n`);
    expect(
      kinds(oneof('    string s = 1;\n    int32 i = 2;\n'), oneof('    int32 i = 2;\n    string s = 1;\n')),
    ).toEqual([{ kind: 'protobuf-declarations', place: 'p.C: oneof k members in another order: s, i → i, s' }]);
    const ts = 'import "google/protobuf/timestamp.proto";\n';
    expect(kinds(file(a), file(a, ts))).toEqual(
      found('protobuf-declarations', 'imports: none → google/protobuf/timestamp.proto'),
    );
    expect(kinds(file(a, 'import "x.proto";\n'), file(a, 'import public "x.proto";\n'))).toEqual(
      found('protobuf-declarations', 'imports: x.proto → public x.proto'),
    );
    const opt = (o: string) => file(`message A {\n  string x = 1 [${o}];\n}\n`);
    const swapped = 'deprecated, json_name → json_name, deprecated';
    expect(kinds(opt('deprecated = true, json_name = "q"'), opt('json_name = "q", deprecated = true'))).toEqual(
      found('protobuf-option-order', `p.A: x options in another order: ${swapped}`),
    );
    expect(kinds(file(a), `// the file\n${file(a.replace('1;', '1; /* key */'))}`)).toEqual(
      found('protobuf-comments', 'comments: none → "p.A.x: key"'),
    );
    const proto2 = 'package p;\nmessage A {\n  optional string x = 1;\n}\n';
    expect(kinds(`syntax = "proto2";\n${proto2}`, proto2)).toEqual(
      found('protobuf-declarations', 'syntax: "proto2" → absent'),
    );
    const res = (r: string) => file(`message A {\n  reserved ${r};\n  string x = 1;\n}\n`);
    expect(kinds(res('3, 2'), res('2 to 3'))).toEqual(
      found('protobuf-declarations', 'p.A: reserved [[3,3],[2,2]] → [[2,3]]'),
    );
    const typed = (t: string) => file(`message B {}\nmessage A {\n  ${t} b = 1;\n}\n`);
    expect(kinds(typed('B'), typed('p.B'))).toEqual(found('protobuf-declarations', 'p.A: b type written B → p.B'));
    // a comment marker inside a string is not a comment; whitespace alone is no spelling
    expect(kinds(file(a, 'option go_package = "a//b";\n'), file(a, 'option go_package="a//b";\n'))).toEqual([]);
    // every kind there is, each once, so a target that takes the first for the same schema still judges the next
    expect(kinds(file(a + e), file(`${e2}// the A\n${a}`)).map((k) => k.kind)).toEqual([
      'protobuf-placement',
      'protobuf-declarations',
      'protobuf-comments',
    ]);
  });

  it('are all found, each kind once, where one schema spells several ways', () => {
    const both = (n: string, type: string) =>
      `{"type":"record","name":"N","fields":[{"name":"x","type":"double","default":${n}},` +
      `{"name":"y","type":${type}},{"name":"z","type":"double","default":${n}}]}`;
    expect(spellingDifferences('AVRO', both('1.0', '{"type":"string"}'), both('1', '"string"'))).toEqual([
      { kind: 'avro-default-number', place: 'fields[0].default: 1.0 → 1' },
      { kind: 'avro-bare-type', place: 'fields[1].type: {"type":"string"} → "string"' },
    ]);
  });

  it('make content-equal warn instead of calling the difference formatting', async () => {
    const [s, t] = [registry(version('n', avro('1.0'))), registry(version('n', avro('1')))];
    expect((await compared(s, t)).map((f) => `${f.severity} ${f.id} ${f.message}`)).toEqual([
      'warning version-spelling-differs n v1: spelled in a way some registries tell apart: ' +
        'fields[0].default: 1.0 → 1',
    ]);
  });

  it(
    "are judged by the target's product where it is known: an error where it tells them " + 'apart, else info',
    async () => {
      const on = async (product: Product, a: string, b: string, schemaType = 'AVRO') => {
        const [s, t] = [registry({ ...version('n', a), schemaType }), registry({ ...version('n', b), schemaType })];
        t.info.product = product;
        return (await compared(s, t)).map((f) => `${f.severity} ${f.id} ${f.message}`);
      };
      const verdict = async (product: Product, a: string, b: string, schemaType = 'AVRO') =>
        (await on(product, a, b, schemaType)).map((f) => f.split(' ', 2).join(' '));
      const [bare, named] = [props('"a":"1"', '{"type":"string"}'), props('"a":"1"')];
      expect(await on('confluent', avro('1.0'), avro('1'))).toEqual([
        'error version-spelling-differs n v1: the target (Confluent) tells these spellings apart, so a lookup by the ' +
          'source text misses it: fields[0].default: 1.0 → 1',
      ]);
      expect(await on('axonops', avro('1.0'), avro('1'))).toEqual([
        'info version-raw-differs n v1: spelled differently, the same schema to AxonOps: fields[0].default: 1.0 → 1',
      ]);
      expect(await verdict('axonops', bare, named)).toEqual(['error version-spelling-differs']);
      expect(await verdict('karapace', bare, named)).toEqual(['error version-spelling-differs']); // registers anew
      expect(await verdict('apicurio-3', bare, named)).toEqual(['info version-raw-differs']);
      const [ab, ba] = [props('"a":"1","b":"2"'), props('"b":"2","a":"1"')];
      expect(await verdict('apicurio-3', ab, ba)).toEqual(['error version-spelling-differs']);
      expect(await verdict('karapace', ab, ba)).toEqual(['info version-raw-differs']);
      expect(await verdict('apicurio-2', ab, ba)).toEqual(['error version-spelling-differs']);
      // JSON Schema: the key order and number kinds, which Apicurio 3.x treats otherwise than in Avro
      const [keys, reordered] = ['{"type":"string","maxLength":1}', '{"maxLength":1,"type":"string"}'];
      expect(await verdict('confluent', keys, reordered, 'JSON')).toEqual(['error version-spelling-differs']);
      expect(await verdict('apicurio-3', keys, reordered, 'JSON')).toEqual(['info version-raw-differs']);
      expect(await verdict('karapace', keys, reordered, 'JSON')).toEqual(['info version-raw-differs']);
      expect(await verdict('apicurio-3', keys, '{"type":"string","maxLength":1.0}', 'JSON')).toEqual([
        'error version-spelling-differs',
      ]);
      expect(await verdict('axonops', keys, '{"type":"string","maxLength":1.0}', 'JSON')).toEqual([
        'info version-raw-differs',
      ]);
      // A full name written whole or split: Karapace and Apicurio 2.6 register it anew
      const [split, whole] = [
        '{"type":"enum","name":"E","namespace":"com.acme","symbols":["A"]}',
        '{"type":"enum","name":"com.acme.E","symbols":["A"]}',
      ];
      expect(await on('karapace', split, whole)).toEqual([
        'error version-spelling-differs n v1: the target (Karapace) tells these spellings apart, so a lookup by the ' +
          'source text misses it: (root): name "E" namespace "com.acme" → name "com.acme.E"',
      ]);
      expect(await verdict('confluent', split, whole)).toEqual(['info version-raw-differs']);
      // Whitespace alone: Apicurio 2.6 looks the text up as it is; a target not known is info, as before
      const spaced = ' {"type": "enum", "name": "E", "namespace": "com.acme", "symbols": ["A"]}';
      expect(await on('apicurio-2', split, spaced)).toEqual([
        'error version-spelling-differs n v1: the target (Apicurio 2.x) tells these spellings apart, so a lookup by ' +
          'the source text misses it: text differs only in formatting',
      ]);
      expect(await verdict('apicurio-3', split, spaced)).toEqual(['info version-raw-differs']);
      // Several spellings: the target judges each (AxonOps takes 1 and 1.0 alike, not {"type":"string"} and "string")
      const both = (n: string, type: string) =>
        `{"type":"record","name":"N","fields":[{"name":"x","type":"double","default":${n}},` +
        `{"name":"y","type":${type}}]}`;
      expect(await on('axonops', both('1.0', '{"type":"string"}'), both('1', '"string"'))).toEqual([
        'error version-spelling-differs n v1: the target (AxonOps) tells these spellings apart, so a lookup by the ' +
          'source text misses it: fields[1].type: {"type":"string"} → "string"',
      ]);
      // Protobuf, as tried on the servers: AxonOps sorts declarations; Karapace and Apicurio keep order and comments
      const proto = (body: string, before = '') => `syntax = "proto3";\n${before}message A {\n${body}}\n`;
      const [xy, yx] = [proto('  string x = 1;\n  int32 y = 2;\n'), proto('  int32 y = 2;\n  string x = 1;\n')];
      expect(await verdict('axonops', xy, yx, 'PROTOBUF')).toEqual(['info version-raw-differs']);
      expect(await verdict('confluent', xy, yx, 'PROTOBUF')).toEqual(['error version-spelling-differs']);
      expect(await verdict('karapace', xy, yx, 'PROTOBUF')).toEqual(['error version-spelling-differs']);
      expect(await verdict('apicurio-3', xy, yx, 'PROTOBUF')).toEqual(['error version-spelling-differs']);
      const commented = proto('  string x = 1;\n  int32 y = 2;\n', '// documents A\n');
      expect(await verdict('confluent', xy, commented, 'PROTOBUF')).toEqual(['info version-raw-differs']);
      expect(await verdict('karapace', xy, commented, 'PROTOBUF')).toEqual(['error version-spelling-differs']);
      expect(await verdict('apicurio-3', xy, commented, 'PROTOBUF')).toEqual(['error version-spelling-differs']);
      const [ae, ea] = [
        `${xy}enum E { E0 = 0; }\n`,
        proto('  string x = 1;\n  int32 y = 2;\n', 'enum E { E0 = 0; }\n'),
      ];
      expect(await verdict('karapace', ae, ea, 'PROTOBUF')).toEqual(['info version-raw-differs']);
      expect(await verdict('apicurio-3', ae, ea, 'PROTOBUF')).toEqual(['error version-spelling-differs']);
      // Messages in another order: another schema to every client (message indexes), whatever the target
      const [mab, mba] = ['message A {}\nmessage B {}\n', 'message B {}\nmessage A {}\n'];
      expect(await verdict('axonops', mab, mba, 'PROTOBUF')).toEqual([
        'error version-content-differs',
        'error id-content-differs',
      ]);
      const unknown = await compared(registry(version('n', split)), registry(version('n', spaced)));
      expect(unknown.map((f) => `${f.severity} ${f.id} ${f.message}`)).toEqual([
        'info version-raw-differs n v1: text differs only in formatting',
      ]);
    },
  );
});

describe('a Protobuf schema protobufjs cannot parse', () => {
  it('is compared by its tokens: its own reformatting and comments are the same schema, another token is not', () => {
    const text = 'syntax = "proto3";\nmessage M {\n  string a = 1 [(x) = @];\n}\n';
    const reformatted = '// M\nsyntax = "proto3";\nmessage M { string a = 1 [(x) = @]; }';
    expect(digest('PROTOBUF', text).error).toMatch(/^PROTOBUF: /);
    expect(digest('PROTOBUF', reformatted).semantic).toBe(digest('PROTOBUF', text).semantic);
    expect(digest('PROTOBUF', text.replace('a = 1', 'b = 1')).semantic).not.toBe(digest('PROTOBUF', text).semantic);
  });
});

describe('Protobuf forms of earlier closures (baselines hashed then)', () => {
  it("keep what those forms saw: a method's options in their order, protobufjs's reserved check", () => {
    const rpc = (opts: string) =>
      `syntax = "proto3";\nmessage M {\n  string a = 1;\n}\nservice S {\n  rpc R (M) returns (M) {\n${opts}  };\n}\n`;
    const [a, b] = [
      rpc('    option deprecated = true;\n    option idempotency_level = NO_SIDE_EFFECTS;\n'),
      rpc('    option idempotency_level = NO_SIDE_EFFECTS;\n    option deprecated = true;\n'),
    ];
    expect(digest('PROTOBUF', a).semantic).toBe(digest('PROTOBUF', b).semantic);
    expect(digest('PROTOBUF', a, 2).semantic).not.toBe(digest('PROTOBUF', b, 2).semantic);
    const reserved = 'syntax = "proto3";\nenum E {\n  reserved 1 to 3;\n  A = 0;\n  B = 1;\n}\n';
    expect(digest('PROTOBUF', reserved).error).toBeUndefined();
    expect(digest('PROTOBUF', reserved, 2).error).toMatch(/reserved/);
  });
});

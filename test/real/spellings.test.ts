// Spellings of one schema, judged by each real registry and by sr-parity alike. The registry: its lookup of the other
// text (a producer with auto.register.schemas=false) finds the registered id, and registering that text (what an
// auto-registering producer does) gives the same id; else it tells the two apart. sr-parity, comparing a source that
// holds the other text with the registry as the target: exit 0 (info at most) where the registry takes them for one
// schema, `version-spelling-differs` (error) where it tells them apart. Protobuf messages in another order are
// another schema to every client (message indexes): an error even where the registry takes them alike (AxonOps).
// The table in docs/equality.md, tried on every run.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryWriter } from '../helpers/seed.js';
import { runInProcess as runCli } from '../helpers/cli.js';
import type { SnapshotFile } from '../../src/sources/files/native.js';
import type { RunResult } from '../../src/engine/types.js';

const { axonopsTarget, karapace, karapace6, apicurio2, apicurio3 } = inject('registries');

const file = (body: string, head = '') => `syntax = "proto3";\npackage p;\n${head}${body}`;
const A = 'message A {\n  string x = 1;\n  int32 y = 2;\n}\n';
const B = 'message B {\n  string z = 1;\n}\n';
const E = 'enum E {\n  U = 0;\n  V = 1;\n  W = 2;\n}\n';
const BASE = file(A + B + E);

const TYPED = file('message B {\n  string z = 1;\n}\nmessage A {\n  B b = 1;\n}\n');
const RESERVED = file('message A {\n  reserved 3, 2;\n  string x = 1;\n}\n');
const PROTO2 = 'syntax = "proto2";\npackage p;\nmessage A {\n  optional string x = 1;\n}\n';
const DEFAULTED = 'syntax = "proto2";\npackage p;\nmessage A {\n  optional double x = 1 [default = 10];\n}\n';
const F = 'enum F {\n  Y = 0;\n}\n';

const RECORD = (field: string, props = '') => `{"type":"record","name":"Q",${props}"fields":[${field}]}`;
const DOUBLE = (d: string) => RECORD(`{"name":"amount","type":"double","default":${d}}`);
const PROPS = (p: string) => RECORD('{"name":"id","type":"long"}', p);
const STRING = (t: string) => RECORD(`{"name":"s","type":${t}}`);
const ENUM = '{"type":"enum","name":"E","namespace":"com.acme","symbols":["A"]}';
const JSON_SCHEMA = '{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","maxProperties":1}';

/** Each spelling: its type, the text registered and the other one. */
const VARIANTS: Record<string, [string, string, string]> = {
  'Avro: a default written 0 and 0.0': ['AVRO', DOUBLE('0'), DOUBLE('0.0')],
  'Avro: custom properties in another order': ['AVRO', PROPS('"x.a":"1","x.b":"2",'), PROPS('"x.b":"2","x.a":"1",')],
  'Avro: a primitive as an object': ['AVRO', STRING('"string"'), STRING('{"type":"string"}')],
  'Avro: a full name written whole': ['AVRO', ENUM, '{"type":"enum","name":"com.acme.E","symbols":["A"]}'],
  'Avro: whitespace': ['AVRO', ENUM, ENUM.replace(/,/g, ', ').replace(/:/g, ': ')],
  'JSON Schema: a number written 1.0': ['JSON', JSON_SCHEMA, JSON_SCHEMA.replace(':1', ':1.0')],
  'JSON Schema: keys in another order': [
    'JSON',
    JSON_SCHEMA,
    '{"$schema":"http://json-schema.org/draft-07/schema#","maxProperties":1,"type":"object"}',
  ],
  'Protobuf: messages in another order': ['PROTOBUF', BASE, file(B + A + E)],
  'Protobuf: fields in another order': [
    'PROTOBUF',
    BASE,
    file('message A {\n  int32 y = 2;\n  string x = 1;\n}\n' + B + E),
  ],
  'Protobuf: enum values in another order': [
    'PROTOBUF',
    BASE,
    file(A + B + 'enum E {\n  U = 0;\n  W = 2;\n  V = 1;\n}\n'),
  ],
  'Protobuf: an enum before the messages': ['PROTOBUF', BASE, file(E + A + B)],
  'Protobuf: an import more': ['PROTOBUF', BASE, file(A + B + E, 'import "google/protobuf/timestamp.proto";\n')],
  'Protobuf: a comment above syntax': ['PROTOBUF', BASE, `// orders\n${BASE}`],
  'Protobuf: a comment documenting a message': ['PROTOBUF', BASE, file(`// an A\n${A}${B}${E}`)],
  'Protobuf: whitespace': ['PROTOBUF', BASE, BASE.replace(/\n {2}/g, '\n\t')],
  'Protobuf: syntax left to its default': ['PROTOBUF', PROTO2, PROTO2.replace('syntax = "proto2";\n', '')],
  'Protobuf: reserved numbers written otherwise': [
    'PROTOBUF',
    RESERVED,
    RESERVED.replace('reserved 3, 2;', 'reserved 2 to 3;'),
  ],
  'Protobuf: a type written with its package': ['PROTOBUF', TYPED, TYPED.replace('  B b = 1;', '  p.B b = 1;')],
  'Protobuf: a reserved number written as a range': [
    'PROTOBUF',
    RESERVED,
    RESERVED.replace('reserved 3, 2;', 'reserved 3 to 3, 2 to 2;'),
  ],
  'Protobuf: enums in another order': ['PROTOBUF', file(A + E + F), file(A + F + E)],
  'Protobuf: an option value written otherwise': ['PROTOBUF', DEFAULTED, DEFAULTED.replace('= 10]', '= 10.0]')],
};
const MESSAGE_ORDER = 'Protobuf: messages in another order';

/** The spellings each registry takes for one schema (tried); it tells the others apart. */
const KARAPACE_SAME = [
  'Avro: custom properties in another order',
  'Avro: whitespace',
  'JSON Schema: keys in another order',
  'Protobuf: an enum before the messages',
  'Protobuf: a comment above syntax',
  'Protobuf: whitespace',
];
const SAME: Record<string, string[]> = {
  AxonOps: Object.keys(VARIANTS).filter((v) => v !== 'Avro: a primitive as an object'),
  Karapace: KARAPACE_SAME,
  // 6.2, the current line, as 5.2 (tried): one product to sr-parity
  'Karapace 6.2': KARAPACE_SAME,
  'Apicurio 3.x': [
    'Avro: a default written 0 and 0.0',
    'Avro: a primitive as an object',
    'Avro: a full name written whole',
    'Avro: whitespace',
    'JSON Schema: keys in another order',
    'Protobuf: a comment above syntax',
    'Protobuf: whitespace',
  ],
  'Apicurio 2.x': [],
};

/** Each server, and the product sr-parity tells it to be. */
const servers: [string, string, string][] = [
  ['AxonOps', axonopsTarget, 'axonops'],
  ['Karapace', karapace, 'karapace'],
  ['Karapace 6.2', karapace6, 'karapace'],
  ['Apicurio 3.x', `${apicurio3}/apis/ccompat/v7`, 'apicurio-3'],
  ['Apicurio 2.x', `${apicurio2}/apis/ccompat/v7`, 'apicurio-2'],
];

const run = Date.now();

describe.each(servers)('spellings on %s', (product, url, detected) => {
  const registry = new RegistryWriter(url);
  const subject = (i: number) => `spelling-${run}-${i}`;
  const names = Object.keys(VARIANTS);
  const ids: number[] = [];

  beforeAll(async () => {
    for (const [i, name] of names.entries()) {
      const [schemaType, text] = VARIANTS[name]!;
      ids[i] = await registry.register(subject(i), text, { schemaType });
    }
  });
  afterAll(async () => {
    for (let i = 0; i < names.length; i++) {
      await registry.call('DELETE', `/subjects/${subject(i)}`, undefined, [404, 422]);
      await registry.call('DELETE', `/subjects/${subject(i)}?permanent=true`, undefined, [404, 422]);
    }
  });

  it('takes each spelling for one schema or tells it apart, and sr-parity judges it the same way', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sr-spellings-'));
    const snapFile = join(dir, 'snap.json');
    const include = `spelling-${run}-*`;
    const snap = await runCli(['snapshot', url, '--include', include, '-o', snapFile, '-q']);
    expect([snap.code, snap.stderr]).toEqual([0, '']);
    const held = JSON.parse(readFileSync(snapFile, 'utf8')) as SnapshotFile;
    expect(held.source.product).toBe(detected);

    const told: string[] = [];
    const judged: string[] = [];
    for (const [i, name] of names.entries()) {
      const [schemaType, , text] = VARIANTS[name]!;
      // A source holding the other text where the registry holds the one registered
      const source: SnapshotFile = { ...held, subjects: held.subjects.filter((s) => s.name === subject(i)) };
      source.subjects[0]!.versions[0]!.schema = text;
      const sourceFile = join(dir, `source-${i}.json`);
      writeFileSync(sourceFile, JSON.stringify(source));
      const r = await runCli(['compare', sourceFile, url, '--include', subject(i), '--format', 'json', '-q']);
      const findings = (JSON.parse(r.stdout) as RunResult).outcomes.flatMap((o) =>
        o.findings.filter((f) => f.subject === subject(i) && f.severity !== 'info').map((f) => `${f.severity} ${f.id}`),
      );
      judged.push(`${name}: ${r.code}${findings.map((f) => ` ${f}`).join(',')}`);

      // Then the registry's own word: its lookup, and a registration (after the compare: it may add a version)
      const body = { schema: text, ...(schemaType === 'AVRO' ? {} : { schemaType }) };
      const path = `/subjects/${subject(i)}`;
      const lookup = await registry.call<{ id?: number } | null>('POST', path, body, [404]);
      const again = await registry.call<{ id?: number } | null>('POST', `${path}/versions`, body, [409, 422]);
      told.push(`${name}: ${lookup?.id === ids[i] && again?.id === ids[i] ? 'same' : 'apart'}`);
    }

    const same = new Set(SAME[product]);
    expect(told).toEqual(names.map((n) => `${n}: ${same.has(n) ? 'same' : 'apart'}`));
    expect(judged).toEqual(
      names.map((n) =>
        n === MESSAGE_ORDER
          ? `${n}: 1 error version-content-differs`
          : same.has(n)
            ? `${n}: 0`
            : `${n}: 1 error version-spelling-differs`,
      ),
    );
  });
});

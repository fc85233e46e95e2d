// Protobuf written otherwise, judged by each real registry and by sr-parity alike: the registry's own lookup of the
// other text (a producer with auto.register.schemas=false) finds its id or misses it, and sr-parity, comparing a
// source that holds that text with the registry as the target, says info where the lookup finds it and an error
// where it misses. Messages in another order are another schema to every client (message indexes): an error even
// where the registry's lookup finds it (AxonOps sorts them).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryWriter } from '../helpers/seed.js';
import { runInProcess as runCli } from '../helpers/cli.js';
import type { SnapshotFile } from '../../src/sources/files/native.js';
import type { RunResult } from '../../src/engine/types.js';

const { axonopsTarget, karapace, apicurio2, apicurio3 } = inject('registries');

const file = (body: string, head = '') => `syntax = "proto3";\npackage p;\n${head}${body}`;
const A = 'message A {\n  string x = 1;\n  int32 y = 2;\n}\n';
const B = 'message B {\n  string z = 1;\n}\n';
const E = 'enum E {\n  U = 0;\n  V = 1;\n  W = 2;\n}\n';
const BASE = file(A + B + E);

const TYPED = file('message B {\n  string z = 1;\n}\nmessage A {\n  B b = 1;\n}\n');
const RESERVED = file('message A {\n  reserved 3, 2;\n  string x = 1;\n}\n');
const PROTO2 = 'syntax = "proto2";\npackage p;\nmessage A {\n  optional string x = 1;\n}\n';

/** Each other spelling of the registered text (BASE, or where another is registered: [registered, other]). */
const VARIANTS: Record<string, string | [string, string]> = {
  'messages in another order': file(B + A + E),
  'fields in another order': file('message A {\n  int32 y = 2;\n  string x = 1;\n}\n' + B + E),
  'enum values in another order': file(A + B + 'enum E {\n  U = 0;\n  W = 2;\n  V = 1;\n}\n'),
  'an enum before the messages': file(E + A + B),
  'an import more': file(A + B + E, 'import "google/protobuf/timestamp.proto";\n'),
  'a comment above syntax': `// orders\n${BASE}`,
  'a comment documenting a message': file(`// an A\n${A}${B}${E}`),
  whitespace: BASE.replace(/\n {2}/g, '\n\t'),
  'syntax left to its default': [PROTO2, PROTO2.replace('syntax = "proto2";\n', '')],
  'reserved numbers written otherwise': [RESERVED, RESERVED.replace('reserved 3, 2;', 'reserved 2 to 3;')],
  'a type written with its package': [TYPED, TYPED.replace('  B b = 1;', '  p.B b = 1;')],
};
const registered = (name: string) => (Array.isArray(VARIANTS[name]) ? VARIANTS[name][0] : BASE);
const other = (name: string) => (Array.isArray(VARIANTS[name]) ? VARIANTS[name][1] : VARIANTS[name]!);

/** What each registry's lookup does with each variant (tried), and so what sr-parity must say. */
const FOUND: Record<string, string[]> = {
  AxonOps: Object.keys(VARIANTS),
  Karapace: ['an enum before the messages', 'a comment above syntax', 'whitespace'],
  'Apicurio 3.x': ['a comment above syntax', 'whitespace'],
  'Apicurio 2.x': [],
};

const servers: [string, string][] = [
  ['AxonOps', axonopsTarget],
  ['Karapace', karapace],
  ['Apicurio 3.x', `${apicurio3}/apis/ccompat/v7`],
  ['Apicurio 2.x', `${apicurio2}/apis/ccompat/v7`],
];

const run = Date.now();

describe.each(servers)('Protobuf spellings on %s', (product, url) => {
  const registry = new RegistryWriter(url);
  const subject = (i: number) => `proto-spelling-${run}-${i}`;
  const names = Object.keys(VARIANTS);

  beforeAll(async () => {
    for (const [i, name] of names.entries())
      await registry.register(subject(i), registered(name), { schemaType: 'PROTOBUF' });
  });
  afterAll(async () => {
    for (let i = 0; i < names.length; i++) {
      await registry.call('DELETE', `/subjects/${subject(i)}`, undefined, [404, 422]);
      await registry.call('DELETE', `/subjects/${subject(i)}?permanent=true`, undefined, [404, 422]);
    }
  });

  it('is looked up as the registry says, and sr-parity judges each variant as that lookup does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sr-proto-'));
    const snapFile = join(dir, 'snap.json');
    const include = `proto-spelling-${run}-*`;
    const snap = await runCli(['snapshot', url, '--include', include, '-o', snapFile, '-q']);
    expect([snap.code, snap.stderr]).toEqual([0, '']);
    const held = JSON.parse(readFileSync(snapFile, 'utf8')) as SnapshotFile;

    const looked: string[] = [];
    const judged: string[] = [];
    for (const [i, name] of names.entries()) {
      const text = other(name);
      const lookup = await registry.call<{ id?: number }>(
        'POST',
        `/subjects/${subject(i)}`,
        { schema: text, schemaType: 'PROTOBUF' },
        [404],
      );
      looked.push(`${name}: ${lookup?.id ? 'found' : 'missed'}`);
      // A source holding the variant where the registry holds the text registered
      const source: SnapshotFile = { ...held, subjects: held.subjects.filter((s) => s.name === subject(i)) };
      source.subjects[0]!.versions[0]!.schema = text;
      const sourceFile = join(dir, `source-${i}.json`);
      writeFileSync(sourceFile, JSON.stringify(source));
      const r = await runCli(['compare', sourceFile, url, '--include', subject(i), '--format', 'json', '-q']);
      const findings = (JSON.parse(r.stdout) as RunResult).outcomes.flatMap((o) =>
        o.findings.filter((f) => f.subject === subject(i)).map((f) => `${f.severity} ${f.id}`),
      );
      judged.push(`${name}: ${r.code} ${findings.join(', ')}`);
    }

    const found = new Set(FOUND[product]);
    expect(looked).toEqual(names.map((n) => `${n}: ${found.has(n) ? 'found' : 'missed'}`));
    expect(judged).toEqual(
      names.map((n) =>
        n === 'messages in another order'
          ? `${n}: 1 error version-content-differs`
          : found.has(n)
            ? `${n}: 0 info version-raw-differs`
            : `${n}: 1 error version-spelling-differs`,
      ),
    );
  });
});

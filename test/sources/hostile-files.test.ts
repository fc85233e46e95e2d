// Malformed files of every format the tool reads: each is refused with one line naming the file and the place,
// the exit code a caller can act on (3 for a source, 2 for a spec), and no stack, in bounded time. Never a crash
// (exit 5), never a silently different registry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSource } from '../../src/sources/index.js';
import { readJsonFile } from '../../src/sources/files/native.js';
import { parseIdMap } from '../../src/model/id-map.js';
import { parseBaseline } from '../../src/model/baseline.js';
import { loadSpec } from '../../src/spec/load.js';
import { reportError } from '../../src/cli/exit.js';
import { readZip, writeZip } from '../helpers/zip.js';

const dir = mkdtempSync(join(tmpdir(), 'sr-parity-hostile-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh path in the test folder holding `content`. */
function file(content: string | Buffer, ext = 'json'): string {
  const path = join(dir, `input-${++n}.${ext}`);
  writeFileSync(path, content);
  return path;
}

const json = (doc: unknown) => file(JSON.stringify(doc, null, 1));
const clone = <T>(x: T): T => structuredClone(x);

/** `doc` with the value at a dotted path (`subjects.0.versions.0.id`) set, or removed when `value` is DELETE. */
const DELETE = Symbol('delete');
function mutate<T>(doc: T, path: string, value: unknown): T {
  const copy = clone(doc) as Record<string, unknown>;
  const keys = path.split('.');
  let at = copy as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
  if (value === DELETE) delete at[keys.at(-1)!];
  else at[keys.at(-1)!] = value;
  return copy as T;
}

/** The error a read ends in, as the CLI would print it: its exit code and its one line. */
async function refusal(read: Promise<unknown>): Promise<{ code: number; line: string }> {
  const err = await read.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, 'the input was accepted').not.toBeNull();
  const { code, text } = reportError(err);
  return { code, line: text.trimEnd() };
}

async function refusedSource(location: string, what: RegExp): Promise<void> {
  const { code, line } = await refusal(loadSource({ location }));
  expect(line).not.toMatch(/\n\s+at /); // no stack
  expect(line).toContain(location.replace(/\/$/, ''));
  expect(line).toMatch(what);
  expect(code).toBe(3);
}

const BIG = '9007199254740993'; // 2^53 + 1: JSON.parse reads it as 2^53
const deepValue = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

// ---------------------------------------------------------------------------------------------------------------
const snapshot = JSON.parse(readFileSync('fixtures/example/source.json', 'utf8')) as Record<string, unknown>;

describe('sr-parity snapshot (parsed whole)', () => {
  const cases: [string, unknown, RegExp][] = [
    ['formatVersion 2', mutate(snapshot, 'formatVersion', 2), /formatVersion: 2 is not supported/],
    ['formatVersion as a string', mutate(snapshot, 'formatVersion', '1'), /formatVersion: "1" is not supported/],
    [
      'a product not known',
      mutate(snapshot, 'source', { location: 'x', product: 'oracle' }),
      /source\.product: expected one of/,
    ],
    [
      'a product a number',
      mutate(snapshot, 'source', { location: 'x', product: 3 }),
      /source\.product: expected a string/,
    ],
    ['subjects an object', mutate(snapshot, 'subjects', {}), /subjects: expected an array/],
    ['subjects null', mutate(snapshot, 'subjects', null), /subjects: expected an array/],
    ['a subject null', mutate(snapshot, 'subjects.1', null), /subjects\[1\]\.name: expected a string/],
    ['a subject name a number', mutate(snapshot, 'subjects.1.name', 7), /subjects\[1\]\.name: expected a string/],
    ['versions missing', mutate(snapshot, 'subjects.1.versions', DELETE), /subjects\[1\]\.versions: expected an array/],
    ['versions a string', mutate(snapshot, 'subjects.1.versions', 'v1'), /subjects\[1\]\.versions: expected an array/],
    [
      'a version null',
      mutate(snapshot, 'subjects.1.versions.0', null),
      /subjects\[1\]\.versions\[0\]\.version: expected a whole number/,
    ],
    [
      'version a string',
      mutate(snapshot, 'subjects.1.versions.0.version', '1'),
      /versions\[0\]\.version: expected a whole number/,
    ],
    [
      'version negative',
      mutate(snapshot, 'subjects.1.versions.0.version', -1),
      /versions\[0\]\.version: expected a whole number/,
    ],
    ['id a fraction', mutate(snapshot, 'subjects.1.versions.0.id', 1.5), /versions\[0\]\.id: expected a whole number/],
    ['id missing', mutate(snapshot, 'subjects.1.versions.0.id', DELETE), /versions\[0\]\.id: expected a whole number/],
    [
      'schema missing',
      mutate(snapshot, 'subjects.1.versions.0.schema', DELETE),
      /versions\[0\]\.schema: expected a string/,
    ],
    [
      'schema an object',
      mutate(snapshot, 'subjects.1.versions.0.schema', { type: 'string' }),
      /versions\[0\]\.schema: expected a string/,
    ],
    [
      'schemaType a number',
      mutate(snapshot, 'subjects.1.versions.0.schemaType', 5),
      /versions\[0\]\.schemaType: expected a string/,
    ],
    [
      'deleted "false"',
      mutate(snapshot, 'subjects.1.versions.0.deleted', 'false'),
      /versions\[0\]\.deleted: expected true or false/,
    ],
    [
      'subject deleted "yes"',
      mutate(snapshot, 'subjects.1.deleted', 'yes'),
      /subjects\[1\]\.deleted: expected true or false/,
    ],
    [
      'references 5',
      mutate(snapshot, 'subjects.1.versions.0.references', 5),
      /versions\[0\]\.references: expected an array/,
    ],
    [
      'references [null]',
      mutate(snapshot, 'subjects.1.versions.0.references', [null]),
      /references\[0\]: expected \{name, subject, version\}/,
    ],
    [
      'a reference without a version',
      mutate(snapshot, 'subjects.1.versions.0.references', [{ name: 'a', subject: 'b' }]),
      /references\[0\]: expected/,
    ],
    [
      'a subject listed twice',
      mutate(snapshot, 'subjects.2', (snapshot.subjects as unknown[])[1]),
      /subjects\[2\]\.name: subject "address" is listed twice/,
    ],
    [
      'a version listed twice',
      mutate(snapshot, 'subjects.1.versions.1', (snapshot.subjects as { versions: unknown[] }[])[1]!.versions[0]),
      /subjects\[1\]\.versions: version 1 is listed twice/,
    ],
    ['global.mode 42', mutate(snapshot, 'global.mode', 42), /global\.mode: expected a string or null/],
    ['global a number', mutate(snapshot, 'global', 5), /global: expected an object/],
    [
      'global.config a string',
      mutate(snapshot, 'global.config', 'BACKWARD'),
      /global\.config: expected an object or null/,
    ],
    [
      'a subject config a list',
      mutate(snapshot, 'subjects.1.config', ['BACKWARD']),
      /subjects\[1\]\.config: expected an object or null/,
    ],
    [
      'a subject mode a number',
      mutate(snapshot, 'subjects.1.mode', 1),
      /subjects\[1\]\.mode: expected a string or null/,
    ],
    ['contexts a string', mutate(snapshot, 'contexts', '.'), /contexts: expected an array of context names/],
    ['contexts [5]', mutate(snapshot, 'contexts', [5]), /contexts: expected an array of context names/],
    ['contextSettings a number', mutate(snapshot, 'contextSettings', 5), /contextSettings: expected an object/],
    [
      'contextSettings mode a number',
      mutate(snapshot, 'contextSettings', { '.eu': { config: null, mode: 3 } }),
      /contextSettings\["\.eu"\]\.mode: expected a string or null/,
    ],
  ];
  it.each(cases)('%s', async (_name, doc, what) => refusedSource(json(doc), what));

  it('an id beyond 2^53 (JSON parsing would round it onto another id)', async () => {
    const text = JSON.stringify(mutate(snapshot, 'subjects.1.versions.0.id', 424242)).replace('424242', BIG);
    await refusedSource(file(text), /subjects\[1\]\.versions\[0\]\.id: expected a whole number \(at most 2\^53\)/);
  });

  it('metadata nested 100,000 levels deep', async () => {
    const text = JSON.stringify(mutate(snapshot, 'subjects.1.versions.0.metadata', 'DEEP')).replace(
      '"DEEP"',
      deepValue(100_000),
    );
    await refusedSource(file(text), /subjects\[1\]\.versions\[0\]\.metadata: nested deeper than 64 levels/);
  });

  it('bytes that are not UTF-8 far into a file that is not laid out a subject per line (read whole)', async () => {
    const padded = { ...snapshot, tool: 'x'.repeat(200_000) };
    const text = JSON.stringify(padded, null, 1);
    const at = text.lastIndexOf('Address');
    const bytes = Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xff]), Buffer.from(text.slice(at))]);
    await refusedSource(file(bytes), /: line \d+: not valid UTF-8 \(byte \d+\)$/);
  });

  it('bytes that are not UTF-8 inside a schema (two files differing only there would compare equal)', async () => {
    const text = JSON.stringify(snapshot, null, 1);
    const at = text.indexOf('Address');
    const bytes = Buffer.concat([
      Buffer.from(text.slice(0, at)),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(text.slice(at)),
    ]);
    const line = text.slice(0, at).split('\n').length;
    await refusedSource(
      file(bytes),
      new RegExp(`line ${line}: not valid UTF-8 \\(byte ${Buffer.byteLength(text.slice(0, at))}\\)`),
    );
  });

  const raw: [string, string | Buffer, RegExp][] = [
    ['an empty file', '', /not valid JSON .*\(empty file\)/],
    ['half a document', '{"formatVersion": 1, "subjects": [', /not valid JSON/],
    ['garbage', 'subjects: none', /not valid JSON/],
    ['null', 'null', /top level: not an sr-parity snapshot/],
    ['a number', '42', /top level: not an sr-parity snapshot/],
    ['an empty list', '[]', /top level: not an sr-parity snapshot/],
    [
      'a byte-order mark then JSON',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(snapshot))]),
      /not valid JSON/,
    ],
    ['UTF-16', Buffer.from(`\ufeff${JSON.stringify(snapshot)}`, 'utf16le'), /not valid UTF-8|not valid JSON/],
  ];
  it.each(raw)('%s', async (_name, content, what) => refusedSource(file(content), what));
});

describe('sr-parity snapshot (streamed a subject per line)', () => {
  /** The layout `snapshot` writes: the head on line 1, a subject per line, `]}` last. */
  const streamed = (subjects: string[], close = true) => {
    const head = JSON.stringify({ ...snapshot, subjects: undefined }).slice(0, -1);
    return `${head},"subjects":[\n${subjects.join(',\n')}\n${close ? ']}\n' : ''}`;
  };
  const subjects = (snapshot.subjects as unknown[]).map((s) => JSON.stringify(s));

  const cases: [string, string | Buffer, RegExp][] = [
    [
      'cut after a subject',
      streamed(subjects, false),
      /line \d+: the file ends before the closing "\]\}" \(truncated\?\)/,
    ],
    ['a line cut in half', streamed([subjects[0]!, subjects[1]!.slice(0, 30), subjects[2]!]), /line 3: not valid JSON/],
    [
      'a subject listed twice',
      streamed([subjects[0]!, subjects[1]!, subjects[1]!]),
      /subjects\[2\]\.name: subject "address" is listed twice/,
    ],
    [
      'deleted "true"',
      streamed([subjects[0]!, subjects[1]!.replace('"deleted":false', '"deleted":"true"')]),
      /subjects\[1\]\.deleted: expected true or false/,
    ],
    [
      'an id beyond 2^53',
      streamed([subjects[0]!.replace('"id":1', `"id":${BIG}`)]),
      /subjects\[0\]\.versions\[0\]\.id: expected a whole number/,
    ],
    ['a line that is a list', streamed(['[1,2]']), /subjects\[0\]\.name: expected a string/],
    ['a null line', streamed(['null']), /subjects\[0\]\.name: expected a string/],
    ['a head that is not an object', `[1,"subjects":[\n${subjects[0]}\n]}\n`, /not valid JSON/],
  ];
  it.each(cases)('%s', async (_name, content, what) => refusedSource(file(content), what));

  it('bytes that are not UTF-8 on line 3', async () => {
    const text = streamed(subjects);
    const lines = text.split('\n');
    const at = lines[2]!.indexOf('Address');
    const broken = Buffer.concat([
      Buffer.from(`${lines.slice(0, 2).join('\n')}\n${lines[2]!.slice(0, at)}`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(`${lines[2]!.slice(at)}\n${lines.slice(3).join('\n')}`),
    ]);
    await refusedSource(file(broken), /line 3: not valid UTF-8/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
const v1 = JSON.parse(readFileSync('test/fixtures/formats/karapace/backup-v1.json', 'utf8')) as [
  string,
  string | null,
][];
const schemaRecord = v1.findIndex(([k]) => k.includes('"SCHEMA"'));
const withValue = (patch: (v: Record<string, unknown>) => unknown) => {
  const copy = clone(v1);
  copy[schemaRecord]![1] = JSON.stringify(patch(JSON.parse(copy[schemaRecord]![1]!) as Record<string, unknown>));
  return copy;
};

/** The records a source's reader skipped (as Karapace's schema reader does), and how many versions it read. */
async function skippedBy(location: string) {
  const reg = await loadSource({ location });
  const versions = [...reg.subjects.values()].reduce((n, s) => n + s.versions.length, 0);
  return { skipped: (reg.info.skipped ?? []).map(({ at, why }) => `${at}: ${why}`), versions };
}

describe('Karapace V1 backup', () => {
  const at = `[${schemaRecord}]`;
  // What Karapace's restore cannot read (backup/backends/v1.py unpacks [key, value]) is refused whole.
  it('a record of three items', () =>
    refusedSource(json([...v1.slice(0, 2), ['{"keytype":"NOOP"}', '{}', 'x']]), /\[2\]: expected \[key, value\]/));
  // What its schema reader discards (core/schema_reader.py) is skipped, named, and the rest is read.
  const cases: [string, unknown, string, number][] = [
    [
      'a record whose key is null',
      [...v1.slice(0, 2), [null, '{}'], ...v1.slice(2)],
      '[2]: the key is not a JSON object',
      0,
    ],
    ['a key that is not JSON', [...v1.slice(0, 2), ['{keytype', '{}'], ...v1.slice(2)], '[2]: the key is not JSON', 0],
    [
      'a value that is not JSON',
      v1.map((r, i) => (i === schemaRecord ? [r[0], '{"id":'] : r)),
      `${at}: the value is not JSON`,
      -1,
    ],
    ['references 5', withValue((v) => ({ ...v, references: 5 })), `${at}: references: expected an array`, -1],
    [
      'references [null]',
      withValue((v) => ({ ...v, references: [null] })),
      `${at}: references: expected {name, subject, version}`,
      -1,
    ],
    ['an id that is a string', withValue((v) => ({ ...v, id: '4' })), `${at}: a SCHEMA value without its id`, -1],
    [
      'a schema that is not a string',
      withValue((v) => ({ ...v, schema: {} })),
      `${at}: a SCHEMA value without its schema text`,
      -1,
    ],
    ['deleted "false"', withValue((v) => ({ ...v, deleted: 'false' })), `${at}: deleted is not true or false`, -1],
    [
      'no subject in the value',
      withValue((v) => ({ ...v, subject: undefined })),
      `${at}: a SCHEMA value without its subject`,
      -1,
    ],
    [
      'an unknown keytype',
      [...v1, ['{"keytype":"FOO"}', '{}']],
      `[${v1.length}]: keytype "FOO" is not one Karapace reads`,
      0,
    ],
  ];
  it.each(cases)('%s: skipped and named', async (_name, doc, why, fewer) => {
    const { versions } = await skippedBy(json(v1));
    expect(await skippedBy(json(doc))).toEqual({ skipped: [why], versions: versions + fewer });
  });
  it("keys and values as JSON objects, as Karapace's V1 writer left them", async () => {
    const objects = v1.map(([k, v]) => [JSON.parse(k), v === null ? null : JSON.parse(v)]);
    expect(await skippedBy(json(objects))).toEqual(await skippedBy(json(v1)));
    expect((await skippedBy(json(v1))).versions).toBeGreaterThan(3);
  });
});

describe('Karapace V2 backup', () => {
  const lines = readFileSync('test/fixtures/formats/karapace/backup-v2.txt', 'utf8').trimEnd().split('\n');
  const hex = (s: string) => Buffer.from(s).toString('hex').toUpperCase();
  const v2 = (extra: string, at = 2) =>
    file([...lines.slice(0, at), extra, ...lines.slice(at)].join('\n') + '\n', 'txt');
  const refused: [string, string, RegExp][] = [
    ['no tab', v2(hex('{"keytype":"NOOP"}')), /line 3: expected "KEY<TAB>VALUE"/],
    ['a key that is not hex', v2(`XYZ\t${hex('{}')}`), /line 3: key is not base16/],
    ['an odd number of hex digits', v2(`ABC\t${hex('{}')}`), /line 3: key is not base16/],
    [
      'a value that is not UTF-8',
      v2(`${hex('{"keytype":"NOOP","magic":0}')}\tFFFE`),
      /line 3: value is not valid UTF-8/,
    ],
  ];
  it.each(refused)('%s: refused', async (_name, path, what) => refusedSource(path, what));
  const schemaKey = hex('{"keytype":"SCHEMA","subject":"s","version":1,"magic":1}');
  const skipped: [string, string, string][] = [
    ['a null key', v2(`null\t${hex('{}')}`), 'line 3: a record without a key'],
    ['a value that is not JSON', v2(`${schemaKey}\t${hex('{"id":')}`), 'line 3: the value is not JSON'],
    [
      'references 5',
      v2(`${schemaKey}\t${hex('{"subject":"s","version":1,"id":9,"schema":"\\"int\\"","references":5}')}`),
      'line 3: references: expected an array',
    ],
    [
      'a MODE record',
      v2(`${hex('{"keytype":"MODE","magic":0}')}\t${hex('{"mode":"IMPORT"}')}`),
      'line 3: keytype "MODE" is not one Karapace reads',
    ],
  ];
  it.each(skipped)('%s: skipped and named', async (_name, path, why) =>
    expect((await skippedBy(path)).skipped).toEqual([why]),
  );
});

// ---------------------------------------------------------------------------------------------------------------
const audit = JSON.parse(readFileSync('test/fixtures/formats/kora-audit/audit.json', 'utf8')) as Record<
  string,
  unknown
>;

describe('Kora audit', () => {
  const cases: [string, unknown, RegExp][] = [
    [
      'references [null]',
      mutate(audit, 'subjects.0.versions.0.references', [null]),
      /subjects\[0\]\.versions\[0\]\.references\[0\]: expected \{name, subject, version\}/,
    ],
    [
      'references 5',
      mutate(audit, 'subjects.0.versions.0.references', 5),
      /subjects\[0\]\.versions\[0\]\.references: expected an array/,
    ],
    [
      'schema_id a string',
      mutate(audit, 'subjects.0.versions.0.schema_id', '1'),
      /subjects\[0\]\.versions\[0\]\.schema_id: expected a whole number/,
    ],
    [
      'schema_text missing, and not in schemas_by_id',
      mutate(mutate(audit, 'subjects.0.versions.0.schema_text', DELETE), 'schemas_by_id', {}),
      /subjects\[0\]\.versions\[0\]\.schema_text: expected a string \(and schemas_by_id has no id 1\)/,
    ],
    [
      'schema_text a number',
      mutate(audit, 'subjects.0.versions.0.schema_text', 5),
      /subjects\[0\]\.versions\[0\]\.schema_text: expected a string/,
    ],
    [
      'a subject config a number',
      mutate(audit, 'subjects.0.config', 5),
      /subjects\[0\]\.config: expected an object or null/,
    ],
    ['summary missing', mutate(audit, 'summary', 5), /summary: expected an object/],
    ['versions an object', mutate(audit, 'subjects.0.versions', {}), /subjects\[0\]\.versions: expected an array/],
    ['subjects an object', mutate(audit, 'subjects', {}), /subjects: expected an array/],
    [
      'deleted "false"',
      mutate(audit, 'subjects.0.versions.0.deleted', 'false'),
      /subjects\[0\]\.versions\[0\]\.deleted: expected true or false/,
    ],
    [
      'a subject listed twice',
      mutate(audit, 'subjects.1', (audit.subjects as unknown[])[0]),
      /subjects\[1\]\.name: subject ":\.eu:orders-value" is listed twice/,
    ],
    ['a subject without a name', mutate(audit, 'subjects.0.name', DELETE), /subjects\[0\]\.name: expected a string/],
  ];
  it.each(cases)('%s', async (_name, doc, what) => refusedSource(json(doc), what));
});

// ---------------------------------------------------------------------------------------------------------------
describe('srctl backup', () => {
  const base = 'fixtures/srctl-restore/backups/sr-backup-20261120-090000';
  /** A copy of the backup, changed by `edit` (given the copy's folder). */
  const backup = (edit: (root: string) => void) => {
    const root = join(dir, `srctl-${++n}`);
    cpSync(base, root, { recursive: true });
    edit(root);
    return root;
  };
  const address = (root: string) => join(root, 'subjects', 'address.json');
  const editAddress = (patch: (doc: Record<string, unknown>) => unknown) => (root: string) =>
    writeFileSync(
      address(root),
      JSON.stringify(patch(JSON.parse(readFileSync(address(root), 'utf8')) as Record<string, unknown>)),
    );
  const cases: [string, (root: string) => void, RegExp][] = [
    [
      'subjects is a file',
      (root) => {
        rmSync(join(root, 'subjects'), { recursive: true });
        writeFileSync(join(root, 'subjects'), 'x');
      },
      /subjects: expected a folder of subject files/,
    ],
    ['manifest not JSON', (root) => writeFileSync(join(root, 'manifest.json'), '{'), /manifest\.json: not valid JSON/],
    ['a subject file not JSON', (root) => writeFileSync(address(root), '{"subject":'), /address\.json: not valid JSON/],
    [
      'versions not a list',
      editAddress((d) => ({ ...d, versions: 'v1' })),
      /address\.json: versions: expected an array/,
    ],
    [
      'references 5',
      editAddress((d) => mutate(d, 'versions.0.references', 5)),
      /address\.json: versions\[0\]\.references: expected an array/,
    ],
    [
      'schemaId a string',
      editAddress((d) => mutate(d, 'versions.0.schemaId', '4')),
      /address\.json: versions\[0\]\.schemaId: expected a whole number/,
    ],
    [
      'schema missing',
      editAddress((d) => mutate(d, 'versions.0.schema', DELETE)),
      /address\.json: versions\[0\]\.schema: expected a string/,
    ],
    ['a subject file that is a list', editAddress(() => []), /address\.json: top level: expected an object/],
    [
      'a subject name that is a number',
      editAddress((d) => ({ ...d, subject: 5 })),
      /address\.json: subject: expected a string/,
    ],
    [
      'a version listed twice',
      editAddress((d) => mutate(d, 'versions.1', (d.versions as unknown[])[0])),
      /address\.json: versions: version 1 is listed twice/,
    ],
    [
      'global-mode.json mode a number',
      (root) => writeFileSync(join(root, 'global-mode.json'), '{"mode": 1}'),
      /global-mode\.json: mode: expected a string/,
    ],
    [
      'global-config.json a list',
      (root) => writeFileSync(join(root, 'global-config.json'), '[1]'),
      /global-config\.json: top level: expected an object or null/,
    ],
  ];
  it.each(cases)('%s', async (_name, edit, what) => refusedSource(backup(edit), what));
});

// ---------------------------------------------------------------------------------------------------------------
describe('Apicurio export ZIP', () => {
  let entries: Map<string, Buffer>;
  beforeAll(async () => {
    entries = await readZip('fixtures/apicurio-2-to-3/export-2.6.zip');
  });
  const zipOf = async (change: (e: Map<string, Buffer>) => void) => {
    const copy = new Map(entries);
    change(copy);
    const path = join(dir, `export-${++n}.zip`);
    await writeZip(path, copy);
    return path;
  };
  const firstOf = (suffix: string) => [...entries.keys()].find((k) => k.endsWith(suffix))!;

  it('an entry inflating to 100 MB of zeros (a ZIP bomb) is refused by name before it is inflated', async () => {
    const path = join(dir, `bomb-${++n}.zip`);
    // The entry's directory record says what it inflates to: a 100 MB one is refused on that alone.
    await writeZip(path, new Map([...entries, ['content/bomb', Buffer.alloc(100 << 20)]]));
    await refusedSource(path, /content\/bomb: inflates to 100 MiB, more than an entry may \(64 MiB\)/);
  });

  it('an entry that inflates a thousand times its size is refused as a ZIP bomb', async () => {
    const path = join(dir, `bomb-${++n}.zip`);
    await writeZip(path, new Map([...entries, ['content/zeros', Buffer.alloc(10 << 20)]]));
    await refusedSource(path, /content\/zeros: inflates \d+ times its packed size \(at most 200\): a ZIP bomb\?/);
  });

  it(
    'an entry whose directory understates what it inflates to is refused by name, having ' + 'inflated no more',
    async () => {
      const path = await zipOf((e) => e.set('content/liar', Buffer.alloc(8 << 20, 'x')));
      const bytes = readFileSync(path);
      // Both records of the entry (local header: size at +22, name at +30; directory: size at +24, name at +46)
      // now say it inflates to 1000 bytes.
      for (let at = bytes.indexOf('content/liar'); at >= 0; at = bytes.indexOf('content/liar', at + 1)) {
        const local = bytes.readUInt32LE(at - 30) === 0x04034b50;
        bytes.writeUInt32LE(1000, local ? at - 30 + 22 : at - 46 + 24);
      }
      await refusedSource(
        file(bytes, 'zip'),
        /content\/liar: inflates to more than the 1000 bytes its ZIP directory says/,
      );
    },
  );

  const cases: [string, (e: Map<string, Buffer>) => void, RegExp][] = [
    [
      'an entry that is not JSON',
      (e) => e.set(firstOf('.json'), Buffer.from('{')),
      /\.json.*not valid JSON|is not JSON/,
    ],
    ['an entry that is not UTF-8', (e) => e.set(firstOf('.json'), Buffer.from([0x7b, 0xff, 0x7d])), /not valid UTF-8/],
  ];
  it.each(cases)('%s', async (_name, change, what) => refusedSource(await zipOf(change), what));

  const raw: [string, () => Buffer, RegExp][] = [
    [
      'a ZIP signature then garbage',
      () => Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100, 7)]),
      /not a ZIP file, or a truncated one/,
    ],
    [
      'a ZIP cut in half',
      () => {
        const b = readFileSync('fixtures/apicurio-2-to-3/export-2.6.zip');
        return b.subarray(0, b.length >> 1);
      },
      /not a ZIP file, or a truncated one/,
    ],
    ['an empty .zip', () => Buffer.alloc(0), /not a ZIP file, or a truncated one/],
  ];
  it.each(raw)('%s', async (_name, make, what) => refusedSource(file(make(), 'zip'), what));
});

// ---------------------------------------------------------------------------------------------------------------
describe('id map, baseline and spec files', () => {
  const idMap = async (content: string) => {
    const path = file(content);
    return { path, ...(await refusal(readJsonFile(path).then((doc) => parseIdMap(doc, path)))) };
  };
  const idCases: [string, string, RegExp][] = [
    ['not JSON', '{"1": ', /not valid JSON/],
    ['a list', '[1, 2]', /not an id map/],
    ['a target that is text', '{"1": "two"}', /entry "1": expected "sourceId": targetId/],
    ['a source that is not a number', '{"one": 2}', /entry "one": expected "sourceId": targetId/],
    [
      'entries with a string source',
      '{"entries": [{"source": "1", "target": 2}]}',
      /entries\[0\]: expected numeric source and target/,
    ],
    ['entries [null]', '{"entries": [null]}', /entries\[0\]: expected numeric source and target/],
    [
      'a source id given twice',
      '{"entries": [{"source": 1, "target": 2}, {"source": 1, "target": 3}]}',
      /entries\[1\]: source id 1 in context \. is mapped twice/,
    ],
    ['a target beyond 2^53', `{"1": ${BIG}}`, /entry "1": expected "sourceId": targetId/],
  ];
  it.each(idCases)('id map: %s', async (_name, content, what) => {
    const { path, code, line } = await idMap(content);
    expect([code, line.includes(path)]).toEqual([3, true]);
    expect(line).toMatch(what);
  });

  const baseline = {
    kind: 'sr-parity-baseline',
    formatVersion: 1,
    hashAlgorithm: 'sr-parity-semantic-closure-v1',
    summary: {},
    subjects: { a: { versions: [{ version: 1, id: 1, hash: 'x' }] } },
  };
  const baseCases: [string, unknown, RegExp][] = [
    ['another kind', mutate(baseline, 'kind', 'snapshot'), /not an sr-parity baseline/],
    [
      'versions not a list',
      mutate(baseline, 'subjects.a.versions', {}),
      /subjects\["a"\]\.versions: expected an array/,
    ],
    [
      'a version without a hash',
      mutate(baseline, 'subjects.a.versions.0.hash', DELETE),
      /subjects\["a"\]\.versions\[0\]: expected version, id/,
    ],
    ['another hash algorithm', mutate(baseline, 'hashAlgorithm', 'md5'), /capture the baseline again/],
  ];
  it.each(baseCases)('baseline: %s', async (_name, doc, what) => {
    const path = json(doc);
    const { code, line } = await refusal(readJsonFile(path).then((d) => parseBaseline(d, path)));
    expect([code, line.includes(path)]).toEqual([3, true]);
    expect(line).toMatch(what);
  });

  const specCases: [string, string, RegExp][] = [
    [
      'nested aliases (a billion laughs)',
      [
        'a: &a ["x","x","x","x","x","x","x","x","x"]',
        ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
        'checks: []',
      ].join('\n'),
      /expands to more than 100000 values \(aliases nested in aliases\?\)/,
    ],
    ['a document over 1 MiB', `checks:\n${'  # padding\n'.repeat(100_000)}  - kind: counts\n`, /larger than 1 MiB/],
    ['not UTF-8', 'checks: []\nname: "\xff"\n', /:2:1: not valid UTF-8 \(byte 18\)/],
    [
      'more than 100 aliases',
      `a: &a x\nchecks: [${Array(101).fill('*a').join(', ')}]\n`,
      /YAML: aliases exceeded maxAliases \(100\)/,
    ],
  ];
  it.each(specCases)('spec: %s', async (_name, content, what) => {
    const path = file(
      content.includes('\xff')
        ? Buffer.concat([Buffer.from('checks: []\nname: "'), Buffer.from([0xff]), Buffer.from('"\n')])
        : content,
      'yaml',
    );
    const { code, line } = await refusal(loadSpec(path));
    expect(code).toBe(2);
    expect(line).toContain(path);
    expect(line).toMatch(what);
  });
});

it('every case above is a different input (the suite counts them)', () => {
  expect(n).toBeGreaterThanOrEqual(100);
});

describe('Karapace V3 backup', () => {
  const base = 'test/fixtures/formats/karapace/backup-v3';
  /** A copy of the backup folder with `name` replaced by what `change` makes of its bytes. */
  const v3 = (name: string, change: (b: Buffer) => Buffer) => {
    const root = join(dir, `v3-${++n}`);
    cpSync(base, root, { recursive: true });
    writeFileSync(join(root, name), change(readFileSync(join(root, name))));
    return root;
  };
  const cases: [string, string, (b: Buffer) => Buffer][] = [
    ['a data file cut in half', '_schemas:0.data', (b) => b.subarray(0, b.length >> 1)],
    ['a data file cut one byte short', '_schemas:0.data', (b) => b.subarray(0, b.length - 1)],
    ['a data file of zeros', '_schemas:0.data', (b) => Buffer.alloc(b.length)],
    [
      'a data file with a byte flipped in a record',
      '_schemas:0.data',
      (b) => {
        const c = Buffer.from(b);
        c[c.length >> 1] = 0xff - c[c.length >> 1]!;
        return c;
      },
    ],
    ['metadata cut short', '_schemas.metadata', (b) => b.subarray(0, 20)],
    [
      'metadata of another format version',
      '_schemas.metadata',
      (b) => {
        const c = Buffer.from(b);
        c[5] = 9;
        return c;
      },
    ],
  ];
  it.each(cases)('%s', async (_name, entry, change) => {
    const root = v3(entry, change);
    const { code, line } = await refusal(loadSource({ location: root }));
    expect(line).not.toMatch(/\n\s+at /);
    expect(line).toContain(root);
    expect(code).toBe(3);
  });
});

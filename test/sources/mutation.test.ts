// Property: whatever a valid input of any format is mutated into (a value of another type, a key deleted or
// duplicated, the file cut short or a byte flipped), the reader either refuses it as a source (exit 3; a spec:
// exit 2) or reads a registry every compare check can run on. Never a crash (exit 5), never a check that could not
// run. Each run is bounded by the test timeout.
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSource } from '../../src/sources/index.js';
import { loadSpec } from '../../src/spec/load.js';
import { reportError } from '../../src/cli/exit.js';
import { compareRegistries } from '../../src/workflows/compare.js';
import type { Registry } from '../../src/model/types.js';
import { readZip, writeZip } from '../helpers/zip.js';

const dir = mkdtempSync(join(tmpdir(), 'sr-parity-mutation-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const RUNS = Number(process.env.MUTATION_RUNS ?? 150);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path into `doc`, the root included. */
function paths(doc: Json, at: (string | number)[] = []): (string | number)[][] {
  const out = [at];
  if (Array.isArray(doc)) doc.forEach((x, i) => out.push(...paths(x, [...at, i])));
  else if (doc && typeof doc === 'object') for (const [k, v] of Object.entries(doc)) out.push(...paths(v, [...at, k]));
  return out;
}

/** `doc` with the value at `path` replaced by what `change` makes of it (undefined: removed). */
function at(doc: Json, path: (string | number)[], change: (v: Json) => Json | undefined): Json {
  if (!path.length) return change(doc) ?? null;
  const copy = structuredClone(doc) as Record<string | number, Json>;
  let parent = copy;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, Json>;
  const last = path.at(-1)!;
  const next = change(parent[last]!);
  if (next !== undefined) parent[last] = next;
  else if (Array.isArray(parent)) parent.splice(last as number, 1);
  else delete parent[last];
  return copy;
}

/**
 * What a value is swapped for: each of JSON's types, and the values that trip readers (2^53, "false", deep nesting).
 */
const SWAPS: Json[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  2 ** 53,
  '',
  'false',
  '1',
  [],
  [null],
  {},
  { a: { b: { c: [1] } } },
];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('swap' as const), value: fc.constantFrom(...SWAPS) }),
  fc.record({ kind: fc.constant('delete' as const) }),
  fc.record({ kind: fc.constant('duplicate' as const) }),
);

function mutate(
  doc: Json,
  pick: number,
  m: { kind: 'swap'; value: Json } | { kind: 'delete' } | { kind: 'duplicate' },
): Json {
  const all = paths(doc);
  const path = all[pick % all.length]!;
  if (m.kind === 'swap') return at(doc, path, () => structuredClone(m.value));
  if (m.kind === 'delete') return path.length ? at(doc, path, () => undefined) : doc;
  // duplicate: an array element twice (a subject or version listed twice), else the value wrapped in a list
  return at(doc, path, (v) => (Array.isArray(v) && v.length ? [...v, structuredClone(v[0]!)] : [v]));
}

/** The outcome a reader's answer leads to: a registry all checks run on, or a refusal with a documented code. */
async function outcome(read: Promise<Registry | unknown>, refusalCode = 3): Promise<string> {
  let reg: unknown;
  try {
    reg = await read;
  } catch (err) {
    const { code, text } = reportError(err);
    expect(text, 'a refusal is one line, no stack').not.toMatch(/\n\s+at /);
    expect(code, text).toBe(refusalCode);
    return 'refused';
  }
  if (reg && typeof reg === 'object' && 'subjects' in reg && (reg as Registry).subjects instanceof Map) {
    const registry = reg as Registry;
    const run = await compareRegistries(registry, registry, { idsPreserved: true, deleted: 'compare' });
    const broken = run.outcomes.filter((o) => o.status === 'error').map((o) => `${o.check}: ${o.error}`);
    expect(broken, 'a check could not run on what the reader accepted').toEqual([]);
  }
  return 'read';
}

const file = (content: string | Buffer, ext = 'json') => {
  const path = join(dir, `m-${++n}.${ext}`);
  writeFileSync(path, content);
  return path;
};

/** `bytes` cut short at a random place, or with one byte there replaced, handed to `check`. */
async function cutOrFlipped(bytes: Buffer, check: (broken: Buffer) => Promise<unknown>): Promise<void> {
  const place = fc.nat(bytes.length - 1);
  const byte = fc.option(fc.integer({ min: 0, max: 255 }));
  await fc.assert(
    fc.asyncProperty(place, byte, async (at, replacement) => {
      const broken = Buffer.from(bytes);
      if (replacement !== null) broken[at] = replacement;
      await check(replacement === null ? broken.subarray(0, at) : broken);
    }),
    { numRuns: RUNS },
  );
}

/** A JSON reader's property: typed mutations, then byte-level cuts and flips of the valid file. */
function propertiesOf(
  name: string,
  base: Json,
  write: (doc: Json) => string,
  read: (path: string) => Promise<unknown>,
  refusalCode = 3,
) {
  describe(name, () => {
    it('typed mutations: refused as a source, or read and checked', async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(), mutation, async (pick, m) => {
          await outcome(read(file(write(mutate(base, pick, m)))), refusalCode);
        }),
        { numRuns: RUNS },
      );
    });

    it('cut short or a byte flipped: refused, or read and checked', async () => {
      await cutOrFlipped(Buffer.from(write(base)), (broken) => outcome(read(file(broken)), refusalCode));
    });
  });
}

const source = (path: string) => loadSource({ location: path });
const jsonOf = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Json;
const pretty = (doc: Json) => JSON.stringify(doc, null, 1);

propertiesOf('sr-parity snapshot', jsonOf('fixtures/example/source.json'), pretty, source);
propertiesOf('Karapace V1 backup', jsonOf('test/fixtures/formats/karapace/backup-v1.json'), pretty, source);
propertiesOf('Kora audit', jsonOf('test/fixtures/formats/kora-audit/audit.json'), pretty, source);

describe('Karapace V2 backup', () => {
  const lines = readFileSync('test/fixtures/formats/karapace/backup-v2.txt', 'utf8').trimEnd().split('\n');
  const records = lines
    .slice(1)
    .map((l) =>
      l.split('\t').map((h) => (h === 'null' ? null : (JSON.parse(Buffer.from(h, 'hex').toString()) as Json))),
    );
  const hex = (x: Json) => (x === null ? 'null' : Buffer.from(JSON.stringify(x)).toString('hex'));
  const write = (doc: Json) =>
    ['/V2', ...(Array.isArray(doc) ? doc : [doc]).map((r) => (Array.isArray(r) ? r : [r]).map(hex).join('\t'))].join(
      '\n',
    );
  it('typed mutations of the records: refused as a source, or read and checked', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), mutation, async (pick, m) => {
        await outcome(source(file(write(mutate(records as Json, pick, m)), 'txt')));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('srctl backup', () => {
  const base = 'fixtures/srctl-restore/backups/sr-backup-20261120-090000';
  const subjectFile = jsonOf(join(base, 'subjects', 'customer-value.json'));
  it('typed mutations of a subject file: refused as a source, or read and checked', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), mutation, async (pick, m) => {
        const root = join(dir, `srctl-${++n}`);
        cpSync(base, root, { recursive: true });
        writeFileSync(join(root, 'subjects', 'customer-value.json'), pretty(mutate(subjectFile, pick, m)));
        await outcome(source(root));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('Apicurio export ZIP', () => {
  it('typed mutations of one entry: refused as a source, or read and checked', async () => {
    const entries = await readZip('fixtures/apicurio-2-to-3/export-2.6.zip');
    const names = [...entries.keys()].filter((k) => k.endsWith('.json'));
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), mutation, async (which, pick, m) => {
        const name = names[which % names.length]!;
        const copy = new Map(entries);
        copy.set(name, Buffer.from(JSON.stringify(mutate(JSON.parse(entries.get(name)!.toString()) as Json, pick, m))));
        const path = join(dir, `zip-${++n}.zip`);
        await writeZip(path, copy);
        await outcome(source(path));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('verify spec', () => {
  const text = readFileSync('specs/cutover-gate.yaml', 'utf8');
  it('cut short or a byte flipped: refused as a spec (exit 2), or loaded', async () => {
    const vars = { SOURCE_URL: 'a.json', TARGET_URL: 'b.json' };
    await cutOrFlipped(Buffer.from(text), (broken) => outcome(loadSpec(file(broken, 'yaml'), vars), 2));
  });
});

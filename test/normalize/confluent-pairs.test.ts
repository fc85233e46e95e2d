// Confluent Schema Registry's own equality tests, as a table sr-parity must agree with: pairs of texts its tests
// (ProtobufSchemaTest, AvroSchemaTest, JsonSchemaTest, RestApiTest) hold to be the same schema, the same only where
// the subject's config says `normalize: true`, or different. Each row names its test and what the test asserts
// (test/fixtures/confluent/equality-pairs.json, transcribed from the repository at the commit it names; Apache 2.0);
// rows whose `file` is `code` have no test of Confluent's and cite the code that decides them instead.
// sr-parity compares a source holding one text with a Confluent target holding the other: no error where Confluent's
// lookup by the source text finds the target's version, an error where it does not.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fromSnapshot, type SnapshotFile } from '../../src/sources/files/native.js';
import { compareRegistries } from '../../src/workflows/compare.js';

interface Pair {
  file: string;
  test: string;
  type: string;
  source: string;
  target: string;
  plain: 'same' | 'different';
  normalized: 'same' | 'different';
  why: string;
  references?: { name: string; subject: string; schema: string }[];
  /** The side that holds its text without the references (their types written in); the other holds them. */
  inlined?: 'source' | 'target';
}

const TABLE = JSON.parse(readFileSync('test/fixtures/confluent/equality-pairs.json', 'utf8')) as {
  commit: string;
  pairs: Pair[];
};

function registry(pair: Pair, text: string, normalize: boolean, side: string): SnapshotFile {
  const refs = pair.references ?? [];
  const referencing = pair.inlined === side ? [] : refs;
  const version = (id: number, schema: string, references: { name: string; subject: string; version: number }[]) => ({
    version: 1,
    id,
    schemaType: pair.type,
    schema,
    references,
    deleted: false,
  });
  const subject = (name: string, v: ReturnType<typeof version>) => ({
    name,
    deleted: false,
    config: null,
    mode: null,
    versions: [v],
  });
  return {
    formatVersion: 1,
    tool: 'test',
    capturedAt: '2026-12-06T00:00:00.000Z',
    source: { location: side, product: 'confluent' },
    global: { config: { compatibility: 'BACKWARD', normalize }, mode: 'READWRITE' },
    contexts: ['.'],
    subjects: [
      ...refs.map((r, k) => subject(r.subject, version(10 + k, r.schema, []))),
      subject(
        'pair-value',
        version(
          1,
          text,
          referencing.map((r) => ({ name: r.name, subject: r.subject, version: 1 })),
        ),
      ),
    ],
  };
}

/** sr-parity's verdict on a pair: the same schema to a Confluent target, or not (its error findings). */
async function verdict(pair: Pair, normalize: boolean): Promise<{ verdict: 'same' | 'different'; errors: string[] }> {
  const source = fromSnapshot(registry(pair, pair.source, normalize, 'source'), 'source');
  const target = fromSnapshot(registry(pair, pair.target, normalize, 'target'), 'target');
  const run = await compareRegistries(source, target, { idsPreserved: true, deleted: 'compare' });
  const errors = run.outcomes.flatMap((o) => o.findings.filter((f) => f.severity === 'error').map((f) => f.message));
  return { verdict: errors.length ? 'different' : 'same', errors };
}

describe(`Confluent's equality tests (confluentinc/schema-registry ${TABLE.commit.slice(0, 12)})`, () => {
  it('has at least 60 pairs, each of all three kinds of verdict among them', () => {
    expect(TABLE.pairs.length).toBeGreaterThanOrEqual(60);
    expect(TABLE.pairs.filter((p) => p.file !== 'code').length).toBeGreaterThanOrEqual(60);
    const kinds = new Set(TABLE.pairs.map((p) => `${p.plain}/${p.normalized}`));
    expect([...kinds].sort()).toEqual(['different/different', 'different/same', 'same/same']);
  });

  TABLE.pairs.forEach((pair, i) => {
    const where = pair.file === 'code' ? 'code' : pair.file.split('/').pop()!.replace('.java', '');
    const name = `${i + 1}. ${where}: ${pair.test} (${pair.type})`;
    it(`${name}: ${pair.plain}, and ${pair.normalized} with normalize`, async () => {
      const plain = await verdict(pair, false);
      const normalized = await verdict(pair, true);
      const got = { plain: plain.verdict, normalized: normalized.verdict, why: pair.why, errors: plain.errors };
      const expected = { plain: pair.plain, normalized: pair.normalized, why: pair.why };
      expect(got).toEqual({ ...expected, errors: pair.plain === 'same' ? [] : expect.anything() });
    });
  });
});

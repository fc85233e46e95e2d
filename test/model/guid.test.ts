// Schema GUIDs as Confluent Schema Registry computes them: held to what Confluent's own entity classes gave for each
// case (test/fixtures/guid/confluent-guids.json, written by scripts/fixtures/confluent-guid/generate.sh).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaGuid, type GuidInput } from '../../src/model/guid.js';
import { ROOT } from '../helpers/cli.js';

const fixture = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'guid', 'confluent-guids.json'), 'utf8')) as {
  from: string;
  cases: (GuidInput & { name: string; guid: string })[];
};

describe(`schema GUIDs (Confluent's classes at ${fixture.from})`, () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    expect(schemaGuid(c)).toBe(c.guid);
  });

  it("differ with the text's bytes, the references' order, a disabled rule; not for what the Java skips", () => {
    const by = new Map(fixture.cases.map((c) => [c.name, c.guid]));
    expect(by.get('the same text with other spacing')).not.toBe(by.get('an Avro text alone'));
    expect(by.get('the references in the other order')).not.toBe(by.get('references, in their order'));
    expect(by.get('the same rule disabled')).not.toBe(by.get('a domain rule with everything'));
    expect(by.get('empty references')).toBe(by.get('an Avro text alone'));
    expect(by.get('an empty rule set')).toBe(by.get('empty metadata'));
  });
});

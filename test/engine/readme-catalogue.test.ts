import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/checks/catalogue.js';
import { withCatalogue } from '../../src/report/catalogue.js';
import { specSchema } from '../../src/spec/schema.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('generated documentation (run `npm run readme` after changing a check)', () => {
  it('the README catalogue is exactly what the check definitions generate', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toBe(withCatalogue(readme, CATALOGUE));
  });

  it('specs/spec-schema.json is the current spec schema', () => {
    expect(JSON.parse(readFileSync(join(ROOT, 'specs', 'spec-schema.json'), 'utf8'))).toEqual(specSchema(CATALOGUE));
  });

  it('uses kebab-case ids, each declared once', () => {
    const ids = CATALOGUE.flatMap((c) => c.findings.map((f) => f.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [...ids, ...CATALOGUE.map((c) => c.kind)]) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });
});

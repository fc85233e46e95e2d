import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/checks/catalogue.js';
import { withCatalogue } from '../../src/report/catalogue.js';
import { specSchema } from '../../src/spec/schema.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('generated documentation (run `npm run readme` after changing a check)', () => {
  it('the catalogue in docs/checks.md is exactly what the check definitions generate', () => {
    const readme = readFileSync(join(ROOT, 'docs', 'checks.md'), 'utf8');
    expect(readme).toBe(withCatalogue(readme, CATALOGUE));
  });

  it('specs/spec-schema.json is the current spec schema', () => {
    expect(JSON.parse(readFileSync(join(ROOT, 'specs', 'spec-schema.json'), 'utf8'))).toEqual(specSchema(CATALOGUE));
  });

  it('uses kebab-case ids, one meaning per finding id and one definition per kind', () => {
    const byId = new Map<string, object>();
    for (const f of CATALOGUE.flatMap((c) => c.findings)) {
      expect(byId.get(f.id) ?? f, `finding ${f.id} is declared twice with different meanings`).toBe(f);
      byId.set(f.id, f);
    }
    const kinds = CATALOGUE.map((c) => c.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const id of [...byId.keys(), ...kinds]) expect(id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });
});

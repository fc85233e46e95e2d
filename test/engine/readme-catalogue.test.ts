import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPARE_CHECKS } from '../../src/checks/index.js';
import { withCatalogue } from '../../src/report/catalogue.js';

describe('README check catalogue', () => {
  it('is exactly what the check definitions generate (run `npm run readme` after changing a check)', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toBe(withCatalogue(readme, COMPARE_CHECKS));
  });

  it('uses kebab-case ids, each declared once', () => {
    const ids = COMPARE_CHECKS.flatMap((c) => c.findings.map((f) => f.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [...ids, ...COMPARE_CHECKS.map((c) => c.kind)]) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });
});

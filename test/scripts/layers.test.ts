// The layer rules hold on src/, and a violation or a cycle put into a copy of it fails the check, naming the rule.
import { afterAll, describe, expect, it } from 'vitest';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'sr-parity-layers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const layers = (src?: string) =>
  spawnSync(process.execPath, [join(ROOT, 'scripts', 'layers.mjs'), ...(src ? [src] : [])], { encoding: 'utf8' });

describe('scripts/layers.mjs', () => {
  it('passes on src/', () => {
    const r = layers();
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^layers: \d+ modules, \d+ imports, rules hold/);
  });

  it('fails on a check that imports a source, naming the rule and why', () => {
    const src = join(dir, 'checks-import');
    cpSync(join(ROOT, 'src'), src, { recursive: true });
    appendFileSync(
      join(src, 'checks', 'counts.ts'),
      "\nimport { loadSource } from '../sources/index.js';\nvoid loadSource;\n",
    );
    const r = layers(src);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      'src/checks/counts.ts imports src/sources/index.ts: checks must not import sources (a check reads the registries it is given',
    );
  });

  it('fails on a lazy import(...) that breaks a rule as it fails on a static one', () => {
    const src = join(dir, 'lazy-import');
    cpSync(join(ROOT, 'src'), src, { recursive: true });
    appendFileSync(join(src, 'report', 'json.ts'), "\nexport const later = () => import('../sources/index.js');\n");
    const r = layers(src);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('src/report/json.ts imports src/sources/index.ts: report must not import sources');
  });

  it('fails on an import cycle, naming its modules', () => {
    const src = join(dir, 'cycle');
    cpSync(join(ROOT, 'src'), src, { recursive: true });
    appendFileSync(join(src, 'model', 'filter.ts'), "\nimport type { Registry as R } from './mapping.js';\n");
    appendFileSync(join(src, 'model', 'mapping.ts'), "\nimport type { SubjectFilter as F } from './filter.js';\n");
    const r = layers(src);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /import cycle: src\/model\/filter\.ts -> src\/model\/mapping\.ts -> src\/model\/filter\.ts/,
    );
  });
});

// The layer rules hold on src/, and a violation or a cycle put into a copy of it fails the check, naming the rule.
import { afterAll, describe, expect, it } from 'vitest';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
      join(src, 'checks', 'kinds', 'counts.ts'),
      "\nimport { loadSource } from '../../sources/index.js';\nvoid loadSource;\n",
    );
    const r = layers(src);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      'src/checks/kinds/counts.ts imports src/sources/index.ts: checks must not import sources (a check reads the ' +
        'registries it is given',
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

  it('holds every arrow of the drawing: the engine knows no check, a report no planner, the CLI no source', () => {
    const src = join(dir, 'arrows');
    cpSync(join(ROOT, 'src'), src, { recursive: true });
    appendFileSync(join(src, 'engine', 'run.ts'), "\nimport type { PairCheck as P } from '../checks/presets.js';\n");
    const planner = "\nimport type { PlanOptions as O } from '../apply/plan/index.js';\n";
    appendFileSync(join(src, 'report', 'plan.ts'), planner);
    appendFileSync(join(src, 'cli', 'reports.ts'), "\nimport type { SourceSpec as S } from '../sources/index.js';\n");
    writeFileSync(join(src, 'stray.ts'), 'export const stray = 1;\n');
    const r = layers(src);
    expect(r.status).toBe(1);
    expect(r.stderr.trimEnd().split('\n').slice(1).sort()).toEqual([
      '  src/cli/reports.ts imports src/sources/index.ts: cli must not import sources (the CLI parses arguments, ' +
        'calls a workflow and prints what it returns)',
      '  src/engine/run.ts imports src/checks/presets.ts: engine must not import checks (the engine runs whatever ' +
        'checks it is given, for any caller: it knows no check, report or command)',
      '  src/report/plan.ts imports src/apply/plan/index.ts: report must not import apply (a report renders a ' +
        'result: it never reads a registry, plans or runs)',
      '  src/stray.ts: in no stage of the drawing (lib, model, normalize, sources, engine, checks, report, spec, ' +
        'apply, workflows, cli, api): add it to one',
    ]);
  });

  it("draws the same arrows as docs/architecture.md's table", () => {
    const rules = JSON.parse(layers('--rules').stdout) as Record<string, string[]>;
    const doc = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
    const table = Object.fromEntries(
      [...doc.matchAll(/^\| `(?:src\/)?([a-z]+)(?:\/|\.ts)` \| [^|]+ \| ([^|]+) \|/gm)].map((m) => [
        m[1] === 'index' ? 'api' : m[1]!,
        m[2]!.trim() === 'nothing'
          ? []
          : m[2]!.trim() === 'all of the above'
            ? ['*']
            : m[2]!.split(', ').map((x) => x.trim()),
      ]),
    );
    expect(Object.fromEntries(Object.entries(table).map(([k, v]) => [k, [...v].sort()]))).toEqual(
      Object.fromEntries(Object.entries(rules).map(([k, v]) => [k, [...v].sort()])),
    );
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

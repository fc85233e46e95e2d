// docs/report.md promises that a finding id always carries the same JSON type in `source` and in `target`, or null
// where that side has no value (a consumer can switch on the id and read the values without guessing). Held against
// every fixture scenario:
// compare's and each check kind's.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareScenario, scenarios } from '../helpers/fixtures.js';
import { ROOT, runInProcess } from '../helpers/cli.js';
import type { Finding, RunResult } from '../../src/engine/types.js';

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

function collect(into: Map<string, Set<string>>, findings: Finding[], where: string) {
  for (const f of findings)
    for (const side of ['source', 'target'] as const) {
      if (f[side] === undefined || f[side] === null) continue; // null: no value on that side, whatever the id
      const key = `${f.id}.${side}`;
      into.set(key, (into.get(key) ?? new Set()).add(`${typeOf(f[side])} (${where})`));
    }
}

describe('finding values', () => {
  it('keep one JSON type per finding id and side, across all fixture scenarios', async () => {
    const seen = new Map<string, Set<string>>();
    for (const name of scenarios())
      collect(
        seen,
        (await compareScenario(name)).outcomes.flatMap((o) => o.findings),
        `compare/${name}`,
      );
    const dir = join('test', 'fixtures', 'verify');
    for (const d of readdirSync(join(ROOT, dir), { withFileTypes: true }).filter((x) => x.isDirectory())) {
      const r = await runInProcess(['verify', join(dir, d.name, 'spec.yaml'), '--format', 'json', '--all-findings']);
      collect(
        seen,
        (JSON.parse(r.stdout) as RunResult).outcomes.flatMap((o) => o.findings),
        `verify/${d.name}`,
      );
    }
    expect(seen.size).toBeGreaterThan(60);
    const mixed = [...seen]
      .map(([key, where]) => [key, [...new Set([...where].map((w) => w.split(' ')[0]))], [...where]] as const)
      .filter(([, types]) => types.length > 1)
      .map(([key, , where]) => `${key}: ${[...new Set(where)].slice(0, 4).join(', ')}`);
    expect(mixed).toEqual([]);
  });
});

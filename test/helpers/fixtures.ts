import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromSnapshot } from '../../src/sources/files/native.js';
import { parseIdMap } from '../../src/model/id-map.js';
import { runChecks } from '../../src/engine/run.js';
import { compareChecks } from '../../src/checks/presets.js';
import { caseOf, where } from '../../src/report/common.js';
import type { CompareOptions, RunResult } from '../../src/engine/types.js';

export const COMPARE_FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'compare');

export function scenarios(): string[] {
  return readdirSync(COMPARE_FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

export interface Expected {
  options: {
    ids?: 'preserved' | 'not-preserved';
    deleted?: 'compare' | 'ignore';
    idMap?: unknown;
    allowExtra?: boolean;
  };
  findings: string[];
}

export function expectedOf(name: string): Expected {
  return readJson(join(COMPARE_FIXTURES, name, 'expected.json')) as Expected;
}

export function compareScenario(name: string): RunResult {
  const dir = join(COMPARE_FIXTURES, name);
  const { options } = expectedOf(name);
  const compareOptions: CompareOptions = {
    idsPreserved: (options.ids ?? 'preserved') === 'preserved' && !options.idMap,
    deleted: options.deleted ?? 'compare',
    idMap: options.idMap ? parseIdMap(options.idMap, 'expected.json') : undefined,
    allowExtra: options.allowExtra,
  };
  const source = fromSnapshot(readJson(join(dir, 'source.json')), 'source.json');
  const target = fromSnapshot(readJson(join(dir, 'target.json')), 'target.json');
  return runChecks({
    tool: 'test',
    command: 'compare',
    source,
    target,
    checks: compareChecks(source, target),
    options: compareOptions,
    failOn: 'error',
  });
}

/** Findings whose JUnit case is not one of the cases their check listed (each would show as a stray testcase). */
export function strayCases(run: RunResult): string[] {
  return run.outcomes.flatMap((o) =>
    o.findings.filter((f) => !o.cases.includes(caseOf(f))).map((f) => `${o.check}: ${f.id} on "${caseOf(f)}"`),
  );
}

/** "finding-id place", sorted: what expected.json lists. */
export function findingsOf(run: RunResult): string[] {
  return run.outcomes.flatMap((o) => o.findings.map((f) => `${f.id} ${where(f)}`)).sort();
}

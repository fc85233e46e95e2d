import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromSnapshot, type SnapshotFile } from '../../src/sources/files/native.js';
import { compareScenarios, type CompareScenario } from '../fixtures/compare/generate.mjs';
import { parseIdMap } from '../../src/model/id-map.js';
import { compareRegistries } from '../../src/workflows/compare.js';
import { caseOf, where } from '../../src/report/common.js';
import type { RunResult } from '../../src/engine/types.js';

export const COMPARE_FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'compare');

const GENERATED = new Map(compareScenarios().map((s) => [s.name, s]));

/** Every compare scenario: the generated table's (test/fixtures/compare/generate.mjs), and Apicurio's on disk. */
export function scenarios(): string[] {
  const onDisk = readdirSync(COMPARE_FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !GENERATED.has(d.name))
    .map((d) => d.name);
  return [...GENERATED.keys(), ...onDisk].sort();
}

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

export type Expected = CompareScenario['expected'];

export function expectedOf(name: string): Expected {
  return GENERATED.get(name)?.expected ?? (readJson(join(COMPARE_FIXTURES, name, 'expected.json')) as Expected);
}

/** One side of a scenario as a snapshot file's content (a fresh copy: callers may change it). */
export function snapshotOf(name: string, side: 'source' | 'target'): SnapshotFile {
  const generated = GENERATED.get(name);
  if (generated) return structuredClone(generated[side]);
  return readJson(join(COMPARE_FIXTURES, name, `${side}.json`)) as SnapshotFile;
}

export function compareScenario(name: string): Promise<RunResult> {
  const { options } = expectedOf(name);
  const compareOptions = {
    idsPreserved: (options.ids ?? 'preserved') === 'preserved' && !options.idMap,
    deleted: options.deleted ?? 'compare',
    idMap: options.idMap ? parseIdMap(options.idMap, 'expected.json') : undefined,
    allowExtra: options.allowExtra,
  };
  const source = fromSnapshot(snapshotOf(name, 'source'), 'source.json');
  const target = fromSnapshot(snapshotOf(name, 'target'), 'target.json');
  return compareRegistries(source, target, compareOptions);
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

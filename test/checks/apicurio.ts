// Apicurio rows start from the compare scenarios made from a real 3.3.3 export (test/fixtures/apicurio/generate.mjs):
// its registry as read, and each scenario's target with one planted change.
import type { SnapshotFile } from '../../src/sources/files/native.js';
import { snapshotOf } from '../helpers/fixtures.js';

/** The 3.x registry of the export: 10 artifacts in two groups, as read from its ZIP. */
export const apicurio = (): SnapshotFile => snapshotOf('apicurio-identical', 'source');

/** A scenario's side: `apicurio-state-differs` and the others under test/fixtures/compare/. */
export const scenario = (name: string, side: 'source' | 'target' = 'target'): SnapshotFile =>
  snapshotOf(`apicurio-${name}`, side);

/** The registry with one change made to a copy. */
export function changed(change: (s: SnapshotFile) => void): SnapshotFile {
  const s = apicurio();
  change(s);
  return s;
}

export const artifact = (s: SnapshotFile, name: string) => s.subjects.find((x) => x.name === name)!;

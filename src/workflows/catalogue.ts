// What a spec can declare: every check kind (`sr-parity checks`) and the spec's JSON Schema (`sr-parity schema`).
import { CATALOGUE } from '../checks/catalogue.js';
import { specSchema as schemaOf } from '../spec/schema.js';
import type { CheckDefinition, FindingType } from '../engine/types.js';

/** A check kind as the catalogue lists it: everything but its code. */
export type CheckKind = Omit<CheckDefinition, 'run'>;
export type { FindingType };

export function checkKinds(): CheckKind[] {
  return CATALOGUE.map(({ run: _run, ...c }) => c);
}

/** The JSON Schema every spec is validated against (editors read it for completion). */
export function specSchema(): Record<string, unknown> {
  return schemaOf(CATALOGUE);
}

// An apply plan is data: apply/plan.ts makes one, report/plan.ts renders it, apply/execute.ts carries it out, and
// `apply --plan-out` saves it for a later `apply --plan`.
import type { Config, Dek, Kek, Reference } from './types.js';
import type { SubjectMapping } from './mapping.js';
import type { SubjectFilter } from './filter.js';

export type Strategy = 'preserve' | 'new';

/**
 * Steps run in three phases: `write` (registrations, ordered by `after`), `settle` (soft deletes and configs,
 * once every schema is in, so compatibility checks and references see the whole history) and `modes` (after
 * IMPORT mode is lifted, so a READONLY subject cannot block its own copy).
 */
export type Phase = 'write' | 'settle' | 'modes';

interface StepBase {
  key: string; // stable across plans of the same migration: the state file records steps by key
  phase: Phase;
  after: string[];
}

export interface RegisterStep extends StepBase {
  op: 'register';
  subject: string; // target subject
  version: number; // source version (the target keeps it with --ids preserved)
  sourceId: number;
  /** The context the source id was numbered in (its own, before a --target-context moved it). */
  sourceContext?: string;
  id?: number; // explicit id: --ids preserved only
  schemaType: string;
  schema: string;
  references: Reference[]; // source versions; translated to target versions when written
  /** Data contracts, part of the schema's identity (server-added confluent:version left out: the target sets it). */
  metadata?: unknown;
  ruleSet?: unknown;
  /** The target version must be known afterwards (a reference or a soft delete points at it). */
  needVersion: boolean;
}

export interface SoftDeleteStep extends StepBase {
  op: 'soft-delete';
  subject: string;
  version: number; // source version
}

/**
 * `at`: '' for the registry, `:.ctx:` for a context, or a subject name. A null value removes the level's own setting.
 */
export interface ConfigStep extends StepBase {
  op: 'set-config';
  at: string;
  config: Config | null;
  temporary?: boolean;
}

export interface ModeStep extends StepBase {
  op: 'set-mode';
  at: string;
  mode: string | null;
}

/**
 * A KEK of the DEK registry, created live (its KMS properties are read from the source when the step runs: never
 * kept in a plan or journal, which hold their digest); a soft-deleted one is soft-deleted once its DEKs are in.
 */
export interface KekStep extends StepBase {
  op: 'create-kek';
  kek: Kek;
}

export interface KekDeleteStep extends StepBase {
  op: 'soft-delete-kek';
  name: string;
}

/** A DEK with its wrapped material as the source holds it (the same KEK unwraps it); soft-deleted after if it was. */
export interface DekStep extends StepBase {
  op: 'create-dek';
  dek: Dek;
}

export type Step = RegisterStep | SoftDeleteStep | ConfigStep | ModeStep | KekStep | KekDeleteStep | DekStep;

/** A source version the target already holds (an identical prefix of the subject's history). */
export interface ExistingVersion {
  subject: string;
  version: number;
  targetVersion: number;
  context: string;
  sourceId: number;
  targetId: number;
}

export interface PlanProblem {
  kind:
    | 'no-import-mode'
    | 'no-contexts'
    | 'target-not-empty'
    | 'subject-conflict'
    | 'id-taken'
    | 'id-collision'
    | 'dangling-reference'
    | 'reference-cycle'
    | 'unsupported-type'
    | 'not-confluent-api'
    | 'setting-conflict'
    | 'target-cannot-keep'
    | 'dek-registry';
  subject?: string;
  message: string;
}

export interface Plan {
  formatVersion: 1;
  kind: 'sr-parity-apply-plan';
  createdAt: string;
  source: string;
  target: string;
  strategy: Strategy;
  includeDeleted: boolean;
  mapping: SubjectMapping;
  /** The subject filter the source was read with: executing a saved plan reads (and re-verifies) the same subjects. */
  filter?: SubjectFilter;
  /** Contexts put into IMPORT mode for the run ('.' is the registry's global mode). */
  importContexts: string[];
  /** The target's own mode of each of those contexts before the run, restored afterwards (null: none of its own). */
  previousModes: Record<string, string | null>;
  steps: Step[];
  existing: ExistingVersion[];
  problems: PlanProblem[];
  notes: string[];
  /** Soft-deleted source versions deliberately not copied (--no-include-deleted): the closing verification says so. */
  leftOutDeleted?: number;
}

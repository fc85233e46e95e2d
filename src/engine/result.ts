// What a run produces: findings, each check's outcome, and the run as reports render it.
import type { RegistrySummary, SourceInfo } from '../model/types.js';

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

/** One observed difference or failure. */
export interface Finding {
  id: string; // what was found, e.g. 'version-missing-on-target' (the check is the outcome listing it)
  severity: Severity;
  subject?: string;
  /** The source's name for `subject`, when a migration renamed it or moved it into another context. */
  sourceSubject?: string;
  version?: number;
  schemaId?: number;
  context?: string;
  place?: string; // where a finding is when it is not a subject, id or context: a metric, an endpoint
  message: string;
  source?: unknown;
  target?: unknown;
  fingerprint: string; // stable across runs: what and where, not the values
  /** What to do about it: its type's advice, or something more exact where the cause is recognisable. */
  hint?: string;
  /** The fingerprint of the finding whose root cause explains this one (reports fold it under that one). */
  causedBy?: string;
  /** How many findings this root cause explains. */
  explains?: number;
}

export type CheckStatus = 'passed' | 'failed' | 'error' | 'skipped';

export interface CheckOutcome {
  check: string; // the check's name (its kind unless a spec names it)
  kind: string;
  description: string;
  status: CheckStatus;
  cases: string[]; // what was examined (subjects, 'global', ids...), so reports can list passes too
  findings: Finding[];
  error?: string;
  durationMs: number;
}

export type { IdMapEntry } from '../model/id-map.js';
import type { IdMapEntry } from '../model/id-map.js';

export interface RunResult {
  tool: string;
  command: string;
  /** What ran, for report titles: `sr-parity verify specs/cutover-gate.yaml`. */
  title?: string;
  startedAt: string;
  durationMs: number;
  failOn: Severity;
  /** The registries compared; a verify run of endpoint probes only reads none. */
  source?: SourceInfo & { summary: RegistrySummary };
  target?: SourceInfo & { summary: RegistrySummary };
  outcomes: CheckOutcome[];
  idMap?: IdMapEntry[];
  /**
   * Versions one side holds that the other lacks, as compare's pairing found them (a run that paired two
   * registries): on the source, the target's lag.
   */
  versionsOnly?: { source: number; target: number };
}

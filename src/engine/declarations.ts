// A check as a spec declares it, resolved: what verify runs. The spec stage produces these; the engine runs them.
import type { SubjectFilter } from '../model/filter.js';
import type { SubjectMapping } from '../model/mapping.js';
import type { CheckDefinition, Severity } from './types.js';

export interface IgnoreRule {
  fingerprint?: string;
  subject?: string;
  finding?: string;
  reason: string;
}

export interface CheckDecl {
  def: CheckDefinition;
  name: string;
  severity?: Severity;
  filter: SubjectFilter;
  ignore: IgnoreRule[];
  /** Source names: [source, target] for pair checks, [on] for single ones, [] for http. */
  uses: string[];
  ids?: 'preserved' | 'not-preserved';
  idMap?: string;
  deleted?: 'compare' | 'ignore';
  /** A shared target: what only the target holds is info (pair checks, and counts with compareWith). */
  allowExtra?: boolean;
  /** How source subjects are named on the target (pair checks). */
  mapping?: SubjectMapping;
  params: Record<string, unknown>;
}

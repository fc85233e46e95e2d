// Pure: from the loaded source and target, the ordered steps that make the target hold the source. No I/O.
// The refusals come first (preflight.ts), then what of the history is carried (history.ts), each subject's writes
// (writes.ts) and settings (settings.ts), then the contexts' and the registry's settings.
import { DEFAULT_CONTEXT, type Registry } from '../../model/types.js';
import type { ExistingVersion, Plan, PlanProblem, Step, Strategy } from '../../model/plan.js';
import { mapRegistry, type SubjectMapping } from '../../model/mapping.js';
import { ReferenceResolver } from '../../normalize/references.js';
import { configsDropped, confluentRules, foreignSubjects, targetProblems, unkeepable } from './preflight.js';
import { carriedVersions, countLeftOut, cycles } from './history.js';
import { WritePlanner } from './writes.js';
import { dekRegistrySteps } from './dek-registry.js';
import {
  contextSettingSteps,
  globalSettingSteps,
  importContextsOf,
  settingConflicts,
  subjectSettingSteps,
} from './settings.js';

export { canPreserveIds } from './preflight.js';

export interface PlanOptions {
  strategy: Strategy;
  includeDeleted: boolean;
  allowNonEmpty: boolean;
  /** A shared target's own settings (global, context) are replaced by the source's; otherwise each is a conflict. */
  overwriteSettings?: boolean;
  mapping: SubjectMapping;
}

export function planApply(
  sourceRegistry: Registry,
  target: Registry,
  o: PlanOptions,
  createdAt = new Date().toISOString(),
): Plan {
  const problems: PlanProblem[] = [];
  const notes: string[] = [];
  const source = confluentRules(mapRegistry(sourceRegistry, o.mapping), notes);
  const refs = { source: new ReferenceResolver(source), target: new ReferenceResolver(target) };
  problems.push(...targetProblems(source, target, o.strategy));
  const carried = carriedVersions(source, refs.source, target, o.includeDeleted, problems, notes);
  problems.push(...unkeepable(source, target, carried, o.strategy));
  problems.push(...cycles(source, refs.source, carried));
  const foreign = foreignSubjects(source, target, o.allowNonEmpty, problems, notes);

  const steps: Step[] = [];
  const existing: ExistingVersion[] = [];
  const writes = new WritePlanner(source, target, o, refs, carried, problems, sourceRegistry);
  for (const s of source.subjects.values()) {
    const planned = writes.subject(s);
    if (!planned) continue;
    existing.push(...planned.existing);
    steps.push(...planned.steps, ...subjectSettingSteps(source, target, s, planned.tempConfig));
  }
  writes.markNeededVersions(steps);
  steps.push(...contextSettingSteps(source, target));
  // A target that holds subjects of its own is shared: its global and context settings are its owners', and apply
  // changes none of them unless told to (each is listed, before anything is written).
  if (foreign.length && !o.overwriteSettings) problems.push(...settingConflicts(source, target, steps));
  steps.push(...globalSettingSteps(source, target, notes));
  steps.push(...dekRegistrySteps(sourceRegistry, target, o.mapping, problems));
  problems.push(...configsDropped(target, steps));

  const importContexts =
    o.strategy === 'preserve' && steps.some((s) => s.op === 'register') ? importContextsOf(steps) : [];
  const previousModes: Record<string, string | null> = {};
  for (const c of importContexts)
    previousModes[c] = c === DEFAULT_CONTEXT ? (target.globalMode ?? null) : (target.contextSettings[c]?.mode ?? null);
  if (o.strategy === 'new')
    notes.push(
      'ids are assigned by the target (--ids not-preserved): the source->target id map is recorded for consumers and ' +
        'for compare --id-map',
    );

  return {
    formatVersion: 1,
    kind: 'sr-parity-apply-plan',
    createdAt,
    source: sourceRegistry.info.location,
    target: target.info.location,
    strategy: o.strategy,
    includeDeleted: o.includeDeleted,
    leftOutDeleted: countLeftOut(source, carried),
    mapping: o.mapping,
    importContexts,
    previousModes,
    steps,
    existing,
    problems,
    notes,
  };
}

// The settle and modes phases' settings: each subject's config and mode, each context's, the global config, what a
// shared target would have overwritten, and notes on the global mode (never copied: it is set at cutover).
import { DEFAULT_CONTEXT, contextOf, type Config, type Registry, type Subject } from '../../model/types.js';
import type { PlanProblem, Step } from '../../model/plan.js';
import {
  compareContext,
  compareLevel,
  contextValue,
  contextsOf,
  own,
  settingKey,
  type Setting,
} from '../../model/inheritance.js';

/** A subject's config (settle) and mode (modes): the source's where they differ, else what a temporary NONE hid. */
export function subjectSettingSteps(source: Registry, target: Registry, s: Subject, tempConfig: boolean): Step[] {
  const steps: Step[] = [];
  const t = target.subjects.get(s.name);
  const config = subjectSetting(source, target, s, 'config');
  // After a temporary NONE: the source's value where it differs, else what the target had.
  const finalConfig = config !== undefined ? config : t ? ownOf(target, t, 'config') : null;
  if (config !== undefined || tempConfig)
    steps.push({
      key: `config ${s.name}`,
      phase: 'settle',
      after: [],
      op: 'set-config',
      at: s.name,
      config: finalConfig as Config | null,
    });
  const mode = subjectSetting(source, target, s, 'mode');
  if (mode !== undefined)
    steps.push({
      key: `mode ${s.name}`,
      phase: 'modes',
      after: [],
      op: 'set-mode',
      at: s.name,
      mode: mode as string | null,
    });
  return steps;
}

/** Each context the source uses whose config or mode differs: the source's own value, or none where it inherits. */
export function contextSettingSteps(source: Registry, target: Registry): Step[] {
  const steps: Step[] = [];
  for (const c of contextsOf(source, target).filter(
    (c) => source.contexts.includes(c) || [...source.subjects.values()].some((s) => s.context === c),
  )) {
    const own = (pick: 'config' | 'mode') => source.contextSettings[c]?.[pick] ?? null;
    if (compareContext([source, target], c, 'config')?.verdict)
      steps.push({
        key: `config context ${c}`,
        phase: 'settle',
        after: [],
        op: 'set-config',
        at: `:${c}:`,
        config: own('config') as Config | null,
      });
    if (compareContext([source, target], c, 'mode')?.verdict)
      steps.push({
        key: `mode context ${c}`,
        phase: 'modes',
        after: [],
        op: 'set-mode',
        at: `:${c}:`,
        mode: own('mode') as string | null,
      });
  }
  return steps;
}

/** The global config where it differs; the global mode is not copied, and the notes say what it is. */
export function globalSettingSteps(source: Registry, target: Registry, notes: string[]): Step[] {
  const steps: Step[] = [];
  if (source.globalConfig && settingKey(source.globalConfig) !== settingKey(target.globalConfig)) {
    steps.push({
      key: 'config global',
      phase: 'settle',
      after: [],
      op: 'set-config',
      at: '',
      config: source.globalConfig,
    });
  }
  if (target.globalMode === 'IMPORT' && source.globalMode !== 'IMPORT') {
    // What a killed apply leaves behind, where its state file (which knows the mode it found) is not at hand
    notes.push(
      `the target is in IMPORT mode and the source is not: an earlier apply that stopped part-way leaves it so (its ` +
        'state file, given with --state, restores the mode that apply found). This run copies what is missing, ' +
        'skips what is there, and leaves the target in IMPORT: set READWRITE when the copy is done, or cut over',
    );
  } else if ((source.globalMode ?? 'READWRITE') !== (target.globalMode ?? 'READWRITE')) {
    notes.push(
      `the global mode is not copied: the target stays ${target.globalMode ?? 'READWRITE'} (the source is ` +
        `${source.globalMode ?? 'READWRITE'}); set it at cutover`,
    );
  }
  return steps;
}

/** The value to set on the target subject so its effective setting matches the source's (undefined: nothing to do). */
function subjectSetting(source: Registry, target: Registry, s: Subject, pick: 'config' | 'mode'): Setting | undefined {
  const t = target.subjects.get(s.name);
  const c = compareLevel(
    s[pick],
    contextValue(source, s.context, pick),
    t?.[pick] ?? null,
    contextValue(target, s.context, pick),
  );
  return c?.verdict ? ownOf(source, s, pick) : undefined;
}

function ownOf(reg: Registry, s: Subject, pick: 'config' | 'mode'): Setting {
  return own(s[pick], contextValue(reg, s.context, pick));
}

export function effectiveCompatibility(reg: Registry, subject: string, context: string): string {
  const own = reg.subjects.get(subject)?.config?.compatibility;
  const parent = (contextValue(reg, context, 'config') as Config | null)?.compatibility;
  return String(own ?? parent ?? 'BACKWARD');
}

/** The settings of a shared target the plan would change: the global config, each context's config and mode. */
export function settingConflicts(source: Registry, target: Registry, steps: Step[]): PlanProblem[] {
  const conflicts: { place: string; ours: unknown; theirs: unknown }[] = [];
  if (source.globalConfig && settingKey(source.globalConfig) !== settingKey(target.globalConfig))
    conflicts.push({ place: 'the global config', ours: target.globalConfig, theirs: source.globalConfig });
  for (const st of steps) {
    if ((st.op !== 'set-config' && st.op !== 'set-mode') || !/^:\.[^:]*:$/.test(st.at)) continue;
    const [c, pick] = [st.at.slice(1, -1), st.op === 'set-mode' ? 'mode' : 'config'] as const;
    const ours = target.contextSettings[c]?.[pick] ?? null;
    conflicts.push({ place: `the ${pick} of context ${c}`, ours, theirs: source.contextSettings[c]?.[pick] ?? null });
  }
  return conflicts.map(({ place, ours, theirs }) => ({
    kind: 'setting-conflict',
    message:
      `${place} is ${JSON.stringify(ours)} on the target, ${JSON.stringify(theirs)} on the source, and the target ` +
      'holds subjects of its own: apply changes no setting of a shared target; pass --overwrite-settings to take ' +
      "the source's, or make them equal first",
  }));
}

export function importContextsOf(steps: Step[]): string[] {
  const set = new Set<string>([DEFAULT_CONTEXT]);
  for (const s of steps) if (s.op === 'register') set.add(contextOf(s.subject));
  return [...set].sort();
}

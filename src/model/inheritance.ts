// Config and mode are inherited: subject -> context -> global. A level's own value is what it sets beyond its
// parent (servers such as Apicurio ccompat and AxonOps echo the parent's value for a level that sets nothing).
import { DEFAULT_CONTEXT, contextOf, type Config, type Registry, type Subject } from './types.js';

export type Setting = Config | string | null;

/** A subject that is only a setting on some side (no versions on either), as the pairing finds it. */
export interface SettingsPair {
  name: string;
  source?: Subject;
  target?: Subject;
}

/** A setting as a key: objects by their sorted keys, so two servers' orders of the same fields are one value. */
export const settingKey = (v: Setting): string => (v === null ? '' : typeof v === 'string' ? v : sortedJson(v));

function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${sortedJson(x)}`).join(',')}}`;
}

/** What a level sets of its own, or null where it only repeats (or inherits) its parent. */
export function own(value: Setting, parent: Setting): Setting {
  return value !== null && settingKey(value) !== settingKey(parent) ? value : null;
}

export function effective(value: Setting, parent: Setting): Setting {
  if (value === null) return parent;
  if (typeof value === 'string' || parent === null || typeof parent === 'string') return value;
  return { ...parent, ...value };
}

export interface LevelComparison {
  source: Setting; // effective values
  target: Setting;
  sourceOwn: boolean;
  targetOwn: boolean;
  /** 'differs': effective values differ; 'inheritance': equal, but set here on one side only. */
  verdict: 'differs' | 'inheritance' | null;
}

/** Compares one level (a context or a subject) given each side's own value and its parent's effective value. */
export function compareLevel(s: Setting, sParent: Setting, t: Setting, tParent: Setting): LevelComparison | null {
  const so = own(s, sParent);
  const to = own(t, tParent);
  if (so === null && to === null) return null; // both inherit: the parent level's comparison covers them
  const se = effective(so, sParent);
  const te = effective(to, tParent);
  const verdict =
    settingKey(se) !== settingKey(te) ? 'differs' : (so === null) !== (to === null) ? 'inheritance' : null;
  return { source: se, target: te, sourceOwn: so !== null, targetOwn: to !== null, verdict };
}

/**
 * The effective value a context passes down to its subjects. What the server answers for `/config/:.ctx:` is
 * already effective (AxonOps: a context does not inherit the default context's global value); a snapshot
 * without context settings inherits the global one.
 */
export function contextValue(reg: Registry, context: string, pick: 'config' | 'mode'): Setting {
  const global = pick === 'config' ? reg.globalConfig : reg.globalMode;
  if (context === DEFAULT_CONTEXT) return global;
  return reg.contextSettings[context]?.[pick] ?? global;
}

/** A context level: both sides' server answers compare directly; a side without one inherits its global value. */
export function compareContext(
  reg: [Registry, Registry],
  context: string,
  pick: 'config' | 'mode',
): LevelComparison | null {
  const [src, tgt] = reg;
  const s = src.contextSettings[context]?.[pick] ?? null;
  const t = tgt.contextSettings[context]?.[pick] ?? null;
  if (s === null || t === null)
    return compareLevel(s, contextValue(src, DEFAULT_CONTEXT, pick), t, contextValue(tgt, DEFAULT_CONTEXT, pick));
  return {
    source: s,
    target: t,
    sourceOwn: true,
    targetOwn: true,
    verdict: settingKey(s) !== settingKey(t) ? 'differs' : null,
  };
}

/** A registry without modes (Apicurio 2.6 ccompat answers 404) accepts writes: it behaves as READWRITE. */
export function globalModeOf(reg: Registry): string {
  return reg.globalMode ?? 'READWRITE';
}

/**
 * Non-default contexts whose settings matter: those holding subjects on some side, and those every side has.
 * A context that exists on one side only and holds nothing (AxonOps keeps listing a context after its subjects
 * are hard-deleted) affects no schema.
 */
export function contextsOf(...regs: Registry[]): string[] {
  const all = new Set<string>();
  for (const r of regs) for (const s of r.subjects.values()) all.add(s.context);
  for (const c of Object.keys(regs[0]?.contextSettings ?? {}))
    if (regs.every((r) => c in r.contextSettings)) all.add(c);
  all.delete(DEFAULT_CONTEXT);
  return [...all].sort();
}

/**
 * Subjects that are only a setting (no versions on either side: configured before their first registration), each
 * with its comparison, labelled for a finding.
 */
export function settingsOnlyLevels(
  [source, target]: [Registry, Registry],
  pairs: SettingsPair[],
  pick: 'config' | 'mode',
): { name: string; label: string; levels: LevelComparison | null }[] {
  return pairs.map(({ name, source: s, target: t }) => {
    const parents = [contextValue(source, contextOf(name), pick), contextValue(target, contextOf(name), pick)];
    const levels = compareLevel(s?.[pick] ?? null, parents[0]!, t?.[pick] ?? null, parents[1]!);
    return { name, label: `${name} (configured, no versions)`, levels };
  });
}

// Source subject -> target subject, for migrations that rename subjects or move them into another context.
import { UsageError } from '../lib/errors.js';
import { copyWith } from './copy.js';
import { DEFAULT_CONTEXT, asContextName, bareName, contextOf, qualify, type Registry, type Subject } from './types.js';
import type { SubjectFilter } from './filter.js';

export interface SubjectMapping {
  /**
   * `pattern=>replacement` (a JavaScript regular expression over the bare subject name, `$1` style groups), or a Schema
   * Exporter's `subjectRenameFormat` such as `${subject}-dr`.
   */
  rename?: string[];
  /** Every subject goes into this context (`.name`; `.` for the default context). */
  targetContext?: string;
}

export function isIdentityMapping(m: SubjectMapping): boolean {
  return !m.rename?.length && m.targetContext === undefined;
}

/** Parses the rules once and returns the mapping function; a bad rule is a usage error. */
export function subjectMapper(m: SubjectMapping): (subject: string) => string {
  if (isIdentityMapping(m)) return (s) => s;
  const rules = (m.rename ?? []).map((rule) => {
    // A Schema Exporter's subjectRenameFormat (`${subject}-dr`) works as it is.
    if (!rule.includes('=>') && rule.includes('${subject}'))
      return (bare: string) => rule.split('${subject}').join(bare);
    const i = rule.indexOf('=>');
    if (i <= 0)
      throw new UsageError(
        `--rename "${rule}": expected "pattern=>replacement" (or an exporter's format such as "\${subject}-dr")`,
      );
    try {
      const re = new RegExp(rule.slice(0, i));
      const to = rule.slice(i + 2);
      return (bare: string) => bare.replace(re, to);
    } catch (err) {
      throw new UsageError(`--rename "${rule}": ${(err as Error).message}`);
    }
  });
  const ctx = m.targetContext === undefined ? undefined : contextName(m.targetContext);
  return (subject) => {
    let bare = bareName(subject);
    for (const rename of rules) bare = rename(bare);
    return qualify(ctx ?? contextOf(subject), bare);
  };
}

/** `--target-context` as a context name: `.name`, or `.` for the default context. */
export function contextName(raw: string): string {
  if (raw.replace(/^:/, '').replace(/:$/, '').includes(':'))
    throw new UsageError(`--target-context "${raw}": a context name cannot contain ':'`);
  return asContextName(raw);
}

/** Where a mapped source's subjects live on the target: the target context, or anywhere (renames only). */
export function mappedTargetFilter(m: SubjectMapping): SubjectFilter {
  return m.targetContext === undefined ? {} : { context: contextName(m.targetContext) };
}

/** What to do where two subjects map to one: most often two contexts moved into one target context. */
function why(a: string, b: string, m: SubjectMapping): string {
  if (m.targetContext === undefined || contextOf(a) === contextOf(b)) return '';
  return (
    `: the target context ${contextName(m.targetContext)} takes the subjects of every source context ` +
    `(${contextOf(a)} and ${contextOf(b)} here); select the contexts the migration copied (compare --context .; in a ` +
    'spec, subjects: {context: .} under defaults), or a rename (--rename; a spec: rename) that keeps them apart'
  );
}

/**
 * The registry as it should look on the target: subjects and their references renamed, contexts moved.
 * Two source subjects mapped onto one target subject is a usage error (the copy would interleave them).
 */
export function mapRegistry(reg: Registry, m: SubjectMapping): Registry {
  if (isIdentityMapping(m)) return reg;
  const map = subjectMapper(m);
  const subjects = new Map<string, Subject>();
  const origin = new Map<string, string>();
  for (const s of reg.subjects.values()) {
    const name = map(s.name);
    const clash = origin.get(name);
    if (clash !== undefined)
      throw new UsageError(`subjects "${clash}" and "${s.name}" both map to "${name}"${why(clash, s.name, m)}`);
    origin.set(name, s.name);
    subjects.set(
      name,
      copyWith(s, {
        name,
        context: contextOf(name),
        sourceContext: s.sourceContext ?? s.context,
        versions: s.versions.map((v) =>
          copyWith(v, {
            subject: name,
            references: v.references.length
              ? v.references.map((r) => ({ ...r, subject: map(r.subject) }))
              : v.references,
          }),
        ),
      }),
    );
  }
  // Renames keep a subject's context; a target context takes them all.
  const into = m.targetContext === undefined ? undefined : contextName(m.targetContext);
  const contextMap = new Map(reg.contexts.map((c) => [c, into ?? c]));
  const contextSettings: Registry['contextSettings'] = {};
  for (const [c, v] of Object.entries(reg.contextSettings)) {
    const to = contextMap.get(c) ?? c;
    if (to !== DEFAULT_CONTEXT) contextSettings[to] = v;
  }
  return {
    ...reg,
    subjects,
    contexts: [...new Set([DEFAULT_CONTEXT, ...contextMap.values()])].sort(),
    contextSettings,
    // a DEK belongs to its subject: it moves with it
    ...(reg.dekRegistry
      ? {
          dekRegistry: {
            ...reg.dekRegistry,
            deks: reg.dekRegistry.deks.map((d) => ({ ...d, subject: map(d.subject) })),
          },
        }
      : {}),
  };
}

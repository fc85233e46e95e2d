import picomatch from 'picomatch';
import { bareName, contextOf, type DekRegistry, type Registry } from './types.js';

export interface SubjectFilter {
  subjectPrefix?: string;
  context?: string;
  include?: string[];
  exclude?: string[];
}

export function subjectMatcher(f: SubjectFilter): (subject: string) => boolean {
  const inc = f.include?.length ? picomatch(f.include, { dot: true }) : null;
  const exc = f.exclude?.length ? picomatch(f.exclude, { dot: true }) : null;
  return (subject) => {
    const bare = bareName(subject);
    if (f.subjectPrefix && !bare.startsWith(f.subjectPrefix) && !subject.startsWith(f.subjectPrefix)) return false;
    if (f.context && contextOf(subject) !== f.context) return false;
    if (inc && !inc(subject) && !inc(bare)) return false;
    if (exc && (exc(subject) || exc(bare))) return false;
    return true;
  };
}

export function isEmptyFilter(f: SubjectFilter): boolean {
  return !f.subjectPrefix && !f.context && !f.include?.length && !f.exclude?.length;
}

/** A registry restricted to the subjects the filter keeps; global config and mode stay. */
export function filterRegistry(reg: Registry, f: SubjectFilter): Registry {
  if (isEmptyFilter(f)) return reg;
  const keep = subjectMatcher(f);
  const subjects = new Map([...reg.subjects].filter(([name]) => keep(name)));
  const contexts = f.context ? reg.contexts.filter((c) => c === f.context) : reg.contexts;
  const dekRegistry = reg.dekRegistry && selectDeks(reg.dekRegistry, keep);
  return { ...reg, subjects, contexts, ...(dekRegistry ? { dekRegistry } : {}) };
}

/** The DEKs of the subjects `keep` selects, and the KEKs that wrap them (a filtered read or check sees these). */
export function selectDeks(dek: DekRegistry, keep: (subject: string) => boolean): DekRegistry {
  const deks = dek.deks.filter((d) => keep(d.subject));
  return { keks: dek.keks.filter((k) => deks.some((d) => d.kek === k.name)), deks };
}

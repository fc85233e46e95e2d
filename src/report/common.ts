import { SEVERITIES, type CheckOutcome, type Finding, type RunResult } from '../engine/result.js';
import type { RegistrySummary, SourceInfo } from '../model/types.js';
import { PRODUCT_NAMES } from '../model/product.js';

export const SUMMARY_ROWS: [keyof RegistrySummary, string][] = [
  ['subjects', 'subjects'],
  ['subjectsDeleted', '  soft-deleted'],
  ['versions', 'versions'],
  ['versionsDeleted', '  soft-deleted'],
  ['schemas', 'schema ids'],
  ['contexts', 'contexts'],
];

/** Errors first, then warnings, then info; a stable sort keeps each severity's findings in check order. */
export function errorsFirst(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
}

/** The terminal colour of each severity (ANSI: red, yellow, grey). */
export const SEVERITY_COLOR = { error: 31, warning: 33, info: 90 } as const;

export function counts(findings: Finding[]): { error: number; warning: number; info: number } {
  const c = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}

export function verdict(run: RunResult): string {
  const all = run.outcomes.flatMap((o) => o.findings);
  const c = counts(all);
  const errored = run.outcomes.filter((o) => o.status === 'error').length;
  const failed = run.outcomes.filter((o) => o.status === 'failed').length;
  const parts = [plural(c.error, 'error'), plural(c.warning, 'warning'), `${c.info} info`];
  if (errored) parts.push(`${plural(errored, 'check')} could not run`);
  return failed || errored
    ? `DRIFT: ${parts.join(', ')} (fail on ${run.failOn})`
    : `OK: no findings at or above ${run.failOn} (${parts.join(', ')})`;
}

/** What a report lists: root causes and independent findings; what a root cause explains is folded under it. */
export function shown(findings: Finding[]): Finding[] {
  return findings.filter((f) => !f.causedBy);
}

/** The findings each root cause explains (in any check), by the root's fingerprint. */
export function foldedUnder(run: RunResult): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const f of run.outcomes.flatMap((o) => o.findings)) {
    if (f.causedBy) out.set(f.causedBy, [...(out.get(f.causedBy) ?? []), f]);
  }
  return out;
}

/**
 * A finding's message with what it explains (`also: …`) and its hint, for reports that fold; `withHint` false where
 * the row above gave the same hint (a list of one finding id repeats it otherwise).
 */
export function explained(f: Finding, folded: Map<string, Finding[]>, withHint = true): string {
  const parts = [messageBesideWhere(f)];
  const also = folded.get(f.fingerprint);
  if (also?.length) {
    const byId = new Map<string, number>();
    for (const x of also) byId.set(x.id, (byId.get(x.id) ?? 0) + 1);
    parts.push(`also: ${[...byId].map(([id, n]) => (n > 1 ? `${id} ×${n}` : id)).join(', ')}`);
  }
  if (f.hint && withHint) parts.push(`hint: ${f.hint}`);
  return parts.join('\n');
}

/** For a list of findings: whether each one's hint differs from the one before it (shown once per run of them). */
export function newHints(findings: Finding[]): boolean[] {
  return findings.map((f, i) => i === 0 || f.hint !== findings[i - 1]!.hint);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function where(f: Finding): string {
  if (f.subject) return f.version !== undefined ? `${f.subject} v${f.version}` : f.subject;
  if (f.schemaId !== undefined) return `id ${f.context && f.context !== '.' ? `${f.context}:` : ''}${f.schemaId}`;
  if (f.context) return `context ${f.context}`;
  return f.place ?? 'global';
}

/** A finding's message without the place it starts with, for reports that show the place beside it. */
export function messageBesideWhere(f: Finding): string {
  const prefix = `${where(f)}: `;
  return f.message.startsWith(prefix) ? f.message.slice(prefix.length) : f.message;
}

/** The JUnit case a finding belongs to: its subject (any version), else its place as `where` names it. */
export function caseOf(f: Finding): string {
  return f.subject ?? where(f);
}

export function statusLabel(o: CheckOutcome): string {
  return o.status === 'passed'
    ? 'passed'
    : o.status === 'failed'
      ? 'FAILED'
      : o.status === 'error'
        ? 'ERROR'
        : 'skipped';
}

/** The software a side runs, as the summary shows it (it decides which spellings are the same schema). */
export function productName(side: SourceInfo | undefined): string {
  return !side ? '' : side.product ? PRODUCT_NAMES[side.product] : 'not known';
}

export interface TableOptions {
  color?: boolean;
  /** Findings shown per check; the rest are counted (use --format json for all). */
  maxRows?: number;
  /** Columns to fit (the terminal's); finding ids and subjects are never cut, messages wrap. */
  width?: number;
  /** JSON: also the findings a root cause explains (by default each root counts them in `explains`). */
  allFindings?: boolean;
}

export const paint = (on: boolean, code: number, s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

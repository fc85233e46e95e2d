// One line per finding, errors first: what grep, a narrow terminal and a CI log want. A finding that a root cause
// explains is listed too, naming its root, so grepping for a subject finds everything said about it.
import type { Finding, RunResult } from '../engine/result.js';
import { SEVERITY_COLOR, errorsFirst, messageBesideWhere, paint, verdict, where, type TableOptions } from './common.js';

export function formatCompact(run: RunResult, opts: TableOptions = {}): string {
  const color = !!opts.color;
  const all = run.outcomes.flatMap((o) => o.findings);
  const byFingerprint = new Map(all.map((f) => [f.fingerprint, f]));
  const line = (f: Finding) => {
    const root = f.causedBy ? byFingerprint.get(f.causedBy) : undefined;
    const because = root ? ` (explained by ${root.id} ${where(root)})` : '';
    const severity = paint(color, SEVERITY_COLOR[f.severity], f.severity.padEnd(7));
    return `${severity} ${f.id} ${where(f)}: ${messageBesideWhere(f).replace(/\s*\n\s*/g, ' ')}${because}`;
  };
  const out = run.outcomes
    .filter((o) => o.status === 'error')
    .map((o) => `${paint(color, 31, 'error  ')} ${o.check}: could not run: ${o.error}`);
  out.push(...errorsFirst(all).map(line));
  out.push(paint(color, verdict(run).startsWith('OK') ? 32 : 31, verdict(run)));
  return `${out.join('\n')}\n`;
}

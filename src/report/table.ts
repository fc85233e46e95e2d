import Table from 'cli-table3';
import type { RunResult } from '../engine/types.js';
import { SUMMARY_ROWS, counts, explained, foldedUnder, plural, shown, statusLabel, verdict, where } from './common.js';

export interface TableOptions {
  color?: boolean;
  /** Findings shown per check; the rest are counted (use --format json for all). */
  maxRows?: number;
}

const paint = (on: boolean, code: number, s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

export function formatTable(run: RunResult, opts: TableOptions = {}): string {
  const color = !!opts.color;
  const maxRows = opts.maxRows ?? 25;
  const style = { head: color ? ['cyan'] : [], border: color ? ['grey'] : [] };
  const out: string[] = [];

  const summary = new Table({ head: ['', 'source', 'target'], style });
  summary.push(['location', run.source.location, run.target?.location ?? '']);
  for (const [key, label] of SUMMARY_ROWS)
    summary.push([label, String(run.source.summary[key]), String(run.target?.summary[key] ?? '')]);
  out.push(summary.toString());

  const checks = new Table({ head: ['check', 'status', 'cases', 'errors', 'warnings', 'info'], style });
  for (const o of run.outcomes) {
    const c = counts(o.findings);
    const st = statusLabel(o);
    checks.push([
      o.check,
      paint(color, o.status === 'passed' ? 32 : 31, st),
      o.cases.length,
      c.error,
      c.warning,
      c.info,
    ]);
  }
  out.push(checks.toString());

  const folded = foldedUnder(run);
  for (const o of run.outcomes) {
    if (o.status === 'error') out.push(paint(color, 31, `${o.check}: could not run: ${o.error}`));
    if (!o.findings.length) continue;
    const listed = shown(o.findings);
    const under = o.findings.length - listed.length;
    if (!listed.length) {
      const each = under === 1 ? '' : 'each ';
      out.push(`${o.check}: ${plural(under, 'finding')}, ${each}explained by a root cause listed under another check`);
      continue;
    }
    const more = under ? ` (and ${under} explained by a root cause)` : '';
    out.push(`${o.check}: ${plural(listed.length, 'finding')}${more}`);
    const t = new Table({
      head: ['severity', 'finding', 'where', 'message'],
      style,
      colWidths: [10, 30, 34, 70],
      wordWrap: true,
    });
    for (const f of listed.slice(0, maxRows)) {
      const severity = paint(color, f.severity === 'error' ? 31 : f.severity === 'warning' ? 33 : 90, f.severity);
      t.push([severity, f.check, where(f), explained(f, folded)]);
    }
    out.push(t.toString());
    if (listed.length > maxRows) out.push(`… ${listed.length - maxRows} more (use --format json for all)`);
  }
  if (run.idMap) out.push(`id map: ${run.idMap.length} source ids mapped to target ids`);
  out.push(paint(color, /^OK/.test(verdict(run)) ? 32 : 31, verdict(run)));
  return `${out.join('\n')}\n`;
}

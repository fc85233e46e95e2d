import Table from 'cli-table3';
import type { Finding, RunResult } from '../engine/result.js';
import {
  SEVERITY_COLOR,
  SUMMARY_ROWS,
  counts,
  errorsFirst,
  explained,
  foldedUnder,
  plural,
  shown,
  statusLabel,
  verdict,
  where,
  productName,
  paint,
  newHints,
  type TableOptions,
} from './common.js';

/**
 * Hard-breaks words longer than a column (a long subject, a URL): cli-table3 would cut them with an ellipsis, and a
 * subject that cannot be read whole cannot be acted on.
 */
function unbreakable(text: string, colWidth: number): string {
  const room = Math.max(1, colWidth - 2);
  return text.replace(new RegExp(`\\S{${room + 1},}`, 'g'), (word) =>
    word.match(new RegExp(`.{1,${room}}`, 'gu'))!.join('\n'),
  );
}

/** Column widths for severity, finding id, where and message within `width` (ids are never cut). */
function findingColumns(findings: Finding[], width: number): number[] {
  const id = Math.max(7, ...findings.map((f) => f.id.length)) + 2;
  const wanted = Math.min(Math.max(5, ...findings.map((f) => where(f).length)) + 2, Math.max(14, width >> 2));
  // A message keeps at least 20 columns: a narrow terminal wraps the place before it; only long ids overflow.
  const place = Math.max(10, Math.min(wanted, width - 10 - id - 20 - 5));
  return [10, id, place, Math.max(20, width - 10 - id - place - 5)];
}

export function formatTable(run: RunResult, opts: TableOptions = {}): string {
  const color = !!opts.color;
  const maxRows = opts.maxRows ?? 25;
  const width = opts.width ?? 120;
  const style = { head: color ? ['cyan'] : [], border: color ? ['grey'] : [] };
  const out: string[] = [];

  if (run.source) out.push(sidesTable(run.source, run.target, width, style));

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
    const listed = errorsFirst(shown(o.findings));
    const under = o.findings.length - listed.length;
    if (!listed.length) {
      const each = under === 1 ? '' : 'each ';
      out.push(`${o.check}: ${plural(under, 'finding')}, ${each}explained by a root cause listed under another check`);
      continue;
    }
    const more = under ? ` (and ${under} explained by a root cause)` : '';
    out.push(`${o.check}: ${plural(listed.length, 'finding')}${more}`);
    const widths = findingColumns(listed.slice(0, maxRows), width);
    const t = new Table({
      head: ['severity', 'finding', 'where', 'message'],
      style,
      colWidths: widths,
      wordWrap: true,
    });
    const rows = listed.slice(0, maxRows);
    const hinted = newHints(rows);
    rows.forEach((f, i) => {
      const severity = paint(color, SEVERITY_COLOR[f.severity], f.severity);
      const message = unbreakable(explained(f, folded, hinted[i]), widths[3]!);
      t.push([severity, f.id, unbreakable(where(f), widths[2]!), message]);
    });
    out.push(t.toString());
    if (listed.length > maxRows) out.push(`… ${listed.length - maxRows} more (use --format json for all)`);
  }
  if (run.idMap) out.push(`id map: ${run.idMap.length} source ids mapped to target ids`);
  out.push(paint(color, verdict(run).startsWith('OK') ? 32 : 31, verdict(run)));
  return `${out.join('\n')}\n`;
}

/** Where each side came from and what it holds. */
function sidesTable(source: Side, target: Side | undefined, width: number, style: object): string {
  const longest = Math.max(...[source.location, target?.location ?? ''].map((l) => l.length));
  const side = Math.min(longest + 2, Math.max(20, (width - 16 - 4) >> 1));
  const summary = new Table({ head: ['', 'source', 'target'], style, colWidths: [16, side, side], wordWrap: true });
  summary.push(['location', unbreakable(source.location, side), unbreakable(target?.location ?? '', side)]);
  if (source.product || target?.product) summary.push(['product', productName(source), productName(target)]);
  for (const [key, label] of SUMMARY_ROWS)
    summary.push([label, String(source.summary[key]), String(target?.summary[key] ?? '')]);
  return summary.toString();
}

type Side = NonNullable<RunResult['source']>;

export type { TableOptions } from './common.js';

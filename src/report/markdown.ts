import type { RunResult } from '../engine/result.js';
import {
  SUMMARY_ROWS,
  counts,
  errorsFirst,
  explained,
  foldedUnder,
  shown,
  statusLabel,
  verdict,
  where,
  productName,
  newHints,
} from './common.js';

const cell = (s: unknown) =>
  String(s ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');

/** GitHub refuses a comment over 65,536 characters: the report stays under it with room for a caller's own text. */
export const MARKDOWN_BUDGET = 60_000;
/** Findings listed per check; the rest are counted (the JSON report has all). */
const ROWS_PER_CHECK = 50;

export function formatMarkdown(run: RunResult): string {
  const title = run.title ?? `sr-parity ${run.command}`;
  const lines = [`# ${title}`, '', `**${verdict(run)}**`, ''];
  if (run.source) {
    lines.push('| | source | target |', '|---|---|---|');
    lines.push(`| location | ${cell(run.source.location)} | ${cell(run.target?.location)} |`);
    if (run.source.product || run.target?.product)
      lines.push(`| product | ${productName(run.source)} | ${productName(run.target)} |`);
    for (const [key, label] of SUMMARY_ROWS)
      lines.push(`| ${label.trim()} | ${run.source.summary[key]} | ${run.target?.summary[key] ?? ''} |`);
    lines.push('');
  }
  lines.push('| check | status | cases | errors | warnings | info |', '|---|---|---|---|---|---|');
  for (const o of run.outcomes) {
    const c = counts(o.findings);
    lines.push(`| ${o.check} | ${statusLabel(o)} | ${o.cases.length} | ${c.error} | ${c.warning} | ${c.info} |`);
  }
  const folded = foldedUnder(run);
  let size = lines.join('\n').length;
  const add = (...more: string[]) => {
    lines.push(...more);
    size += more.reduce((n, l) => n + l.length + 1, 0);
  };
  for (const o of run.outcomes) {
    if (o.status === 'error') add('', `## ${o.check}`, '', `Could not run: ${cell(o.error)}`);
    const listed = errorsFirst(shown(o.findings));
    if (!listed.length) continue;
    add('', `## ${o.check}`, '', '| severity | finding | where | message |', '|---|---|---|---|');
    let rows = 0;
    const hinted = newHints(listed);
    for (const [i, f] of listed.slice(0, ROWS_PER_CHECK).entries()) {
      const message = cell(explained(f, folded, hinted[i]).replace(/\n/g, '<br>'));
      const row = `| ${f.severity} | ${f.id} | ${cell(where(f))} | ${message} |`;
      // What is left of the budget is kept for the other checks' headings and counts.
      if (size + row.length > MARKDOWN_BUDGET - 200 * run.outcomes.length) break;
      add(row);
      rows++;
    }
    if (rows < listed.length) add('', `… ${listed.length - rows} more (the JSON report, \`--format json\`, has all)`);
  }
  return `${lines.join('\n')}\n`;
}

import type { RunResult } from '../engine/types.js';
import { SUMMARY_ROWS, counts, explained, foldedUnder, shown, statusLabel, verdict, where } from './common.js';

const cell = (s: unknown) =>
  String(s ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');

export function formatMarkdown(run: RunResult): string {
  const lines = [`# sr-parity ${run.command}`, '', `**${verdict(run)}**`, '', '| | source | target |', '|---|---|---|'];
  lines.push(`| location | ${cell(run.source.location)} | ${cell(run.target?.location)} |`);
  for (const [key, label] of SUMMARY_ROWS)
    lines.push(`| ${label.trim()} | ${run.source.summary[key]} | ${run.target?.summary[key] ?? ''} |`);
  lines.push('', '| check | status | cases | errors | warnings | info |', '|---|---|---|---|---|---|');
  for (const o of run.outcomes) {
    const c = counts(o.findings);
    lines.push(`| ${o.check} | ${statusLabel(o)} | ${o.cases.length} | ${c.error} | ${c.warning} | ${c.info} |`);
  }
  const folded = foldedUnder(run);
  for (const o of run.outcomes) {
    if (o.status === 'error') lines.push('', `## ${o.check}`, '', `Could not run: ${cell(o.error)}`);
    const listed = shown(o.findings);
    if (!listed.length) continue;
    lines.push('', `## ${o.check}`, '', '| severity | finding | where | message |', '|---|---|---|---|');
    for (const f of listed) {
      const message = cell(explained(f, folded).replace(/\n/g, '<br>'));
      lines.push(`| ${f.severity} | ${f.check} | ${cell(where(f))} | ${message} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

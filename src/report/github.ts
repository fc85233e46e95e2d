// GitHub Actions workflow commands: each root-cause finding as an annotation (`::error title=...::message`), which
// the run's summary page and the pull request show. Escaping as the runner expects (actions/toolkit, command.ts).
import type { RunResult } from '../engine/result.js';
import { errorsFirst, messageBesideWhere, shown, verdict, where } from './common.js';

const LEVEL = { error: 'error', warning: 'warning', info: 'notice' } as const;
/** GitHub shows only the first few annotations of a kind per step: more would be noise in the log. */
const MAX_ANNOTATIONS = 50;

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function formatGithub(run: RunResult): string {
  const roots = errorsFirst(run.outcomes.flatMap((o) => shown(o.findings)));
  const out = run.outcomes
    .filter((o) => o.status === 'error')
    .map((o) => `::error title=${escapeProperty(`sr-parity ${o.check}`)}::${escapeData(`could not run: ${o.error}`)}`);
  for (const f of roots.slice(0, MAX_ANNOTATIONS)) {
    const title = escapeProperty(`sr-parity ${f.id} ${where(f)}`);
    const text = f.hint ? `${messageBesideWhere(f)}\nhint: ${f.hint}` : messageBesideWhere(f);
    out.push(`::${LEVEL[f.severity]} title=${title}::${escapeData(text)}`);
  }
  if (roots.length > MAX_ANNOTATIONS)
    out.push(`::notice::${roots.length - MAX_ANNOTATIONS} more findings in the report`);
  out.push(verdict(run));
  return `${out.join('\n')}\n`;
}

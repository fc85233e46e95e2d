// An apply plan as a person reads it before saying --yes: totals, what happens per subject, notes, and why it would
// refuse.
import type { Plan, Step } from '../model/plan.js';

const MAX_SUBJECT_LINES = 200;

export function renderPlan(plan: Plan): string {
  const count = (op: Step['op']) => plan.steps.filter((s) => s.op === op).length;
  const lines: string[] = [];
  const ids =
    plan.strategy === 'preserve'
      ? `ids preserved (IMPORT mode on ${plan.importContexts.join(', ') || 'nothing: no registrations'})`
      : 'new ids assigned by the target';
  lines.push(`apply plan: ${plan.source} -> ${plan.target}`);
  lines.push(`  strategy: ${ids}; soft-deleted versions ${plan.includeDeleted ? 'copied' : 'not copied'}`);
  if (plan.mapping.rename?.length || plan.mapping.targetContext !== undefined) {
    lines.push(
      `  mapping: ${[
        ...(plan.mapping.rename ?? []).map((r) => `rename ${r}`),
        ...(plan.mapping.targetContext !== undefined ? [`into context ${plan.mapping.targetContext}`] : []),
      ].join(', ')}`,
    );
  }
  lines.push(
    `  ${count('register')} version(s) to register, ${count('soft-delete')} to soft-delete, ${count('set-config')} ` +
      `config(s) and ${count('set-mode')} mode(s) to set; ${plan.existing.length} version(s) already on the target`,
  );
  if (count('create-kek') || count('create-dek'))
    lines.push(`  DEK registry: ${count('create-kek')} KEK(s) and ${count('create-dek')} DEK(s) to create`);

  const bySubject = new Map<string, string[]>();
  const add = (at: string, what: string) => bySubject.set(at, [...(bySubject.get(at) ?? []), what]);
  for (const s of plan.steps) {
    if (s.op === 'register') add(s.subject, `register v${s.version}${s.id !== undefined ? ` (id ${s.id})` : ''}`);
    else if (s.op === 'soft-delete') add(s.subject, `soft-delete v${s.version}`);
    else if (s.op === 'set-config')
      add(
        label(s.at),
        s.config === null
          ? 'remove config'
          : `config ${JSON.stringify(s.config)}${s.temporary ? ' while copying' : ''}`,
      );
    else if (s.op === 'set-mode') add(label(s.at), s.mode === null ? 'remove mode' : `mode ${s.mode}`);
    else if (s.op === 'create-kek') add(`(KEK ${s.kek.name})`, `create (${s.kek.kmsType} ${s.kek.kmsKeyId})`);
    else if (s.op === 'soft-delete-kek') add(`(KEK ${s.name})`, 'soft-delete');
    else add(`(KEK ${s.dek.kek})`, `DEK ${s.dek.subject} v${s.dek.version}${s.dek.deleted ? ' (soft-deleted)' : ''}`);
  }
  if (bySubject.size) {
    lines.push('', 'steps:');
    const entries = [...bySubject];
    for (const [at, what] of entries.slice(0, MAX_SUBJECT_LINES)) lines.push(`  ${at}: ${compact(what).join(', ')}`);
    if (entries.length > MAX_SUBJECT_LINES)
      lines.push(`  … ${entries.length - MAX_SUBJECT_LINES} more (every step is in --plan-out)`);
  } else if (!plan.problems.length) lines.push('', 'nothing to do: the target already holds the source.');

  if (plan.notes.length) lines.push('', 'notes:', ...plan.notes.map((n) => `  - ${n}`));
  if (plan.problems.length)
    lines.push(
      '',
      `apply refuses (${plan.problems.length} problem(s)); nothing will be written:`,
      ...plan.problems.map((p) => `  - [${p.kind}] ${p.message}`),
    );
  return `${lines.join('\n')}\n`;
}

function label(at: string): string {
  return at === '' ? '(global)' : /^:\.[^:]*:$/.test(at) ? `(context ${at.slice(1, -1)})` : at;
}

/** `register v1, register v2, register v3` reads as `register v1..v3`. */
function compact(items: string[]): string[] {
  const out: string[] = [];
  let run: { from: number; to: number } | null = null;
  const flush = () => {
    if (run) out.push(run.from === run.to ? `register v${run.from}` : `register v${run.from}..v${run.to}`);
    run = null;
  };
  for (const item of items) {
    const m = /^register v(\d+)$/.exec(item);
    if (m) {
      const v = Number(m[1]);
      if (run && v === run.to + 1) run.to = v;
      else {
        flush();
        run = { from: v, to: v };
      }
    } else {
      flush();
      out.push(item);
    }
  }
  flush();
  return out;
}

import { defineFindings, finding, show } from '../../engine/finding.js';
import { definePairCheck } from '../../engine/types.js';
import type { Finding } from '../../engine/types.js';
import { DEFAULT_CONTEXT, type Registry } from '../../model/types.js';
import {
  compareContext,
  compareLevel,
  settingsOnlyLevels,
  contextValue,
  contextsOf,
  globalModeOf,
  type LevelComparison,
} from '../../model/inheritance.js';

const F = defineFindings({
  'mode-differs': {
    severity: 'warning',
    description:
      'The effective mode of the registry, a context or a subject differs where both take writes, or the source ' +
      'refuses them (a frozen source during a cutover); assert exact modes with mode-is.',
    hint:
      "Set the source's mode on the target (PUT /mode or /mode/{subject}); a frozen source during a cutover " +
      'is expected (assert exact modes with mode-is).',
  },
  'target-left-in-import-mode': {
    severity: 'error',
    description:
      'The target (globally, a context or a subject) is still in IMPORT mode: producers cannot register schemas.',
    hint:
      'Set the target back to READWRITE (PUT /mode with {"mode":"READWRITE"}) once the copy is done; an ' +
      'interrupted apply leaves it, and its re-run restores it.',
  },
  'target-refuses-writes': {
    severity: 'error',
    description:
      'The target (globally, a context or a subject) is READONLY or READONLY_OVERRIDE where the source takes writes: ' +
      'after the cutover producers that register schemas are refused.',
    hint: 'Set the target to READWRITE before producers move (PUT /mode), unless the freeze is intended.',
  },
});

/** Modes in which a registry refuses the registrations producers send (IMPORT takes only explicit ids). */
const REFUSES_WRITES = new Set(['READONLY', 'READONLY_OVERRIDE', 'IMPORT']);
const refusesWrites = (mode: unknown) => typeof mode === 'string' && REFUSES_WRITES.has(mode);

const withDefault = (reg: Registry): Registry => ({ ...reg, globalMode: globalModeOf(reg) });

export const modesEqual = definePairCheck({
  scope: 'pair',
  kind: 'modes-equal',
  description: 'Global, context and subject modes match, and the target is not left in IMPORT mode.',
  findings: Object.values(F),
  run(ctx) {
    const source = withDefault(ctx.source);
    const target = withDefault(ctx.target);
    const findings: Finding[] = [];
    const cases = ['global'];
    const report = (c: LevelComparison | null, where: { subject?: string; context?: string }, label: string) => {
      if (!c) return;
      const values = { ...where, source: c.source, target: c.target };
      if (c.target === 'IMPORT' && c.targetOwn && c.source !== 'IMPORT') {
        findings.push(finding(F['target-left-in-import-mode'], values, `${label} is in IMPORT mode on the target`));
      } else if (c.verdict === 'differs' && refusesWrites(c.target) && !refusesWrites(c.source)) {
        findings.push(finding(F['target-refuses-writes'], values, refusal(label, c.source, c.target)));
      } else if (c.verdict === 'differs') {
        findings.push(
          finding(
            F['mode-differs'],
            { ...where, source: c.source, target: c.target },
            `${label}: mode ${show(c.source)}${c.sourceOwn ? '' : ' (inherited)'} on the source, ` +
              `${show(c.target)}${c.targetOwn ? '' : ' (inherited)'} on the target`,
          ),
        );
      }
    };
    if (target.globalMode === 'IMPORT' && source.globalMode !== 'IMPORT') {
      findings.push(
        finding(
          F['target-left-in-import-mode'],
          { source: source.globalMode, target: target.globalMode },
          'the target registry is in IMPORT mode',
        ),
      );
    } else if (refusesWrites(target.globalMode) && !refusesWrites(source.globalMode)) {
      const values = { source: source.globalMode, target: target.globalMode };
      const message = refusal('the global mode', source.globalMode, target.globalMode);
      findings.push(finding(F['target-refuses-writes'], values, message));
    } else if (source.globalMode !== target.globalMode) {
      findings.push(
        finding(
          F['mode-differs'],
          { source: source.globalMode, target: target.globalMode },
          `global mode: ${show(source.globalMode)} on the source, ${show(target.globalMode)} on the target`,
        ),
      );
    }
    for (const c of contextsOf(source, target)) {
      cases.push(`context ${c}`);
      report(compareContext([source, target], c, 'mode'), { context: c }, `context ${c}`);
    }
    const sourceOf = new Map(ctx.pairs.subjects.map((p) => [p.source.name, p.source]));
    for (const t of [...ctx.pairs.subjects.flatMap((p) => (p.target ? [p.target] : [])), ...ctx.pairs.extraSubjects]) {
      cases.push(t.name);
      const s = sourceOf.get(t.name);
      const sParent = contextValue(source, s?.context ?? t.context ?? DEFAULT_CONTEXT, 'mode');
      report(
        compareLevel(s?.mode ?? null, sParent, t.mode, contextValue(target, t.context, 'mode')),
        { subject: t.name },
        t.name,
      );
    }
    for (const { name, label, levels } of settingsOnlyLevels([source, target], ctx.pairs.settingsOnly, 'mode')) {
      cases.push(name);
      report(levels, { subject: name }, label);
    }
    return { cases, findings };
  },
});

function refusal(label: string, source: unknown, target: unknown): string {
  const states = `${label} is ${show(target)} on the target but ${show(source)} on the source`;
  return `${states}: producers that register schemas will be refused`;
}

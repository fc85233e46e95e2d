import { defineFindings, finding, show } from '../engine/finding.js';
import type { CheckDefinition, Finding } from '../engine/types.js';

const F = defineFindings({
  'mode-differs': { severity: 'warning', description: 'Global or subject mode differs (expected during a cutover; assert exact modes with mode-is).' },
  'target-left-in-import-mode': { severity: 'error', description: 'The target (globally or a subject) is still in IMPORT mode: producers cannot register schemas.' },
});

export const modesEqual: CheckDefinition = {
  kind: 'modes-equal',
  description: 'Global and subject modes match, and the target is not left in IMPORT mode.',
  findings: Object.values(F),
  run({ source, target, pairs }) {
    const findings: Finding[] = [];
    const cases = ['global'];
    if (target.globalMode === 'IMPORT' && source.globalMode !== 'IMPORT') {
      findings.push(finding(F['target-left-in-import-mode'], { source: source.globalMode, target: target.globalMode }, 'the target registry is in IMPORT mode'));
    } else if ((source.globalMode ?? '') !== (target.globalMode ?? '')) {
      findings.push(finding(F['mode-differs'], { source: source.globalMode, target: target.globalMode },
        `global mode: ${show(source.globalMode)} on the source, ${show(target.globalMode)} on the target`));
    }
    const targetSubjects = [...pairs.subjects.map((p) => p.target).filter((t) => !!t), ...pairs.extraSubjects];
    const sourceMode = new Map(pairs.subjects.map((p) => [p.source.name, p.source.mode]));
    for (const t of targetSubjects) {
      cases.push(t.name);
      const s = sourceMode.get(t.name) ?? null;
      if (t.mode === 'IMPORT' && s !== 'IMPORT') {
        findings.push(finding(F['target-left-in-import-mode'], { subject: t.name, source: s, target: t.mode }, `${t.name} is in IMPORT mode on the target`));
      } else if ((s ?? '') !== (t.mode ?? '') && sourceMode.has(t.name)) {
        findings.push(finding(F['mode-differs'], { subject: t.name, source: s, target: t.mode },
          `${t.name}: mode ${show(s ?? 'inherited')} on the source, ${show(t.mode ?? 'inherited')} on the target`));
      }
    }
    return { cases, findings };
  },
};

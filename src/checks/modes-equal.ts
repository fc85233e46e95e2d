import { defineFindings, finding, show } from '../engine/finding.js';
import type { CheckDefinition, Finding } from '../engine/types.js';

const F = defineFindings({
  'mode-differs': { severity: 'warning', description: 'The global or a subject\'s effective mode differs (expected during a cutover; assert exact modes with mode-is).' },
  'target-left-in-import-mode': { severity: 'error', description: 'The target (globally or a subject) is still in IMPORT mode: producers cannot register schemas.' },
});

export const modesEqual: CheckDefinition = {
  kind: 'modes-equal',
  description: 'Global and subject modes match, and the target is not left in IMPORT mode.',
  findings: Object.values(F),
  run({ source, target, pairs }) {
    const findings: Finding[] = [];
    const cases = ['global'];
    // A registry without modes (Apicurio 2.6 ccompat answers 404) accepts writes: it behaves as READWRITE.
    const sg = source.globalMode ?? 'READWRITE';
    const tg = target.globalMode ?? 'READWRITE';
    if (tg === 'IMPORT' && sg !== 'IMPORT') {
      findings.push(finding(F['target-left-in-import-mode'], { source: sg, target: tg }, 'the target registry is in IMPORT mode'));
    } else if (sg !== tg) {
      findings.push(finding(F['mode-differs'], { source: sg, target: tg }, `global mode: ${show(sg)} on the source, ${show(tg)} on the target`));
    }
    const sourceOf = new Map(pairs.subjects.map((p) => [p.source.name, p.source]));
    const targets = [...pairs.subjects.flatMap((p) => (p.target ? [p.target] : [])), ...pairs.extraSubjects];
    for (const t of targets) {
      cases.push(t.name);
      const s = sourceOf.get(t.name);
      // A subject mode equal to its global one is inherited (Apicurio ccompat echoes the global mode per subject).
      const so = s?.mode && s.mode !== sg ? s.mode : null;
      const to = t.mode && t.mode !== tg ? t.mode : null;
      if (to === 'IMPORT' && so !== 'IMPORT') {
        findings.push(finding(F['target-left-in-import-mode'], { subject: t.name, source: so ?? sg, target: to }, `${t.name} is in IMPORT mode on the target`));
      } else if (s && (so || to) && (so ?? sg) !== (to ?? tg)) {
        findings.push(finding(F['mode-differs'], { subject: t.name, source: so ?? sg, target: to ?? tg },
          `${t.name}: mode ${show(so ?? sg)}${so ? '' : ' (inherited)'} on the source, ${show(to ?? tg)}${to ? '' : ' (inherited)'} on the target`));
      }
    }
    return { cases, findings };
  },
};

import { defineFindings, finding, show } from '../engine/finding.js';
import type { PairCheck, Finding } from '../engine/types.js';
import { compareContext, compareLevel, contextValue, contextsOf, settingKey, type LevelComparison } from './inheritance.js';

const F = defineFindings({
  'config-differs': { severity: 'error', description: 'The effective config (compatibility, normalize, ...) of the registry, a context or a subject differs.' },
  'config-inheritance-differs': { severity: 'warning', description: 'Same effective config, but set on the subject or context on one side and inherited on the other: a later change above would split them.' },
});

export const configEqual: PairCheck = {
  scope: 'pair',
  kind: 'config-equal',
  description: 'The global config and every context\'s and subject\'s effective config (subject over context over global) are equal.',
  findings: Object.values(F),
  run({ source, target, pairs }) {
    const findings: Finding[] = [];
    const cases = ['global'];
    if (settingKey(source.globalConfig) !== settingKey(target.globalConfig)) {
      findings.push(finding(F['config-differs'], { source: source.globalConfig, target: target.globalConfig },
        `global config: ${show(source.globalConfig)} on the source, ${show(target.globalConfig)} on the target`));
    }
    const report = (c: LevelComparison | null, where: { subject?: string; context?: string }, label: string) => {
      if (!c?.verdict) return;
      const side = (v: unknown, isOwn: boolean) => `${show(v)}${isOwn ? '' : ' (inherited)'}`;
      findings.push(
        c.verdict === 'differs'
          ? finding(F['config-differs'], { ...where, source: c.source, target: c.target },
            `${label}: config ${side(c.source, c.sourceOwn)} on the source, ${side(c.target, c.targetOwn)} on the target`)
          : finding(F['config-inheritance-differs'], { ...where, source: c.source, target: c.target },
            `${label}: ${show(c.source)} is ${c.sourceOwn ? 'set here' : 'inherited'} on the source but ${c.targetOwn ? 'set here' : 'inherited'} on the target`),
      );
    };
    for (const ctx of contextsOf(source, target)) {
      cases.push(`context ${ctx}`);
      report(compareContext([source, target], ctx, 'config'), { context: ctx }, `context ${ctx}`);
    }
    for (const { source: s, target: t } of pairs.subjects) {
      if (!t) continue;
      cases.push(s.name);
      report(compareLevel(s.config, contextValue(source, s.context, 'config'), t.config, contextValue(target, t.context, 'config')), { subject: s.name }, s.name);
    }
    return { cases, findings };
  },
};

import { defineFindings, finding, show } from '../engine/finding.js';
import type { CheckDefinition, Finding } from '../engine/types.js';
import { sortedStringify, parseLossless } from '../normalize/json.js';
import type { Config } from '../model/types.js';

const F = defineFindings({
  'config-differs': { severity: 'error', description: 'Global or subject-level config (compatibility, normalize, ...) differs.' },
});

export const configEqual: CheckDefinition = {
  kind: 'config-equal',
  description: 'The global config and every subject-level config are equal (a subject without its own config inherits the global one).',
  findings: Object.values(F),
  run({ source, target, pairs }) {
    const findings: Finding[] = [];
    const cases = ['global'];
    if (key(source.globalConfig) !== key(target.globalConfig)) {
      findings.push(finding(F['config-differs'], { source: source.globalConfig, target: target.globalConfig },
        `global config: ${show(source.globalConfig)} on the source, ${show(target.globalConfig)} on the target`));
    }
    for (const { source: s, target: t } of pairs.subjects) {
      if (!t) continue;
      cases.push(s.name);
      if (key(s.config) !== key(t.config)) {
        findings.push(finding(F['config-differs'], { subject: s.name, source: s.config, target: t.config },
          `${s.name}: config ${show(s.config ?? 'inherited')} on the source, ${show(t.config ?? 'inherited')} on the target`));
      }
    }
    return { cases, findings };
  },
};

const key = (c: Config | null) => (c ? sortedStringify(parseLossless(JSON.stringify(c))) : '');

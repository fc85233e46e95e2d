import { defineFindings, finding, show } from '../engine/finding.js';
import type { CheckDefinition, Finding } from '../engine/types.js';
import { sortedStringify, parseLossless } from '../normalize/json.js';
import type { Config } from '../model/types.js';

const F = defineFindings({
  'config-differs': { severity: 'error', description: 'The effective global or subject config (compatibility, normalize, ...) differs.' },
  'config-inheritance-differs': { severity: 'warning', description: 'Same effective config, but set on the subject on one side and inherited from global on the other: a later global change would split them.' },
});

export const configEqual: CheckDefinition = {
  kind: 'config-equal',
  description: 'The global config and every subject\'s effective config (subject over global) are equal.',
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
      const so = override(s.config, source.globalConfig);
      const to = override(t.config, target.globalConfig);
      if (!so && !to) continue; // both inherit: the global comparison covers them
      const se = { ...source.globalConfig, ...so };
      const te = { ...target.globalConfig, ...to };
      const label = (o: Config | null, e: Config) => `${show(e)}${o ? '' : ' (inherited)'}`;
      if (key(se) !== key(te)) {
        findings.push(finding(F['config-differs'], { subject: s.name, source: se, target: te },
          `${s.name}: config ${label(so, se)} on the source, ${label(to, te)} on the target`));
      } else if (!so !== !to) {
        findings.push(finding(F['config-inheritance-differs'], { subject: s.name, source: so, target: to },
          `${s.name}: ${show(se)} is ${so ? 'set on the subject' : 'inherited'} on the source but ${to ? 'set on the subject' : 'inherited'} on the target`));
      }
    }
    return { cases, findings };
  },
};

const key = (c: Config | null) => (c ? sortedStringify(parseLossless(JSON.stringify(c))) : '');

/** The subject's own settings; some servers (Apicurio ccompat) echo the global config for every subject. */
function override(subject: Config | null, global: Config | null): Config | null {
  return subject && key(subject) !== key(global) ? subject : null;
}

import { defineFindings, finding, show } from '../../engine/finding.js';
import { definePairCheck } from '../../engine/types.js';
import type { Finding } from '../../engine/types.js';
import {
  compareContext,
  compareLevel,
  settingsOnlyLevels,
  contextValue,
  contextsOf,
  own,
  settingKey,
  type LevelComparison,
} from '../../model/inheritance.js';

const F = defineFindings({
  'config-differs': {
    severity: 'error',
    description:
      'The effective config (compatibility, normalize, ...) of the registry, a context or a subject differs.',
    hint:
      "Set the source's config on the target (PUT /config or /config/{subject}; apply copies settings, " +
      "--overwrite-settings to replace the target's).",
  },
  'config-inheritance-differs': {
    severity: 'warning',
    description:
      'Same effective config, but set on the subject or context on one side and inherited on the other: a later ' +
      'change above would split them.',
    hint:
      'Set (or delete) the config at the same level as on the source, so a later change of the global or ' +
      'context config affects both sides alike.',
  },
});

const how = (own: boolean) => (own ? 'set here' : 'inherited');

export const configEqual = definePairCheck({
  scope: 'pair',
  kind: 'config-equal',
  description:
    "The global config and every context's and subject's effective config (subject over context over global) are " +
    'equal.',
  findings: Object.values(F),
  run({ source, target, pairs }) {
    const findings: Finding[] = [];
    const cases = ['global'];
    // A level whose own setting is the same on both sides differs only through what it inherits (rules merge with
    // their parent's): the parent's finding is its root cause.
    const parents = new Map<string, Finding>();
    if (settingKey(source.globalConfig) !== settingKey(target.globalConfig)) {
      const f = finding(
        F['config-differs'],
        { source: source.globalConfig, target: target.globalConfig },
        `global config: ${show(source.globalConfig)} on the source, ${show(target.globalConfig)} on the target`,
      );
      findings.push(f);
      parents.set('', f);
    }
    type Where = { subject?: string; context?: string };
    const report = (c: LevelComparison | null, where: Where, label: string, inherited?: Finding) => {
      if (!c?.verdict) return;
      const side = (v: unknown, isOwn: boolean) => `${show(v)}${isOwn ? '' : ' (inherited)'}`;
      const f =
        c.verdict === 'differs'
          ? finding(
              F['config-differs'],
              { ...where, source: c.source, target: c.target },
              `${label}: config ${side(c.source, c.sourceOwn)} on the source, ${side(c.target, c.targetOwn)} on the ` +
                `target`,
            )
          : finding(
              F['config-inheritance-differs'],
              { ...where, source: c.source, target: c.target },
              `${label}: ${show(c.source)} is ${how(c.sourceOwn)} on the source but ${how(c.targetOwn)} on the target`,
            );
      if (inherited && c.verdict === 'differs') f.causedBy = inherited.fingerprint;
      findings.push(f);
      return f;
    };
    for (const ctx of contextsOf(source, target)) {
      cases.push(`context ${ctx}`);
      const f = report(compareContext([source, target], ctx, 'config'), { context: ctx }, `context ${ctx}`);
      if (f) parents.set(ctx, f);
    }
    for (const { source: s, target: t } of pairs.subjects) {
      if (!t) continue;
      cases.push(s.name);
      const [sParent, tParent] = [contextValue(source, s.context, 'config'), contextValue(target, t.context, 'config')];
      const sameOwn = settingKey(own(s.config, sParent)) === settingKey(own(t.config, tParent));
      const inherited = sameOwn ? (parents.get(s.context) ?? parents.get('')) : undefined;
      report(compareLevel(s.config, sParent, t.config, tParent), { subject: s.name }, s.name, inherited);
    }
    for (const { name, label, levels } of settingsOnlyLevels([source, target], pairs.settingsOnly, 'config')) {
      cases.push(name);
      report(levels, { subject: name }, label);
    }
    return { cases, findings };
  },
});

import { defineFindings, finding, show } from '../../engine/finding.js';
import { defineSingleCheck } from '../../engine/types.js';
import type { Finding } from '../../engine/types.js';
import type { Config } from '../../model/types.js';
import { contextValue, contextsOf, effective, own } from '../../model/inheritance.js';

const F = defineFindings({
  'config-unexpected': {
    severity: 'error',
    description: 'The effective config of the registry, a context or a subject lacks a declared value.',
    hint:
      'Set the declared config (PUT /config or /config/{subject}), or correct the spec if the expectation is ' +
      'wrong.',
  },
});

export const COMPATIBILITY = [
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
  'NONE',
];

export const configIs = defineSingleCheck<{ compatibility?: string; normalize?: boolean; level?: 'global' | 'all' }>({
  scope: 'single',
  kind: 'config-is',
  description:
    'The effective config of the registry named by `on` (and, unless `level: global`, of every context and subject) ' +
    'has the declared values.',
  findings: Object.values(F),
  params: {
    compatibility: { enum: COMPATIBILITY, description: 'expected compatibility level' },
    normalize: { type: 'boolean', description: 'expected `normalize` setting' },
    level: {
      enum: ['global', 'all'],
      default: 'all',
      description: 'global only, or also every context and (filtered) subject',
    },
  },
  example: '- kind: config-is\n  on: target\n  compatibility: BACKWARD',
  run({ registry: reg, name }, params) {
    const want: Config = {};
    if (params.compatibility !== undefined) want.compatibility = params.compatibility;
    if (params.normalize !== undefined) want.normalize = params.normalize;
    const findings: Finding[] = [];
    const cases = ['global'];
    const check = (c: Config | null, where: { subject?: string; context?: string }, label: string) => {
      const wrong = Object.entries(want).filter(([k, v]) => (c?.[k] ?? (k === 'normalize' ? false : undefined)) !== v);
      if (wrong.length) {
        findings.push(
          finding(
            F['config-unexpected'],
            { ...where, source: want, target: c },
            `${label}: ${wrong.map(([k, v]) => `${k} is ${show(c?.[k])}, expected ${show(v)}`).join('; ')}`,
          ),
        );
      }
    };
    check(reg.globalConfig, {}, `${name} global config`);
    if (params.level !== 'global') {
      // Checked where a level sets something of its own; a level that only inherits is covered by its parent.
      for (const c of contextsOf(reg)) {
        cases.push(`context ${c}`);
        if (own(reg.contextSettings[c]?.config ?? null, reg.globalConfig))
          check(contextValue(reg, c, 'config') as Config | null, { context: c }, `context ${c}`);
      }
      for (const s of reg.subjects.values()) {
        cases.push(s.name);
        const parent = contextValue(reg, s.context, 'config');
        if (own(s.config, parent)) check(effective(s.config, parent) as Config | null, { subject: s.name }, s.name);
      }
    }
    return { cases, findings };
  },
});

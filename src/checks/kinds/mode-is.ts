import { defineFindings, finding } from '../../engine/finding.js';
import type { Finding } from '../../engine/types.js';
import { defineSingleCheck } from '../../engine/types.js';
import { contextValue, contextsOf, globalModeOf, own } from '../../model/inheritance.js';

const F = defineFindings({
  'mode-unexpected': {
    severity: 'error',
    description: 'The registry, a context or a subject is not in the declared mode.',
    hint: 'Set the declared mode (PUT /mode or /mode/{subject}), or correct the spec if the expectation is wrong.',
  },
});

export const MODES = ['READWRITE', 'READONLY', 'READONLY_OVERRIDE', 'IMPORT'];

export const modeIs = defineSingleCheck<{ mode: string; level?: string }>({
  scope: 'single',
  kind: 'mode-is',
  description:
    'The registry named by `on` is in `mode`: globally, and (unless `level: global`) in every context and subject.',
  findings: Object.values(F),
  params: {
    mode: { enum: MODES, description: 'the expected mode' },
    level: {
      enum: ['global', 'all'],
      default: 'all',
      description: 'global only, or also every context and (filtered) subject',
    },
  },
  required: ['mode'],
  example: '- kind: mode-is\n  on: target\n  mode: READWRITE',
  run({ registry: reg, name }, params) {
    const want = params.mode;
    const findings: Finding[] = [];
    const cases = ['global'];
    const global = globalModeOf(reg);
    if (global !== want)
      findings.push(
        finding(F['mode-unexpected'], { target: global }, `${name} is in ${global} mode, expected ${want}`),
      );
    if (params.level !== 'global') {
      // A wrong mode is reported once, where it is set: a subject that inherits it is covered by its parent.
      for (const c of contextsOf(reg)) {
        cases.push(`context ${c}`);
        const m = own(reg.contextSettings[c]?.mode ?? null, global);
        if (m !== null && m !== want)
          findings.push(
            finding(
              F['mode-unexpected'],
              { context: c, target: m },
              `context ${c} of ${name} is in ${m} mode, expected ${want}`,
            ),
          );
      }
      for (const s of reg.subjects.values()) {
        cases.push(s.name);
        const m = own(s.mode, contextValue(reg, s.context, 'mode') ?? global);
        if (m !== null && m !== want)
          findings.push(
            finding(
              F['mode-unexpected'],
              { subject: s.name, target: m },
              `${s.name} on ${name} is in ${m} mode, expected ${want}`,
            ),
          );
      }
    }
    return { cases, findings };
  },
});

import { defineFindings, extraFinding, finding } from '../../engine/finding.js';
import { definePairCheck } from '../../engine/types.js';
import type { Finding } from '../../engine/types.js';

const F = defineFindings({
  'context-missing-on-target': {
    severity: 'error',
    description: 'A source context holding subjects does not exist on the target.',
    hint:
      "Copy the context's subjects (an exporter's context type and context name decide where they land; apply " +
      'copies contexts as they are).',
  },
  'context-extra-on-target': {
    severity: 'error',
    description:
      'The target has a context holding subjects that the source does not (info with --allow-extra / allowExtra).',
    hint:
      "Remove the context's subjects if the copy put them there by mistake (a wrong exporter context), or " +
      'pass --allow-extra where the target is shared.',
  },
});

export const contextsEqual = definePairCheck({
  scope: 'pair',
  kind: 'contexts-equal',
  description: 'The same contexts hold subjects on both sides.',
  findings: Object.values(F),
  run({ source, target, options }) {
    // Servers without contexts (Apicurio ccompat, Redpanda) list none or only '.', so compare contexts in use.
    const used = (subjects: Iterable<{ context: string }>) => new Set([...subjects].map((s) => s.context));
    const s = used(source.subjects.values());
    const t = used(target.subjects.values());
    const findings: Finding[] = [];
    for (const c of s) {
      if (t.has(c)) continue;
      const n = [...source.subjects.values()].filter((x) => x.context === c).length;
      const message = `context ${c} has ${n} subject(s) on the source but none on the target`;
      const f = finding(F['context-missing-on-target'], { context: c }, message);
      f.hint =
        `context ${c} was not copied: was it left out of the migration (an exporter's subjects or context, ` +
        'a --context filter)?';
      findings.push(f);
    }
    for (const c of t) {
      if (s.has(c)) continue;
      const message = `context ${c} has subjects only on the target`;
      findings.push(extraFinding(F['context-extra-on-target'], { context: c }, message, options.allowExtra));
    }
    return { cases: [...new Set([...s, ...t])].sort().map((c) => `context ${c}`), findings };
  },
});

import { defineFindings, finding } from '../../engine/finding.js';
import { defineSingleCheck } from '../../engine/types.js';
import type { Finding } from '../../engine/types.js';
import { dedupGroups } from '../../normalize/references.js';

const F = defineFindings({
  'dedup-collision': {
    severity: 'warning',
    description:
      'Identical content (with identical references) is registered under several ids: a content-deduplicating target ' +
      'such as Kora keeps only one of them.',
    hint:
      'Before moving into a deduplicating target (Kora), map every id of such content to the one it keeps ' +
      '(the lowest) in an id map, or clients holding the others fail.',
  },
});

export const dedupCollisions = defineSingleCheck({
  scope: 'single',
  kind: 'dedup-collisions',
  description:
    'Lists content registered under more than one id in the registry named by `on` (per context), and which id a ' +
    'deduplicating target would keep (the lowest).',
  findings: Object.values(F),
  example: '- kind: dedup-collisions\n  on: source',
  run({ registry, refs }) {
    const findings: Finding[] = [];
    const cases = new Set<string>();
    for (const { ids: list } of dedupGroups(registry, refs)) {
      const [keep, first] = list[0]!;
      cases.add(first.subject);
      if (list.length < 2) continue;
      const others = list
        .slice(1)
        .map(([id, v]) => `${id} (${v.subject} v${v.version})`)
        .join(', ');
      findings.push(
        finding(
          F['dedup-collision'],
          { schemaId: keep, subject: first.subject, version: first.version, source: list.map(([id]) => id) },
          `the same content is id ${keep} (${first.subject} v${first.version}) and ${others}: a deduplicating target ` +
            `keeps ${keep}, so consumers of the others need an id map`,
        ),
      );
    }
    return { cases: [...cases], findings };
  },
});

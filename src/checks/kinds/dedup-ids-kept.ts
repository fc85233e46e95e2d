// After a move into a content-deduplicating target (Kora): of each source content registered under several ids, the
// target must keep the canonical (lowest) id, and every other id must still resolve: kept by the target too, or
// mapped to the kept one by the migration's id map. Otherwise consumers of messages written with it fail.
import { defineFindings, finding } from '../../engine/finding.js';
import { definePairCheck } from '../../engine/types.js';
import type { Finding } from '../../engine/types.js';
import { idKey } from '../../model/types.js';
import { dedupGroups, idClosures } from '../../normalize/references.js';

const F = defineFindings({
  'dedup-canonical-id-lost': {
    severity: 'error',
    description:
      'Content the source holds under several ids is not on the target under the lowest of them (the id a ' +
      'deduplicating migration keeps).',
    hint:
      'Copy the content under its lowest source id (what a deduplicating migration keeps), or record in the ' +
      'id map which id it got.',
  },
  'dedup-id-unresolvable': {
    severity: 'error',
    description:
      'Another id of that content is neither on the target with the same content nor mapped by the id map to the ' +
      'kept id: messages written with it cannot be read.',
    hint:
      'Add the id to the id map, pointing at the kept id (or copy the content under it): messages written ' +
      'with it cannot be read otherwise.',
  },
});

export const dedupIdsKept = definePairCheck({
  scope: 'pair',
  kind: 'dedup-ids-kept',
  description:
    'For content the source registered under several ids (per context): the target keeps the lowest id, and each ' +
    'other id is kept too or mapped to it by the id map (`idMap`).',
  findings: Object.values(F),
  example: '- kind: dedup-ids-kept\n  idMap: kora-id-map.json',
  run({ source, target, sourceRefs, targetRefs, options }) {
    const byId = idClosures(target, targetRefs);
    const findings: Finding[] = [];
    const cases = new Set<string>(); // the subjects holding content under several ids
    for (const { context, ids } of dedupGroups(source, sourceRefs)) {
      if (ids.length < 2) continue;
      const [keep, first] = ids[0]!;
      const closure = sourceRefs.closure(first);
      for (const [, v] of ids) cases.add(v.subject);
      const where = { schemaId: keep, context: context === '.' ? undefined : context };
      if (byId.get(idKey(context, keep))?.closure !== closure) {
        findings.push(
          finding(
            F['dedup-canonical-id-lost'],
            { ...where, subject: first.subject, version: first.version },
            `id ${keep} (${first.subject} v${first.version}, the lowest id of content also registered as ${ids
              .slice(1)
              .map(([id]) => id)
              .join(', ')}) is not on the target with that content`,
          ),
        );
        continue;
      }
      for (const [other, v] of ids.slice(1)) {
        if (byId.get(idKey(context, other))?.closure === closure) continue; // the target kept this id as well
        const mapped = options.idMap?.get(idKey(context, other));
        if (mapped === keep) continue;
        findings.push(
          finding(
            F['dedup-id-unresolvable'],
            { ...where, subject: v.subject, version: v.version, source: other, target: mapped ?? null },
            mapped === undefined
              ? `id ${other} (${v.subject} v${v.version}) is gone from the target and ` +
                  `${options.idMap ? 'the id map does not map it' : 'no id map is given'}: map it to ${keep}, the id ` +
                  `the target kept for the same content`
              : `the id map sends id ${other} (${v.subject} v${v.version}) to ${mapped}, but the target kept the ` +
                  `content as id ${keep}`,
          ),
        );
      }
    }
    return { cases: [...cases], findings };
  },
});

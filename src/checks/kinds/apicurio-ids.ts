// Apicurio's two ids per version: the globalId (the version) and the contentId (its content, shared by every
// version with the same bytes). An export/import keeps both; clients resolve serialized records by either.
import { defineFindings, finding } from '../../engine/finding.js';
import { definePairCheck } from '../../engine/types.js';
import type { CheckContext, Finding } from '../../engine/types.js';
import { idKey } from '../../model/types.js';
import { requireApicurio } from './apicurio-meta-equal.js';

const F = defineFindings({
  'apicurio-global-id-differs': {
    severity: 'error',
    description:
      'With ids preserved, a version has another globalId on the target (or not the one the id map records).',
    hint:
      "Migrate with Apicurio's export/import (which keeps globalIds), or compare with --ids not-preserved and " +
      'an id map if they were renumbered on purpose.',
  },
  'apicurio-content-id-differs': {
    severity: 'error',
    description: "With ids preserved, a version's content has another contentId on the target.",
    hint:
      'Migrate with export/import, which keeps contentIds; clients that resolve by contentId (3.x serdes) ' +
      'need the same ones.',
  },
  'apicurio-content-id-split': {
    severity: 'error',
    description: 'Versions sharing one contentId on the source have different contentIds on the target.',
    hint:
      'Import the versions together (export/import), so versions with one content share one contentId on the ' +
      'target.',
  },
});

export const apicurioIds = definePairCheck({
  scope: 'pair',
  kind: 'apicurio-ids',
  description:
    'Apicurio globalIds and contentIds survived the move: equal when ids are preserved (globalIds as the id map says ' +
    'when one is given), and content shared by several versions still shared.',
  findings: Object.values(F),
  example: '- kind: apicurio-ids',
  run(ctx: CheckContext) {
    requireApicurio(ctx, 'apicurio-ids');
    const { pairs, options } = ctx;
    const findings: Finding[] = [];
    const cases: string[] = [];
    const contentTargets = new Map<number, { target: number; where: string }>();
    for (const sp of pairs.subjects) {
      if (!sp.target) continue;
      cases.push(sp.source.name);
      for (const { source: s, target: t } of sp.versions) {
        if (!t || !s.apicurio || !t.apicurio) continue;
        const where = { subject: s.subject, version: s.version, schemaId: s.id };
        const label = `${s.subject} version ${s.apicurio.version}`;
        const expected =
          options.idMap?.get(idKey(sp.source.context, s.id)) ?? (options.idsPreserved ? s.id : undefined);
        if (expected !== undefined && expected !== t.id) {
          findings.push(
            finding(
              F['apicurio-global-id-differs'],
              { ...where, source: expected, target: t.id },
              `${label}: globalId ${expected}${options.idMap ? ' (by the id map)' : ''} expected, the target has ` +
                `${t.id}`,
            ),
          );
        }
        if (options.idsPreserved && s.apicurio.contentId !== t.apicurio.contentId) {
          findings.push(
            finding(
              F['apicurio-content-id-differs'],
              { ...where, source: s.apicurio.contentId, target: t.apicurio.contentId },
              `${label}: contentId ${s.apicurio.contentId} on the source, ${t.apicurio.contentId} on the target`,
            ),
          );
        }
        const prev = contentTargets.get(s.apicurio.contentId);
        if (!prev) contentTargets.set(s.apicurio.contentId, { target: t.apicurio.contentId, where: label });
        else if (prev.target !== t.apicurio.contentId) {
          findings.push(
            finding(
              F['apicurio-content-id-split'],
              { ...where, source: prev.target, target: t.apicurio.contentId },
              `${label}: source contentId ${s.apicurio.contentId} is target contentId ${prev.target} for ` +
                `${prev.where} but ${t.apicurio.contentId} here`,
            ),
          );
        }
      }
    }
    return { cases, findings };
  },
});

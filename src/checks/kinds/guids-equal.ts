import { defineFindings, finding } from '../../engine/finding.js';
import { definePairCheck } from '../../engine/types.js';
import type { Finding } from '../../engine/types.js';
import { schemaGuid, servesGuids } from '../../model/guid.js';
import type { SchemaVersion } from '../../model/types.js';

const F = defineFindings({
  'guid-not-served-by-target': {
    severity: 'error',
    description:
      'The source serves schema GUIDs (Confluent 8, Redpanda 26.3) and the target serves none: a record whose ' +
      'header carries a GUID (`__value_schema_id`, `__key_schema_id`) cannot be resolved there.',
    hint:
      'Consumers of header-framed records need a target that serves GUIDs (Confluent 8, Redpanda 26.3), or ' +
      'producers that frame the id in the payload instead.',
  },
  'guid-differs': {
    severity: 'error',
    description:
      "A version's schema GUID differs on the target: a record whose header carries the source's GUID does not " +
      'resolve there. The GUID is the MD5 of the stored text, references, metadata and rule set: the same schema ' +
      'stored with other bytes (re-encoded, metadata dropped) gets another one.',
    hint:
      'Re-copy the version byte for byte with its references, metadata and rule set: anything re-encoded or ' +
      'dropped changes the GUID.',
  },
});

/** The GUID a version is known by: the one its registry answered, else the one Confluent would compute. */
const guidOf = (v: SchemaVersion) => v.guid ?? schemaGuid(v);

export const guidsEqual = definePairCheck({
  scope: 'pair',
  kind: 'guids-equal',
  description:
    'Where the source serves schema GUIDs (what header-based serializers write in records), the target serves the ' +
    'same GUID for each version; quiet where the source serves none (its clients cannot have written one).',
  findings: Object.values(F),
  run({ source, target, pairs }) {
    if (!servesGuids(source)) return { cases: [], findings: [] };
    const findings: Finding[] = [];
    if (!servesGuids(target)) {
      const versions = pairs.subjects.reduce((n, p) => n + p.versions.filter((v) => v.target).length, 0);
      findings.push(
        finding(
          F['guid-not-served-by-target'],
          { place: 'guids' },
          `the source answers a GUID for each schema and the target none (${versions} version(s) compared): ` +
            'records framed with header GUIDs do not resolve on the target',
        ),
      );
      return { cases: ['guids'], findings };
    }
    // a case per subject both sides hold, as the other per-version checks report them
    const cases = pairs.subjects.filter((p) => p.target).map((p) => p.source.name);
    for (const sp of pairs.subjects)
      for (const { source: s, target: t } of sp.versions) {
        if (!t) continue;
        const [from, to] = [guidOf(s), guidOf(t)];
        if (from === to) continue;
        const where = { subject: s.subject, version: s.version, schemaId: s.id, source: from, target: to };
        findings.push(
          finding(F['guid-differs'], where, `${s.subject} v${s.version}: GUID ${from}, ${to} on the target`),
        );
      }
    return { cases, findings };
  },
});

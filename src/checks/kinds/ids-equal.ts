import { defineFindings, finding } from '../../engine/finding.js';
import { definePairCheck } from '../../engine/types.js';
import type { CheckContext, PairCheck, Finding } from '../../engine/types.js';
import { contextOf, idContextOf, idKey, versionsById, type SchemaVersion } from '../../model/types.js';

const F = defineFindings({
  'version-id-differs': {
    severity: 'error',
    description: 'With ids preserved, a version has another id on the target.',
    hint:
      'Copy with ids preserved (apply in IMPORT mode), or, if the migration renumbers on purpose, compare ' +
      'with --ids not-preserved and an --id-map.',
  },
  'id-missing-on-target': {
    severity: 'error',
    description: 'With ids preserved, a source schema id does not exist on the target.',
    hint:
      'Copy the versions that use this id with their ids (IMPORT mode); records written with it cannot be ' +
      'read on the target until then.',
  },
  'id-content-differs': {
    severity: 'error',
    description: 'The same schema id holds different content on the two sides.',
    hint:
      'The id names another schema on the target: consumers would decode with the wrong schema. Wipe the ' +
      "target's id (hard delete) and copy again with ids preserved.",
  },
  'ids-renumbered': {
    severity: 'error',
    description:
      'With ids preserved, most versions have another id on the target: one root cause for their id findings (the ' +
      'migration did not preserve ids).',
    hint:
      'The copy did not keep ids: re-run it in IMPORT mode with ids (apply --ids preserved), or accept new ' +
      'ids and compare with --ids not-preserved --id-map.',
  },
  'id-map-inconsistent': {
    severity: 'error',
    description: 'With ids not preserved, one source id became several target ids.',
    hint:
      'One source id must map to one target id: re-register the duplicates so they share an id (register the ' +
      'same text in each subject), or fix the id map.',
  },
  'id-map-mismatch': {
    severity: 'error',
    description:
      'The target id differs from the one the id map (--id-map) records (with ids preserved, the map lists the ' +
      'exceptions: ids a deduplicating target merged).',
    hint:
      "Correct the id map (--id-map) from the target's answers, or re-copy the version under the id the map " +
      'records.',
  },
  'id-map-entry-missing': {
    severity: 'error',
    description: 'The id map (--id-map) has no entry for a source id that was migrated.',
    hint: "Add the source id's target id to the id map (apply --id-map-out writes a complete one).",
  },
});

/** First version holding each (context, id): an id's content is the same wherever it is used. */
export const idsPreserved = definePairCheck({
  ...idsEqualBase(),
  kind: 'ids-preserved',
  ids: 'preserved',
  description: 'Every version keeps its id, and every source id holds the same content on the target.',
  example: '- kind: ids-preserved',
});

export const idMapConsistent = definePairCheck({
  ...idsEqualBase(),
  kind: 'id-map-consistent',
  ids: 'not-preserved',
  description:
    'Ids were not preserved: versions match by content, each source id maps to one target id, and (with `idMap`) to ' +
    'the one the map records.',
  example: '- kind: id-map-consistent\n  idMap: maps/id-map.json',
});

function idsEqualBase(): Omit<PairCheck, 'kind' | 'description'> {
  return {
    scope: 'pair',
    findings: Object.values(F),
    run: (ctx) => (ctx.options.idsPreserved ? preserved(ctx) : mapped(ctx)),
  };
}

export const idsEqual = definePairCheck({
  scope: 'pair',
  kind: 'ids-equal',
  description:
    'Ids preserved: every source id exists on the target with the same content. Not preserved: the id map is ' +
    'consistent (and matches --id-map).',
  findings: Object.values(F),
  run(ctx) {
    return ctx.options.idsPreserved ? preserved(ctx) : mapped(ctx);
  },
});

function preserved({ source, target, sourceRefs: sr, targetRefs: tr, pairs, options }: CheckContext) {
  const findings: Finding[] = [];
  const cases = comparedSubjects(pairs);
  // With ids preserved, an id map lists the exceptions: ids a deduplicating target (Kora) merged into another one.
  const expected = (ctx: string, id: number) => options.idMap?.get(idKey(ctx, id)) ?? id;
  const sourceIds = versionsById(source);
  for (const sp of pairs.subjects) {
    for (const { source: s, target: t } of sp.versions) {
      const want = expected(idContextOf(sp.source), s.id);
      if (!t || t.id === want) continue;
      const where = { subject: s.subject, version: s.version, schemaId: s.id, source: want, target: t.id };
      if (want !== s.id) {
        const at = `${s.subject} v${s.version}`;
        const message = `${at}: the id map says source id ${s.id} is target id ${want}, the target has ${t.id}`;
        findings.push(finding(F['id-map-mismatch'], { ...where, context: sp.source.context }, message));
      } else {
        const message = `${s.subject} v${s.version}: id ${s.id} on the source, ${t.id} on the target`;
        const f = finding(F['version-id-differs'], where, message);
        // The source's content under the target's id: a deduplicating target kept that one.
        const holder = sourceIds.get(idKey(sp.source.context, t.id));
        if (holder && sr.sameContent(holder, sr, s)) {
          f.hint =
            `the source holds this content under id ${t.id} too, which the target kept (a deduplicating target ` +
            `such as Kora): with the migration's id map (--id-map, {"${s.id}": ${t.id}}) the ids check out`;
        }
        findings.push(f);
      }
    }
  }
  const renumbered = renumbering(
    pairs,
    findings.filter((f) => f.id === 'version-id-differs'),
  );
  if (renumbered) {
    findings.unshift(renumbered);
    cases.push('ids');
  }
  const targetIds = versionsById(target);
  // An id whose every version is missing on the target is already reported by subjects/versions-equal.
  const pairedIds = new Set(
    pairs.subjects.flatMap((p) => p.versions.filter((v) => v.target).map((v) => idKey(p.source.context, v.source.id))),
  );
  for (const [key, s] of sourceIds) {
    cases.push(`id ${key}`);
    const ctx = contextOf(s.subject);
    const want = expected(idContextOf(source.subjects.get(s.subject)!), s.id);
    const as = want === s.id ? '' : `, mapped to ${want} by the id map,`;
    const t = targetIds.get(idKey(ctx, want));
    // A consumer resolving the id on a Confluent target gets the same schema once it resolves the references
    const same = (w: SchemaVersion) =>
      sr.sameContent(s, tr, w) || (target.info.product === 'confluent' && sr.inlines(s, tr, w));
    if (!t && pairedIds.has(key)) {
      const message = `schema id ${key}${as} (first used by ${s.subject} v${s.version}) does not exist on the target`;
      findings.push(finding(F['id-missing-on-target'], { schemaId: s.id, context: ctx }, message));
    } else if (t && !same(t)) {
      const sides = `source ${s.subject} v${s.version}, target ${t.subject} v${t.version}`;
      const message = `schema id ${key}${as} holds different content: ${sides}`;
      const where = { schemaId: s.id, context: ctx, source: s.schema, target: t.schema };
      findings.push(finding(F['id-content-differs'], where, message));
    }
  }
  return { cases, findings };
}

function mapped({ pairs, options }: CheckContext) {
  const findings: Finding[] = [];
  const seen = new Map<string, { target: number; where: SchemaVersion }>();
  for (const p of pairs.subjects) {
    for (const { source: s, target: t } of p.versions) {
      if (!t) continue;
      const ctx = idContextOf(p.source); // merged contexts: one id per source context, not per target context
      const key = idKey(ctx, s.id);
      const prev = seen.get(key);
      if (!prev) seen.set(key, { target: t.id, where: t });
      else if (prev.target !== t.id) {
        findings.push(
          finding(
            F['id-map-inconsistent'],
            { schemaId: s.id, context: ctx, subject: s.subject, version: s.version, source: prev.target, target: t.id },
            `source id ${key} became target id ${prev.target} (${prev.where.subject} v${prev.where.version}) and ` +
              `${t.id} (${t.subject} v${t.version})`,
          ),
        );
      }
      if (options.idMap) {
        const expected = options.idMap.get(key);
        if (expected === undefined) {
          if (prev === undefined)
            findings.push(
              finding(
                F['id-map-entry-missing'],
                { schemaId: s.id, context: ctx, subject: s.subject },
                `the id map has no entry for source id ${key}`,
              ),
            );
        } else if (expected !== t.id) {
          findings.push(
            finding(
              F['id-map-mismatch'],
              { schemaId: s.id, context: ctx, subject: s.subject, version: s.version, source: expected, target: t.id },
              `${s.subject} v${s.version}: the id map says source id ${key} is target id ${expected}, the target has ` +
                `${t.id}`,
            ),
          );
        }
      }
    }
  }
  return { cases: [...comparedSubjects(pairs), ...[...seen.keys()].map((k) => `id ${k}`)], findings };
}

/**
 * When at least half of the paired versions (two or more) have another id, the migration renumbered ids: one finding
 * names that cause (and the shift, where every id moved by the same amount), with a hint.
 */
function renumbering(pairs: CheckContext['pairs'], differing: Finding[]): Finding | undefined {
  const paired = pairs.subjects.reduce((n, p) => n + p.versions.filter((v) => v.target).length, 0);
  if (differing.length < 2 || differing.length * 2 < paired) return undefined;
  const shifts = new Set(differing.map((f) => (f.target as number) - (f.source as number)));
  const [shift] = shifts;
  const how = shifts.size === 1 ? ` (every id ${shift! > 0 ? '+' : ''}${shift})` : '';
  const message = `${differing.length} of ${paired} versions have another id on the target${how}: ids were renumbered`;
  const f = finding(F['ids-renumbered'], { place: 'ids', source: paired, target: differing.length }, message);
  f.hint =
    'was this migration meant to preserve ids? If not, compare with --ids not-preserved, or with --id-map ' +
    "and the migration's id map";
  return f;
}

/** Subjects present on both sides: where version-level id findings land. */
function comparedSubjects(pairs: CheckContext['pairs']): string[] {
  return pairs.subjects.filter((p) => p.target).map((p) => p.source.name);
}

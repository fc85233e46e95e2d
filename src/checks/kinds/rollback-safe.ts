// After a cutover, before the old registry is retired: could clients fall back to it? Whatever was registered only on
// the new registry is lost by a fallback, records written with ids only it knows cannot be read, and ids it minted
// above the old registry's highest would be issued again by the old one, for other schemas.
import { defineFindings, finding } from '../../engine/finding.js';
import { definePairCheck } from '../../engine/types.js';
import type { Finding } from '../../engine/types.js';
import { idContextOf, idKey, type Registry } from '../../model/types.js';

const F = defineFindings({
  'rollback-version-lost': {
    severity: 'error',
    description:
      'A version registered on the target (the new registry) only: a fallback to the source loses it, and ' +
      'producers that registered it are refused.',
    hint:
      'Copy the version back to the old registry before falling back (apply from the new to the old), or ' +
      'freeze producers on the new one.',
  },
  'rollback-id-unknown': {
    severity: 'error',
    description:
      'An id only the target holds: records written with it since the cutover cannot be read after a fallback.',
    hint:
      'Copy the schema under that id back to the old registry before a fallback, so records written since the ' +
      'cutover stay readable.',
  },
  'rollback-id-reissued': {
    severity: 'error',
    description:
      "The target's highest id in a context is above the source's: after a fallback the source issues those ids " +
      'again, to other schemas.',
    hint:
      "Raise the old registry's id counter above the new one's before falling back (register with ids in " +
      'IMPORT mode), or it issues those ids again.',
  },
});

/** The highest id in use per id context (soft-deleted versions keep theirs). */
function highWater(reg: Registry, contextOf: (ctx: string) => string): Map<string, number> {
  const max = new Map<string, number>();
  for (const s of reg.subjects.values())
    for (const v of s.versions) {
      const ctx = contextOf(idContextOf(s));
      max.set(ctx, Math.max(max.get(ctx) ?? 0, v.id));
    }
  return max;
}

export const rollbackSafe = definePairCheck({
  scope: 'pair',
  kind: 'rollback-safe',
  ids: 'preserved',
  description:
    'A fallback from the target (the new registry) to the source loses nothing: no version or id exists only on ' +
    "the target, and the target issued no id above the source's highest (per context).",
  findings: Object.values(F),
  example: '- kind: rollback-safe\n  source: old\n  target: new',
  run({ source, target, pairs }) {
    const findings: Finding[] = [];
    const cases: string[] = [];
    // The target's contexts as the source numbered them (an exporter copies `.` into `.exp`, ids unchanged).
    const toSourceContext = new Map<string, string>();
    for (const p of pairs.subjects) if (p.target) toSourceContext.set(p.target.context, idContextOf(p.source));
    const sourceContextOf = (ctx: string) => toSourceContext.get(ctx) ?? ctx;
    const sourceIds = new Set<string>();
    for (const s of source.subjects.values()) for (const v of s.versions) sourceIds.add(idKey(idContextOf(s), v.id));

    const lostBy = new Map<string, Finding>(); // id -> the lost version that introduced it
    const onlyOnTarget = [
      ...pairs.subjects.flatMap((p) => p.extraTarget.map((v) => ({ subject: p.target!, v }))),
      ...pairs.extraSubjects.flatMap((t) => t.versions.map((v) => ({ subject: t, v }))),
    ];
    for (const { subject, v } of onlyOnTarget) {
      const what = `${subject.name} v${v.version} (id ${v.id})`;
      const message = `${what} was registered on the target only: a fallback loses it`;
      const f = finding(F['rollback-version-lost'], { subject: subject.name, version: v.version }, message);
      findings.push(f);
      const key = idKey(sourceContextOf(subject.context), v.id);
      if (!lostBy.has(key)) lostBy.set(key, f);
    }
    const seen = new Set<string>();
    for (const t of target.subjects.values()) {
      cases.push(t.name);
      for (const v of t.versions) {
        const ctx = sourceContextOf(t.context);
        const key = idKey(ctx, v.id);
        if (sourceIds.has(key) || seen.has(key)) continue;
        seen.add(key);
        const where = { schemaId: v.id, context: ctx };
        const consequence = 'records written with it cannot be read after a fallback';
        const message = `id ${v.id} (${t.name} v${v.version}) exists only on the target: ${consequence}`;
        const f = finding(F['rollback-id-unknown'], where, message);
        const cause = lostBy.get(key);
        if (cause) f.causedBy = cause.fingerprint;
        findings.push(f);
      }
    }
    const sourceMax = highWater(source, (c) => c);
    for (const [ctx, top] of highWater(target, sourceContextOf)) {
      cases.push(`context ${ctx}`);
      const mine = sourceMax.get(ctx) ?? 0;
      if (top <= mine) continue;
      const message =
        `context ${ctx}: the target's highest id is ${top}, the source's ${mine}: after a fallback the source ` +
        `would issue ids ${mine + 1}..${top} again, to other schemas`;
      findings.push(finding(F['rollback-id-reissued'], { context: ctx, source: mine, target: top }, message));
    }
    return { cases, findings };
  },
});

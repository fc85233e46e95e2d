import { copyWith } from '../model/copy.js';
import { sha } from '../lib/hash.js';
import type { Finding, FindingType } from './types.js';

type Where = Pick<Finding, 'subject' | 'version' | 'schemaId' | 'context' | 'place' | 'source' | 'target'>;

/** Builds findings of one declared type; the fingerprint names the place, not the values, so it survives re-runs. */
export function finding(type: FindingType, where: Where, message: string): Finding {
  const place = [
    type.id,
    where.context ?? '',
    where.subject ?? '',
    where.version ?? '',
    where.schemaId ?? '', // the place's parts keep their order: fingerprints in specs' ignore rules stay valid
    where.place ?? '',
  ].join('|');
  // Not spread: a spread finding had a V8 hidden class of its own (80,000 of them, 26 MB, where every id differs).
  const fields = {
    id: type.id,
    severity: type.severity,
    message: flat(message),
    fingerprint: sha(place),
    hint: type.hint, // the type's own string: no copy per finding
  };
  return copyWith(where as Finding, fields);
}

/**
 * The message as one flat string: a template literal is a tree of its pieces (numbers turned to strings included),
 * three times the memory, and a registry where every id differs holds 100,000 of them.
 */
function flat(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/**
 * Something only the target holds: drift by default (compare promises equality); info where the target is knowingly
 * shared (--allow-extra, spec `allowExtra`).
 */
export function extraFinding(
  type: FindingType,
  where: Where,
  message: string,
  allowExtra: boolean | undefined,
): Finding {
  const f = finding(type, where, message);
  return allowExtra ? copyWith(f, { severity: 'info' }) : f;
}

export function defineFindings<K extends string>(types: Record<K, Omit<FindingType, 'id'>>): Record<K, FindingType> {
  return Object.fromEntries(Object.entries(types).map(([id, t]) => [id, { id, ...(t as object) }])) as Record<
    K,
    FindingType
  >;
}

/** Stable short text of a value for messages. */
export function show(v: unknown): string {
  if (v === undefined || v === null) return 'none';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

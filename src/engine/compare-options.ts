// How a compare run reads the two registries: the options pairing and every pair check share.

export interface CompareOptions {
  idsPreserved: boolean;
  /** 'ignore' compares active versions only (for migrations that knowingly drop soft-deleted history). */
  deleted: 'compare' | 'ignore';
  /** Expected source->target ids (key: `idKey(context, sourceId)`), from a map written by a migration. */
  idMap?: Map<string, number>;
  /** A shared target: what exists only on the target is reported as info instead of drift. */
  allowExtra?: boolean;
}

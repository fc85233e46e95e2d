// Which checks a comparison runs: compare's own set, and Apicurio's between two native Apicurio sources.
import type { PairCheck } from '../engine/types.js';
import { subjectsEqual } from './kinds/subjects-equal.js';
import { versionsEqual } from './kinds/versions-equal.js';
import { contentEqual } from './kinds/content-equal.js';
import { idsEqual } from './kinds/ids-equal.js';
import { configEqual } from './kinds/config-equal.js';
import { modesEqual } from './kinds/modes-equal.js';
import { contextsEqual } from './kinds/contexts-equal.js';
import { apicurioIds } from './kinds/apicurio-ids.js';
import { apicurioMetaEqual } from './kinds/apicurio-meta-equal.js';
import { sourcesComplete } from './kinds/sources-complete.js';
import { dekRegistryEqual } from './kinds/dek-registry-equal.js';
import { guidsEqual } from './kinds/guids-equal.js';
import type { Registry } from '../model/types.js';
import type { SubjectMapping } from '../model/mapping.js';
import type { CheckDecl } from '../engine/declarations.js';

export const COMPARE_CHECKS: PairCheck[] = [
  subjectsEqual,
  versionsEqual,
  contentEqual,
  idsEqual,
  configEqual,
  modesEqual,
  contextsEqual,
  dekRegistryEqual,
  guidsEqual,
  sourcesComplete,
];

/**
 * Between two Apicurio native sources: globalIds and contentIds instead of ids-equal, no modes or contexts (Apicurio
 * has none), and its own attributes.
 */
export const APICURIO_COMPARE_CHECKS: PairCheck[] = [
  subjectsEqual,
  versionsEqual,
  contentEqual,
  apicurioIds,
  configEqual,
  apicurioMetaEqual,
  sourcesComplete,
];

export function compareChecks(source: Registry, target: Registry): PairCheck[] {
  return source.apicurio && target.apicurio ? APICURIO_COMPARE_CHECKS : COMPARE_CHECKS;
}

/** How compare reads the pair: the options every check of its preset shares. */
export interface ComparePreset {
  idsPreserved: boolean;
  deleted: 'compare' | 'ignore';
  /** The name of the id map the run is given (`RunInput.idMaps`), when there is one. */
  idMap?: string;
  allowExtra?: boolean;
  mapping?: SubjectMapping;
}

/** compare as declarations: its preset of checks, each over the sources named `source` and `target`. */
export function compareDecls(source: Registry, target: Registry, o: ComparePreset): CheckDecl[] {
  return compareChecks(source, target).map((def) => ({
    def,
    name: def.kind,
    filter: {},
    ignore: [],
    uses: ['source', 'target'],
    ids: o.idsPreserved ? 'preserved' : 'not-preserved',
    idMap: o.idMap,
    deleted: o.deleted,
    allowExtra: o.allowExtra === true,
    mapping: o.mapping,
    params: {},
  }));
}

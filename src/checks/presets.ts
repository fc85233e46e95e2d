// Which checks a comparison runs: compare's own set, and Apicurio's between two native Apicurio sources.
import type { PairCheck } from '../engine/types.js';
import { subjectsEqual } from './subjects-equal.js';
import { versionsEqual } from './versions-equal.js';
import { contentEqual } from './content-equal.js';
import { idsEqual } from './ids-equal.js';
import { configEqual } from './config-equal.js';
import { modesEqual } from './modes-equal.js';
import { contextsEqual } from './contexts-equal.js';
import { apicurioIds } from './apicurio-ids.js';
import { apicurioMetaEqual } from './apicurio-meta-equal.js';
import { sourcesComplete } from './sources-complete.js';
import type { Registry } from '../model/types.js';

export const COMPARE_CHECKS: PairCheck[] = [
  subjectsEqual,
  versionsEqual,
  contentEqual,
  idsEqual,
  configEqual,
  modesEqual,
  contextsEqual,
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

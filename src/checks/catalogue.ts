// Every check kind a spec can name, in catalogue order.
import type { CheckDefinition } from '../engine/types.js';
import { COMPARE_CHECKS } from './presets.js';
import { modeIs } from './mode-is.js';
import { configIs } from './config-is.js';
import { counts } from './counts.js';
import { referencesResolve } from './references-resolve.js';
import { dedupCollisions } from './dedup-collisions.js';
import { dedupIdsKept } from './dedup-ids-kept.js';
import { http } from './http.js';
import { exporterState } from './exporter-state.js';
import { rollbackSafe } from './rollback-safe.js';
import { compatibility } from './compatibility.js';
import { baseline } from './baseline.js';
import { idMapConsistent, idsPreserved } from './ids-equal.js';
import { apicurioIds } from './apicurio-ids.js';
import { apicurioMetaEqual } from './apicurio-meta-equal.js';
import { apicurioV2Compat } from './apicurio-v2-compat.js';
import { apicurioV3Core } from './apicurio-v3-core.js';
import { apicurioBaseline } from './apicurio-baseline.js';
import { recordsResolve } from './records-resolve.js';

export const CATALOGUE: CheckDefinition[] = [
  ...COMPARE_CHECKS,
  idsPreserved,
  idMapConsistent,
  modeIs,
  configIs,
  counts,
  referencesResolve,
  dedupCollisions,
  dedupIdsKept,
  baseline,
  http,
  compatibility,
  exporterState,
  rollbackSafe,
  apicurioIds,
  apicurioMetaEqual,
  apicurioV2Compat,
  apicurioV3Core,
  apicurioBaseline,
  recordsResolve,
];

export const BY_KIND = new Map(CATALOGUE.map((c) => [c.kind, c]));

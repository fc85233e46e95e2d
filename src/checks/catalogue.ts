// Every check kind a spec can name, in catalogue order.
import type { CheckDefinition } from '../engine/types.js';
import { COMPARE_CHECKS } from './presets.js';
import { modeIs } from './kinds/mode-is.js';
import { configIs } from './kinds/config-is.js';
import { counts } from './kinds/counts.js';
import { referencesResolve } from './kinds/references-resolve.js';
import { dedupCollisions } from './kinds/dedup-collisions.js';
import { dedupIdsKept } from './kinds/dedup-ids-kept.js';
import { http } from './kinds/http.js';
import { exporterState } from './kinds/exporter-state.js';
import { rollbackSafe } from './kinds/rollback-safe.js';
import { compatibility } from './kinds/compatibility.js';
import { baseline } from './kinds/baseline.js';
import { idMapConsistent, idsPreserved } from './kinds/ids-equal.js';
import { apicurioIds } from './kinds/apicurio-ids.js';
import { apicurioMetaEqual } from './kinds/apicurio-meta-equal.js';
import { apicurioV2Compat } from './kinds/apicurio-v2-compat.js';
import { apicurioV3Core } from './kinds/apicurio-v3-core.js';
import { apicurioBaseline } from './kinds/apicurio-baseline.js';
import { recordsResolve } from './kinds/records-resolve.js';

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

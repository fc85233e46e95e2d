// The catalogue: every check kind, in the order reports list them.
import type { PairCheck } from '../engine/types.js';
import { subjectsEqual } from './subjects-equal.js';
import { versionsEqual } from './versions-equal.js';
import { contentEqual } from './content-equal.js';
import { idsEqual } from './ids-equal.js';
import { configEqual } from './config-equal.js';
import { modesEqual } from './modes-equal.js';
import { contextsEqual } from './contexts-equal.js';

export const COMPARE_CHECKS: PairCheck[] = [subjectsEqual, versionsEqual, contentEqual, idsEqual, configEqual, modesEqual, contextsEqual];

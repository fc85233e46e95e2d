// sr-parity as a library: `import { compare } from 'sr-parity'`. The same workflows the CLI runs, typed, returning
// the run the reports render. docs/api.md describes each; nothing here prints or exits.
export {
  compare,
  verify,
  records,
  apply,
  snapshot,
  captureBaseline,
  watch,
  checkKinds,
  specSchema,
  exitCodeOf,
  SEVERITIES,
  APPLY_IDS,
  FRAMINGS,
} from './workflows/index.js';
export type {
  CompareInput,
  VerifyInput,
  RecordsInput,
  KafkaOptions,
  ApplyInput,
  ApplyHooks,
  ApplyResult,
  SnapshotInput,
  BaselineInput,
  Written,
  WatchInput,
  WatchHooks,
  WatchResult,
  Pass,
  PassState,
  Hooks,
  Progress,
  Side,
  SourceSpec,
  CheckKind,
  FindingType,
  RunResult,
  CheckOutcome,
  Finding,
  Severity,
  Plan,
} from './workflows/index.js';
export type { SubjectFilter } from './model/filter.js';
export type { SubjectMapping } from './model/mapping.js';
export type { RegistrySummary, SourceInfo } from './model/types.js';
export { formatReport, FORMATS, type Format, type FormatOptions } from './report/index.js';
export { ParityMetrics } from './report/metrics.js';
export { ApplyError, SourceError, SpecError, UsageError } from './lib/errors.js';

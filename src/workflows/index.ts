// The workflows: what each command does, as functions taking typed options and returning data. The CLI parses
// arguments into these and prints what they return; src/index.ts publishes them as the package's API.
export { compare, compareRegistries, type CompareInput, type CompareRegistriesOptions } from './compare.js';
export { verify, type VerifyInput } from './verify.js';
export { records, FRAMINGS, type RecordsInput, type KafkaOptions } from './records.js';
export {
  apply,
  readSavedPlan,
  APPLY_IDS,
  DEFAULT_STATE,
  type ApplyInput,
  type ApplyHooks,
  type ApplyResult,
  type SavedPlan,
} from './apply.js';
export { watch, type WatchInput, type WatchHooks, type WatchResult, type Pass, type PassState } from './watch.js';
export { snapshot, captureBaseline, type SnapshotInput, type BaselineInput, type Written } from './snapshot.js';
export { sideSpec, type Hooks, type Side, type SourceSpec, type Progress } from './sides.js';
export { checkKinds, specSchema, type CheckKind, type FindingType } from './catalogue.js';
export { exitCodeOf, SEVERITIES, type RunResult, type CheckOutcome, type Finding, type Severity } from './result.js';
export type { Plan } from '../model/plan.js';

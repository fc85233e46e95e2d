// What every workflow that reaches a verdict returns, and its exit code: for the CLI and for programs alike.
export { exitCodeOf } from '../engine/run.js';
export { SEVERITIES } from '../engine/types.js';
export type { RunResult, CheckOutcome, Finding, Severity } from '../engine/types.js';

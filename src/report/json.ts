import type { RunResult } from '../engine/types.js';

export function formatJson(run: RunResult): string {
  return `${JSON.stringify(run, null, 2)}\n`;
}

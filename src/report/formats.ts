// The report formats, and each formatter loaded when it is asked for: the table's (cli-table3, string-width) and
// JUnit's (junit-report-builder) libraries cost a start about 90 ms, which a run writing JSON need not pay.
import type { RunResult } from '../engine/result.js';
import type { TableOptions } from './common.js';

export const FORMATS = ['table', 'compact', 'json', 'markdown', 'junit', 'github'] as const;
export type Format = (typeof FORMATS)[number];
export type Formatter = (run: RunResult, opts?: TableOptions) => string;

const LOADERS: Record<Format, () => Promise<Formatter>> = {
  table: async () => (await import('./table.js')).formatTable,
  compact: async () => (await import('./compact.js')).formatCompact,
  github: async () => (await import('./github.js')).formatGithub,
  json: async () => (await import('./json.js')).formatJson,
  markdown: async () => (await import('./markdown.js')).formatMarkdown,
  junit: async () => (await import('./junit.js')).formatJunit,
};

export function loadFormatter(format: Format): Promise<Formatter> {
  return LOADERS[format]();
}

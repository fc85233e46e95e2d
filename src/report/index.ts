import type { RunResult } from '../engine/result.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { formatTable, type TableOptions } from './table.js';
import { formatCompact } from './compact.js';
import { formatGithub } from './github.js';

import { FORMATS, type Format } from './formats.js';

export { FORMATS, type Format };

export const FORMATTERS: Record<Format, (run: RunResult, opts?: TableOptions) => string> = {
  table: formatTable,
  compact: formatCompact,
  github: formatGithub,
  json: formatJson,
  markdown: formatMarkdown,
  junit: formatJunit,
};

export type FormatOptions = TableOptions;

/** A run rendered in one of the report formats (what `--format` writes). */
export function formatReport(run: RunResult, format: Format, options?: FormatOptions): string {
  return FORMATTERS[format](run, options);
}

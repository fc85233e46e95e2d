import { UsageError } from '../lib/errors.js';

export interface SpecProblem {
  file: string;
  line: number;
  col: number;
  message: string;
}

/** Every problem of a spec at once, each `file:line:col: message`; exit 2. */
export class SpecError extends UsageError {
  override name = 'SpecError';
  constructor(readonly problems: SpecProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`).join('\n'));
  }
}

// What a run that ended in an error tells its caller: the exit code and the text on stderr.
import { ApplyError, SourceError, SpecError, UsageError } from '../lib/errors.js';

export const EXIT = { ok: 0, findings: 1, usage: 2, source: 3, apply: 4, internal: 5 } as const;

/** The exit code and stderr text for an error; only a bug (exit 5) shows a stack. */
export function reportError(err: unknown): { code: number; text: string } {
  if (err instanceof SpecError) {
    const n = err.problems.length;
    return {
      code: EXIT.usage,
      text: `${err.message}\n${n} problem${n === 1 ? '' : 's'} in the spec; nothing was run.\n`,
    };
  }
  if (err instanceof UsageError)
    return { code: EXIT.usage, text: `sr-parity: ${err.message}\nRun with --help for usage.\n` };
  if (err instanceof ApplyError) return { code: EXIT.apply, text: `sr-parity: ${err.message}\n` };
  if (err instanceof SourceError) return { code: EXIT.source, text: `sr-parity: cannot read ${err.message}\n` };
  return { code: EXIT.internal, text: `sr-parity: internal error: ${(err as Error)?.stack ?? String(err)}\n` };
}

// Progress on stderr. Loads show a live line on a terminal only, so CI logs stay clean; a long apply also logs a
// plain line every few seconds off a terminal, so a CI job shows it is moving.
import type { Hooks } from '../workflows/sides.js';

export interface Progress {
  phase: string;
  done: number;
  total: number;
}

const PLAIN_EVERY_MS = 5000;

export function progressReporter(label: string, enabled: boolean, plain = false): ((p: Progress) => void) | undefined {
  const tty = !!process.stderr.isTTY;
  if (!enabled || (!tty && !plain)) return undefined;
  const started = Date.now();
  let last = 0;
  return (p) => {
    const now = Date.now();
    const finished = p.done === p.total;
    if (!finished && now - last < (tty ? 100 : PLAIN_EVERY_MS)) return;
    last = now;
    const rate = p.done / Math.max(0.001, (now - started) / 1000);
    const eta = rate > 0 ? Math.round((p.total - p.done) / rate) : 0;
    const line = `${label}: ${p.done}/${p.total} ${p.phase} (${rate.toFixed(0)}/s, ETA ${eta}s)`;
    if (!tty) process.stderr.write(`${line}\n`);
    else {
      process.stderr.write(`\r\u001b[K${line}`);
      if (finished) process.stderr.write('\r\u001b[K');
    }
  };
}

/** What the CLI does with a workflow's hooks: progress and notes on stderr (none with --quiet), warnings always. */
export function cliHooks(quiet: boolean | undefined): Hooks {
  return {
    progress: (side) => progressReporter(side, !quiet, side === 'apply'), // a long apply logs off a terminal too
    note: (text) => {
      if (!quiet) process.stderr.write(`note: ${text}\n`);
    },
    warn: (text) => process.stderr.write(`sr-parity: warning: ${text}\n`),
  };
}

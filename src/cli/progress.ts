// Load progress on stderr, only on a terminal: CI logs stay clean.
import type { LoadProgress } from '../sources/rest/confluent.js';

export function progressReporter(label: string, enabled: boolean): ((p: LoadProgress) => void) | undefined {
  if (!enabled || !process.stderr.isTTY) return undefined;
  const started = Date.now();
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (p.done !== p.total && now - last < 100) return;
    last = now;
    const rate = p.done / Math.max(0.001, (now - started) / 1000);
    const eta = rate > 0 ? Math.round((p.total - p.done) / rate) : 0;
    process.stderr.write(`\r\u001b[K${label}: ${p.done}/${p.total} ${p.phase} (${rate.toFixed(0)}/s, ETA ${eta}s)`);
    if (p.done === p.total) process.stderr.write('\r\u001b[K');
  };
}

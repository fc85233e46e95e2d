// The state file of a running apply: a header line, then one line per completed step, appended as each finishes
// so a killed run loses at most the requests in flight (which the registry answers idempotently on a re-run).
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { ApplyError } from '../lib/errors.js';
import type { Plan } from '../model/plan.js';

export interface JournalHeader {
  kind: 'sr-parity-apply-state';
  formatVersion: 1;
  source: string;
  target: string;
  strategy: Plan['strategy'];
  startedAt: string;
  /**
   * The target's modes before the first run touched them: a resumed run must restore these, not the IMPORT it finds.
   */
  previousModes: Record<string, string | null>;
}

export interface JournalEntry {
  key: string;
  id?: number;
  version?: number;
}

export class Journal {
  readonly done = new Map<string, JournalEntry>();
  private fd: number | null = null;

  private constructor(
    readonly path: string,
    readonly header: JournalHeader,
    readonly resumed: boolean,
  ) {}

  /** Reads the state of an interrupted run of the same migration, or starts a new one. */
  static open(path: string, plan: Plan): Journal {
    if (existsSync(path)) {
      const lines = readFileSync(path, 'utf8').split('\n');
      let header: JournalHeader;
      try {
        header = JSON.parse(lines[0] ?? '') as JournalHeader;
      } catch {
        throw new ApplyError(
          `${path}: not an sr-parity apply state file (line 1 is not JSON); remove it or pass another --state`,
        );
      }
      if (header?.kind !== 'sr-parity-apply-state')
        throw new ApplyError(`${path}: not an sr-parity apply state file; remove it or pass another --state`);
      if (header.source !== plan.source || header.target !== plan.target || header.strategy !== plan.strategy) {
        throw new ApplyError(
          `${path}: state of another migration (${header.source} -> ${header.target}, ids ` +
            `${header.strategy}); remove it or pass another --state`,
        );
      }
      const j = new Journal(path, header, true);
      // The last line may be torn by a kill: every complete line counts, a partial one does not.
      for (const line of lines.slice(1)) {
        if (!line.trim()) continue;
        try {
          const e = JSON.parse(line) as JournalEntry;
          if (typeof e.key === 'string') j.done.set(e.key, e);
        } catch {
          /* torn last line */
        }
      }
      for (const [c, m] of Object.entries(plan.previousModes))
        if (!(c in header.previousModes)) header.previousModes[c] = m;
      return j;
    }
    const header: JournalHeader = {
      kind: 'sr-parity-apply-state',
      formatVersion: 1,
      source: plan.source,
      target: plan.target,
      strategy: plan.strategy,
      startedAt: new Date().toISOString(),
      previousModes: { ...plan.previousModes },
    };
    mkdirSync(dirname(path), { recursive: true });
    const j = new Journal(path, header, false);
    j.append(header);
    return j;
  }

  record(entry: JournalEntry): void {
    this.done.set(entry.key, entry);
    this.append(entry);
  }

  /** Contexts whose mode must be restored, and to what: the plan's and any earlier run's. */
  get previousModes(): Record<string, string | null> {
    return this.header.previousModes;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  /** A finished migration leaves no state behind: a re-run plans afresh (and finds nothing to do). */
  remove(): void {
    this.close();
    rmSync(this.path, { force: true });
  }

  private append(line: unknown): void {
    this.fd ??= openSync(this.path, 'a');
    writeSync(this.fd, `${JSON.stringify(line)}\n`);
  }
}

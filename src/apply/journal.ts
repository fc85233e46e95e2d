// The state file of a running apply: a header line, then one line per completed step, appended as each finishes
// so a killed run loses at most the requests in flight (which the registry answers idempotently on a re-run).
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
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
   * The target's modes before a run of this migration put them into IMPORT (also in `import` lines, as each is
   * entered): a resumed run must restore these, not the IMPORT it finds.
   */
  previousModes: Record<string, string | null>;
}

/** A context this migration put into IMPORT mode, and the mode it found there: written before the mode is set. */
interface ImportEntry {
  import: string;
  previous: string | null;
}

export interface JournalEntry {
  key: string;
  id?: number;
  version?: number;
}

export class Journal {
  readonly done = new Map<string, JournalEntry>();
  private fd: number | null = null;

  private lock: StateLock | undefined;

  private constructor(
    readonly path: string,
    readonly header: JournalHeader,
    readonly resumed: boolean,
  ) {}

  /**
   * Reads the state of an interrupted run of the same migration, or starts a new one; held by this run alone until
   * released (a lock file beside it), so a second apply with the same state file refuses before it writes.
   */
  static open(path: string, plan: Plan, held?: StateLock): Journal {
    const lock = held ?? StateLock.acquire(path);
    try {
      const j = Journal.read(path, plan);
      j.lock = lock;
      return j;
    } catch (err) {
      lock.release();
      throw err;
    }
  }

  private static read(path: string, plan: Plan): Journal {
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
          const e = JSON.parse(line) as JournalEntry | ImportEntry;
          if ('import' in e && typeof e.import === 'string') {
            if (!(e.import in header.previousModes)) header.previousModes[e.import] = e.previous ?? null;
          } else if ('key' in e && typeof e.key === 'string') j.done.set(e.key, e);
        } catch {
          /* torn last line */
        }
      }
      return j;
    }
    const header: JournalHeader = {
      kind: 'sr-parity-apply-state',
      formatVersion: 1,
      source: plan.source,
      target: plan.target,
      strategy: plan.strategy,
      startedAt: new Date().toISOString(),
      previousModes: {},
    };
    const j = new Journal(path, header, false);
    j.append(header);
    return j;
  }

  record(entry: JournalEntry): void {
    this.done.set(entry.key, entry);
    this.append(entry);
  }

  /**
   * Records, before the mode is set, that this migration puts a context into IMPORT and what it found there; a
   * context already recorded (by an earlier run) keeps the mode that run found.
   */
  enterImport(context: string, previous: string | null): void {
    if (context in this.header.previousModes) return;
    this.header.previousModes[context] = previous;
    this.append({ import: context, previous } satisfies ImportEntry);
  }

  /** Contexts this migration put into IMPORT (this run or an earlier one), and the modes to restore there. */
  get previousModes(): Record<string, string | null> {
    return this.header.previousModes;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  /** Lets another run take the state file (this one stopped, its state kept for the re-run). */
  release(): void {
    this.close();
    this.lock?.release();
  }

  /** A finished migration leaves no state behind: a re-run plans afresh (and finds nothing to do). */
  remove(): void {
    this.close();
    rmSync(this.path, { force: true });
    this.lock?.release();
  }

  private append(line: unknown): void {
    this.fd ??= openSync(this.path, 'a');
    writeSync(this.fd, `${JSON.stringify(line)}\n`);
  }
}

interface LockOwner {
  pid: number;
  host: string;
  since: string;
  token: string;
}

/**
 * `<state>.lock`, created exclusively: one apply at a time per state file, taken before the plan is made, so a
 * second apply with the same state file refuses before it reads or writes anything, naming the first. A lock whose
 * process is gone (on this host) was left by a killed run and is taken over.
 */
export class StateLock {
  private constructor(
    private readonly file: string,
    private readonly token: string,
  ) {}

  static acquire(path: string): StateLock {
    mkdirSync(dirname(path), { recursive: true });
    const file = `${path}.lock`;
    const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), token: randomUUID() };
    for (let attempt = 0; ; attempt++) {
      try {
        const fd = openSync(file, 'wx');
        writeSync(fd, JSON.stringify(me));
        closeSync(fd);
        return new StateLock(file, me.token);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const owner = readOwner(file);
      if (attempt === 0 && owner && owner.host === me.host && !alive(owner.pid)) {
        rmSync(file, { force: true }); // a killed run's
        continue;
      }
      const who = owner ? `process ${owner.pid} on ${owner.host}, since ${owner.since}` : 'another process';
      throw new ApplyError(
        `another apply is running with the state file ${path} (${who}; its lock: ${file}); wait for it to ` +
          'finish (a second copy into the same target converges on a re-run), or remove the lock if that process ' +
          'is gone',
      );
    }
  }

  /** Removes the lock if it is still this one's. */
  release(): void {
    if (readOwner(this.file)?.token === this.token) rmSync(this.file, { force: true });
  }
}

function readOwner(file: string): LockOwner | null {
  try {
    const o = JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
    return Number.isSafeInteger(o.pid) && typeof o.host === 'string' ? o : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// The apply state file is one run's at a time: a second apply with the same state file refuses before writing,
// naming the first; a lock left by a killed run is taken over; a stopped run's state stays for the re-run.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Journal } from '../../src/apply/journal.js';
import type { Plan } from '../../src/model/plan.js';

const plan = { source: 's', target: 't', strategy: 'preserve', previousModes: {} } as unknown as Plan;
const stateFile = () => join(mkdtempSync(join(tmpdir(), 'sr-journal-')), 'state.jsonl');

describe('the apply state file', () => {
  it('is held by one run: a second open refuses, naming the first; released, it opens again', () => {
    const state = stateFile();
    const first = Journal.open(state, plan);
    expect(JSON.parse(readFileSync(`${state}.lock`, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    expect(() => Journal.open(state, plan)).toThrow(
      new RegExp(`^another apply is running with the state file ${state} \\(process ${process.pid} on `),
    );
    first.record({ key: 'register a v1', id: 1 });
    first.release();
    expect(existsSync(`${state}.lock`)).toBe(false);
    const second = Journal.open(state, plan);
    expect([second.resumed, [...second.done.keys()]]).toEqual([true, ['register a v1']]);
    second.remove();
    expect([existsSync(state), existsSync(`${state}.lock`)]).toEqual([false, false]);
  });

  it('takes over the lock of a run that was killed (its process is gone)', () => {
    const state = stateFile();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const lock = { pid: Number(gone.stdout), host: hostname(), since: '2026-01-01T00:00:00Z' };
    writeFileSync(`${state}.lock`, JSON.stringify(lock));
    const j = Journal.open(state, plan);
    expect(JSON.parse(readFileSync(`${state}.lock`, 'utf8')).pid).toBe(process.pid);
    j.release();
  });

  it('keeps the modes each context was found in, from the run that entered IMPORT, across re-runs', () => {
    const state = stateFile();
    const first = Journal.open(state, plan);
    first.enterImport('.', 'READWRITE');
    first.release();
    const second = Journal.open(state, plan);
    second.enterImport('.', 'IMPORT'); // what the re-run finds: the first run's IMPORT
    expect(second.previousModes).toEqual({ '.': 'READWRITE' });
    second.release();
  });
});

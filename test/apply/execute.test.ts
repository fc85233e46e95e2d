// The apply executor against an in-process registry that fails on demand (503s, a dying server, ids not honoured):
// what is written, what the state file records, and that IMPORT mode is always lifted again.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fromSnapshot, type SnapshotFile } from '../../src/sources/files/native.js';
import { planApply } from '../../src/apply/plan/index.js';
import type { Plan } from '../../src/model/plan.js';
import { executePlan } from '../../src/apply/execute.js';
import { Journal } from '../../src/apply/journal.js';
import { HttpClient } from '../../src/sources/rest/http.js';
import { fakeRegistry, json, readBody, type FakeRegistry } from '../helpers/fake-registry.js';
import { COMPARE_FIXTURES } from '../helpers/fixtures.js';

const snap = JSON.parse(readFileSync(join(COMPARE_FIXTURES, 'identical', 'source.json'), 'utf8')) as SnapshotFile;
const empty: SnapshotFile = { ...snap, subjects: [], contexts: ['.'], contextSettings: {} };

interface Behaviour {
  /** Status for the n-th registration (1-based), or undefined to register. */
  failPost?: (n: number) => number | undefined;
  idOffset?: number;
  honourImport?: boolean;
}

/** A registry that keeps modes and answers registrations with the id it was sent (or not, on demand). */
async function writable(b: Behaviour = {}): Promise<FakeRegistry & { modes: Map<string, string>; writes: string[] }> {
  const modes = new Map<string, string>([['', 'READWRITE']]);
  const writes: string[] = [];
  let posts = 0;
  const modeRoute = async (req: IncomingMessage, res: ServerResponse) => {
    const at = (req.url ?? '').split('?')[0]!.replace(/^\/mode\/?/, '');
    if (req.method === 'GET')
      return modes.has(at) ? json(res, 200, { mode: modes.get(at) }) : json(res, 404, { error_code: 40409 });
    const body = req.method === 'PUT' ? (JSON.parse(await readBody(req)) as { mode: string }) : null;
    writes.push(`${req.method} /mode/${at} ${body?.mode ?? ''}`.trim());
    if (body) modes.set(at, body.mode === 'IMPORT' && b.honourImport === false ? 'READWRITE' : body.mode);
    else modes.delete(at);
    json(res, 200, body ?? {});
  };
  const fake = await fakeRegistry({
    '/mode': modeRoute,
    '*': async (req, res) => {
      const path = (req.url ?? '').split('?')[0]!;
      if (path.startsWith('/mode/')) return modeRoute(req, res);
      if (req.method === 'POST' && path.endsWith('/versions')) {
        const body = JSON.parse(await readBody(req)) as { id?: number; version?: number };
        const status = b.failPost?.(++posts);
        if (status) return json(res, status, { error_code: status * 100, message: 'unavailable' });
        writes.push(`POST ${path} id=${body.id} v=${body.version}`);
        return json(res, 200, { id: (body.id ?? 1000 + posts) + (b.idOffset ?? 0) });
      }
      writes.push(`${req.method} ${path}`);
      json(res, 200, {});
    },
  });
  return Object.assign(fake, { modes, writes });
}

let fake: Awaited<ReturnType<typeof writable>> | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(b: Behaviour) {
  fake = await writable(b);
  const plan = planApply(fromSnapshot(snap, 'source.json'), fromSnapshot(empty, fake.url), {
    strategy: 'preserve',
    includeDeleted: false,
    allowNonEmpty: false,
    mapping: {},
  });
  return { plan, state: join(mkdtempSync(join(tmpdir(), 'sr-apply-')), 'state.jsonl') };
}

async function exec({ plan, state }: { plan: Plan; state: string }, concurrency = 4) {
  const journal = Journal.open(state, plan);
  const http = new HttpClient({ url: fake!.url, retries: 2, backoffMs: 1 });
  try {
    return await executePlan({ http, plan, journal, concurrency });
  } finally {
    journal.release();
    await http.close();
  }
}

async function run(b: Behaviour, concurrency = 4) {
  const s = await start(b);
  return { result: await exec(s, concurrency), ...s };
}

const stateLines = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { key?: string; kind?: string; import?: string; previous?: string | null });

describe('apply executor', () => {
  it(
    'puts the target into IMPORT mode, registers with ids and versions, restores the mode, ' + 'and records every step',
    async () => {
      const { result, state } = await run({});
      expect(result.stopped).toBeUndefined();
      expect(result).toMatchObject({ total: 9, done: 9, written: 9 });
      expect(fake!.writes[0]).toBe('PUT /mode/ IMPORT');
      expect(fake!.writes[1]).toBe('PUT /mode/:.eu: IMPORT');
      expect(fake!.writes).toContain('POST /subjects/orders-value/versions id=2 v=2');
      expect(fake!.writes).toContain('POST /subjects/:.eu:orders-value/versions id=1 v=1');
      expect(fake!.writes.slice(-2)).toEqual(['PUT /mode/ READWRITE', 'DELETE /mode/:.eu:']);
      expect(fake!.modes).toEqual(new Map([['', 'READWRITE']]));
      // header, the modes found where IMPORT was entered (written before entering it), 9 steps
      expect(stateLines(state)).toHaveLength(12);
      expect(stateLines(state).slice(1, 3)).toEqual([
        { import: '.', previous: 'READWRITE' },
        { import: '.eu', previous: null },
      ]);
      expect(result.idMap).toContainEqual({ context: '.', source: 4, target: 4 });
    },
  );

  it('retries a registration the target answers with 503, and finishes', async () => {
    const { result } = await run({ failPost: (n) => (n === 1 ? 503 : undefined) }, 1);
    expect(result.stopped).toBeUndefined();
    expect(result.done).toBe(9);
    expect(fake!.requests.filter((r) => r.method === 'POST').length).toBe(9);
  });

  it(
    'stops at the first failing step, keeps what was done in the state file, and still lifts ' + 'IMPORT mode',
    async () => {
      const { result, state } = await run({ failPost: (n) => (n >= 4 ? 500 : undefined) }, 1);
      expect(result.stopped).toMatchObject({ reason: 'failed', step: 'register events-value v1' });
      expect((result.stopped as { error: string }).error).toMatch(/HTTP 500/);
      expect(result.done).toBe(3);
      expect(stateLines(state).flatMap((l) => l.key ?? [])).toEqual([
        'register :.eu:orders-value v1',
        'register address v1',
        'register common-proto v1',
      ]);
      expect(fake!.modes.get('')).toBe('READWRITE');
      expect(fake!.modes.has(':.eu:')).toBe(false);
    },
  );

  it('resumed with the same state file, writes only the steps not yet done', async () => {
    const behaviour: Behaviour = { failPost: (n) => (n >= 4 ? 500 : undefined) };
    const first = await run(behaviour, 1);
    expect(first.result.done).toBe(3);
    delete behaviour.failPost;
    fake!.writes.length = 0;
    const second = await exec(first);
    expect(second).toMatchObject({ done: 9, written: 6 });
    expect(fake!.writes.filter((w) => w.startsWith('POST'))).toHaveLength(5); // and the subject config
    expect(fake!.writes.some((w) => w.includes('address/versions'))).toBe(false);
    expect(second.idMap).toHaveLength(8);
  });

  it('fails when the target assigns other ids than the ones sent (IMPORT not honoured)', async () => {
    const { result } = await run({ idOffset: 100 }, 1);
    expect(result.stopped).toMatchObject({ reason: 'failed', step: 'register :.eu:orders-value v1' });
    expect((result.stopped as { error: string }).error).toBe(
      ':.eu:orders-value v1: the target assigned id 101 instead of 1, so it does not honour IMPORT mode; use ' +
        '--ids not-preserved',
    );
    expect(fake!.modes.get('')).toBe('READWRITE');
  });

  it('leaves a mode already IMPORT alone unless this migration put it there (another apply, an exporter)', async () => {
    const s = await start({});
    fake!.modes.set('', 'IMPORT'); // someone else's IMPORT
    const result = await exec(s);
    expect(result).toMatchObject({ done: 9, written: 9 });
    expect(fake!.writes.filter((w) => w.includes('/mode/ '))).toEqual([]); // neither entered nor restored
    expect(fake!.modes.get('')).toBe('IMPORT');
    expect(fake!.modes.has(':.eu:')).toBe(false); // what it entered itself, it restored
  });

  it('restores only a mode still IMPORT: one changed meanwhile (another apply finished first) is kept', async () => {
    const behaviour: Behaviour = {
      failPost: (n) => {
        if (n === 4) fake!.modes.set('', 'READONLY'); // changed by someone else during the copy
        return n >= 4 ? 500 : undefined;
      },
    };
    const { result } = await run(behaviour, 1);
    expect(result.stopped).toMatchObject({ reason: 'failed' });
    expect(fake!.modes.get('')).toBe('READONLY');
    expect(fake!.modes.has(':.eu:')).toBe(false);
  });

  it('refuses to register when the target does not report IMPORT mode after being asked for it', async () => {
    await expect(run({ honourImport: false })).rejects.toThrow(
      'the target accepted PUT /mode IMPORT but reports mode READWRITE, so it cannot keep the ' +
        "source's ids; use --ids not-preserved",
    );
    expect(fake!.writes.filter((w) => w.startsWith('POST'))).toEqual([]);
    expect(fake!.modes.get('')).toBe('READWRITE');
  });
});

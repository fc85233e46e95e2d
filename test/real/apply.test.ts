// `sr-parity apply` against real registries: AxonOps -> AxonOps keeping ids (IMPORT mode), AxonOps -> Apicurio 3.x
// ccompat with new ids and an id map, refusals that write nothing, and runs killed or interrupted part-way.
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { snapshotOf } from '../helpers/fixtures.js';
import { RegistryWriter } from '../helpers/seed.js';
import { BIN, ROOT, runInProcess as runCli } from '../helpers/cli.js';
import type { SnapshotFile } from '../../src/sources/files/native.js';
import type { RunResult } from '../../src/engine/types.js';
import type { IdMapFile } from '../../src/model/id-map.js';
import { where } from '../../src/report/common.js';

const { axonopsSource, axonopsTarget, apicurio3 } = inject('registries');
const ccompatUrl = `${apicurio3}/apis/ccompat/v7`;
const source = new RegistryWriter(axonopsSource);
const target = new RegistryWriter(axonopsTarget);
const ccompat = new RegistryWriter(ccompatUrl);
const fixture = snapshotOf;
const tmp = () => mkdtempSync(join(tmpdir(), 'sr-apply-'));

async function findings(args: string[]): Promise<{ code: number; findings: string[] }> {
  const r = await runCli(['compare', ...args, '--format', 'json']);
  expect(r.stderr.split('\n').filter((l) => l.startsWith('sr-parity:'))).toEqual([]);
  const run = JSON.parse(r.stdout) as RunResult;
  return {
    code: r.code,
    findings: run.outcomes.flatMap((o) =>
      o.findings.filter((f) => f.severity === 'error').map((f) => `${f.id} ${where(f)}`),
    ),
  };
}

/** The registry's whole state, to prove a command wrote nothing. */
async function capture(url: string, dir: string, name: string): Promise<string> {
  const file = join(dir, `${name}.json`);
  const r = await runCli(['snapshot', url, '-o', file, '-q']);
  expect(r.code).toBe(0);
  return file;
}

async function unchangedSince(before: string, url: string): Promise<void> {
  const r = await findings([before, url]);
  expect(r.findings).toEqual([]);
  expect(r.code).toBe(0);
}

function synthetic(dir: string, subjects: number, versions: number): Promise<string> {
  return import(join(ROOT, 'scripts', 'bench', 'synthetic.mjs')).then(
    (m: { syntheticSnapshot: (s: number, v: number) => SnapshotFile }) => {
      const file = join(dir, 'synthetic.json');
      writeFileSync(file, JSON.stringify(m.syntheticSnapshot(subjects, versions)));
      return file;
    },
  );
}

beforeEach(async () => {
  await Promise.all([source.reset(), target.reset()]);
});

describe('apply AxonOps -> AxonOps, ids preserved', () => {
  it('prints a plan and writes nothing without --yes', async () => {
    const dir = tmp();
    await source.seedSnapshot(fixture('identical', 'source'));
    const before = await capture(axonopsTarget, dir, 'before');
    const r = await runCli([
      'apply',
      axonopsSource,
      axonopsTarget,
      '--state',
      join(dir, 'state'),
      '--plan-out',
      join(dir, 'plan.json'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('strategy: ids preserved (IMPORT mode on ., .eu); soft-deleted versions copied');
    expect(r.stdout).toContain('customer-value: register v1 (id 5)');
    expect(r.stderr).toContain('Dry run: nothing was written.');
    expect(existsSync(join(dir, 'state'))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8'))).toMatchObject({
      kind: 'sr-parity-apply-plan',
      strategy: 'preserve',
    });
    await unchangedSince(before, axonopsTarget);
  });

  it(
    'copies everything with --yes (soft-deleted history, references, contexts, configs), compares clean, and a ' +
      're-run writes nothing',
    async () => {
      const dir = tmp();
      await source.seedSnapshot(fixture('identical', 'source'));
      const r = await runCli([
        'apply',
        '--url',
        axonopsSource,
        '--target-url',
        axonopsTarget,
        '--include-deleted',
        '--yes',
        '--state',
        join(dir, 'state'),
        '--format',
        'json',
      ]);
      expect(r.stderr).toMatch(/applied: 13 step\(s\) written, 13 in the plan, \d+ requests/);
      expect(r.code).toBe(0);
      expect((JSON.parse(r.stdout) as RunResult).outcomes.every((o) => o.status === 'passed')).toBe(true);
      expect(existsSync(join(dir, 'state'))).toBe(false);
      expect(await findings([axonopsSource, axonopsTarget])).toEqual({ code: 0, findings: [] });

      const log = join(ROOT, '.registries', 'logs', 'axonops-target.log');
      const writesSoFar = () =>
        readFileSync(log, 'utf8')
          .split('\n')
          .filter((l) => l.includes('"msg":"request"') && !l.includes('"method":"GET"')).length;
      const before = writesSoFar();
      const again = await runCli([
        'apply',
        axonopsSource,
        axonopsTarget,
        '--include-deleted',
        '--yes',
        '--state',
        join(dir, 'state'),
      ]);
      expect(again.code).toBe(0);
      expect(again.stderr).toMatch(/applied: 0 step\(s\) written, 0 in the plan, 0 requests/);
      expect(writesSoFar()).toBe(before);
    },
  );

  it('executes exactly a saved plan (apply --plan FILE --yes), with its filter', async () => {
    const dir = tmp();
    await source.seedSnapshot(fixture('identical', 'source'));
    const plan = join(dir, 'plan.json');
    const dry = await runCli([
      'apply',
      axonopsSource,
      axonopsTarget,
      '--context',
      '.',
      '--plan-out',
      plan,
      '--state',
      join(dir, 'state'),
    ]);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain(
      `Dry run: nothing was written. Run again with --yes to apply, or apply --plan ${plan} --yes.`,
    );
    const r = await runCli([
      'apply',
      '--plan',
      plan,
      '--url',
      axonopsSource,
      '--yes',
      '--state',
      join(dir, 'state'),
      '-q',
    ]);
    expect(r.code).toBe(0);
    expect(await findings([axonopsSource, axonopsTarget, '--context', '.', '--deleted', 'ignore'])).toEqual({
      code: 0,
      findings: [],
    });
    expect((await target.call<string[] | null>('GET', '/contexts/.eu/subjects', undefined, [404])) ?? []).toEqual([]);
  });

  it('renames subjects into another context and re-verifies the mapped copy', async () => {
    const dir = tmp();
    await source.seedSnapshot(fixture('identical', 'source'));
    const r = await runCli([
      'apply',
      axonopsSource,
      axonopsTarget,
      '--context',
      '.',
      '--rename',
      '^(.*)-value$=>$1',
      '--target-context',
      '.migrated',
      '--yes',
      '--state',
      join(dir, 'state'),
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const run = JSON.parse(r.stdout) as RunResult;
    expect(run.outcomes.flatMap((o) => o.findings.filter((f) => f.severity === 'error'))).toEqual([]);
    // nothing in the default context
    expect(await target.call<string[] | null>('GET', '/subjects?deleted=true')).toBeNull();
    expect(((await target.call<string[]>('GET', '/contexts/.migrated/subjects')) ?? []).sort()).toEqual([
      'address',
      'common-proto',
      'customer',
      'events',
      'orders',
      'users-proto',
    ]);
    const customer = await target.call<{ id: number; references: { subject: string }[] }>(
      'GET',
      '/subjects/:.migrated:customer/versions/1',
    );
    expect(customer).toMatchObject({ id: 5, references: [{ subject: 'address' }] }); // relative to its own context
  });

  it('with --ids new copies soft-deleted history and references by content, and the id map checks out', async () => {
    const dir = tmp();
    await source.seedSnapshot(fixture('identical', 'source'));
    // so the target's ids differ from the source's
    await target.register('taken', JSON.stringify({ type: 'record', name: 'Taken', fields: [] }));
    const map = join(dir, 'ids.json');
    const r = await runCli([
      'apply',
      axonopsSource,
      axonopsTarget,
      '--ids',
      'new',
      '--include-deleted',
      '--allow-non-empty',
      '--exclude',
      'taken',
      '--yes',
      '--id-map-out',
      map,
      '--state',
      join(dir, 'state'),
      '-q',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const ids = (JSON.parse(readFileSync(map, 'utf8')) as IdMapFile).entries;
    expect(ids.find((e) => e.context === '.' && e.source === 4)?.target).not.toBe(4);
    expect(
      await findings([axonopsSource, axonopsTarget, '--exclude', 'taken', '--ids', 'not-preserved', '--id-map', map]),
    ).toEqual({ code: 0, findings: [] });
    const customer = await target.call<{ references: { subject: string; version: number }[] }>(
      'GET',
      '/subjects/customer-value/versions/1',
    );
    expect(customer.references).toEqual([{ name: 'com.acme.Address', subject: 'address', version: 1 }]);
  });

  it('refuses a target whose subject holds other content, and writes nothing', async () => {
    const dir = tmp();
    await source.seedSnapshot(fixture('content-differs', 'source'));
    await target.seedSnapshot(fixture('content-differs', 'target'));
    const before = await capture(axonopsTarget, dir, 'before');
    const r = await runCli([
      'apply',
      axonopsSource,
      axonopsTarget,
      '--yes',
      '--allow-non-empty',
      '--state',
      join(dir, 'state'),
    ]);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain(
      '[subject-conflict] orders-value: target v2 holds other content than source v2; it is not written',
    );
    expect(r.stderr).toBe('sr-parity: apply refused: 1 problem(s) in the plan (listed above); nothing was written\n');
    await unchangedSince(before, axonopsTarget);
  });

  // Found by an operator: the plan said "nothing to do", then refused with "target v2 holds other content than v1".
  it('names a version deleted on the target below the ones it kept, and writes nothing', async () => {
    const dir = tmp();
    await source.seedSnapshot(fixture('identical', 'source'));
    await target.seedSnapshot(fixture('identical', 'source'));
    await target.call('DELETE', '/subjects/orders-value/versions/1');
    await target.call('DELETE', '/subjects/orders-value/versions/1?permanent=true');
    const before = await capture(axonopsTarget, dir, 'before');
    const r = await runCli(['apply', axonopsSource, axonopsTarget, '--yes', '--state', join(dir, 'state')]);
    expect(r.stdout).toContain(
      '[subject-conflict] orders-value: source v1 is missing on the target, which holds later versions (its v2 is ' +
        'source v2): was it deleted there?',
    );
    expect(r.stdout).not.toContain('nothing to do');
    expect(r.code).toBe(4);
    await unchangedSince(before, axonopsTarget);
  });

  it('refuses a reference cycle before writing anything', async () => {
    const dir = tmp();
    const snap = fixture('identical', 'source');
    snap.subjects.find((s) => s.name === 'address')!.versions[0]!.references = [
      { name: 'com.acme.Customer', subject: 'customer-value', version: 1 },
    ];
    writeFileSync(join(dir, 'cycle.json'), JSON.stringify(snap));
    const before = await capture(axonopsTarget, dir, 'before');
    const r = await runCli(['apply', join(dir, 'cycle.json'), axonopsTarget, '--yes', '--state', join(dir, 'state')]);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain('[reference-cycle] reference cycle: address v1 -> customer-value v1 -> address v1');
    await unchangedSince(before, axonopsTarget);
  });
});

describe('apply copies the DEK registry (client-side field encryption)', () => {
  const kek = { name: 'orders-kek', kmsType: 'local-kms', kmsKeyId: 'k1', kmsProps: { secret: 'kms-s3cret' } };
  const dek = (subject: string, material: string) => ({
    subject,
    algorithm: 'AES256_GCM',
    encryptedKeyMaterial: material,
  });
  const seedSource = async () => {
    await source.register('orders-value', '"string"');
    await source.register('users-value', '"string"');
    await source.call('POST', '/dek-registry/v1/keks', { ...kek, shared: false });
    await source.call('POST', '/dek-registry/v1/keks', { ...kek, name: 'old-kek', kmsProps: {}, shared: false });
    await source.call('POST', '/dek-registry/v1/keks/orders-kek/deks', dek('orders-value', 'QUFBQQ=='));
    await source.call('POST', '/dek-registry/v1/keks/orders-kek/deks', dek('users-value', 'QkJCQg=='));
    await source.call('DELETE', '/dek-registry/v1/keks/orders-kek/deks/users-value/versions/1');
    await source.call('DELETE', '/dek-registry/v1/keks/old-kek');
  };

  it('creates each KEK and DEK as the source holds it; KMS properties read live, never written down', async () => {
    await seedSource();
    const dir = tmp();
    const plan = join(dir, 'plan.json');
    const args = ['apply', axonopsSource, axonopsTarget, '--state', join(dir, 'state'), '--plan-out', plan];
    const dry = await runCli(args);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('DEK registry: 2 KEK(s) and 2 DEK(s) to create');
    expect(dry.stdout).toContain(
      '(KEK orders-kek): create (local-kms k1), DEK orders-value v1, DEK users-value v1 (soft-deleted)',
    );
    expect(readFileSync(plan, 'utf8')).not.toContain('kms-s3cret');
    const r = await runCli([...args, '--yes']);
    expect([r.code, r.stderr.split('\n').filter((l) => l.startsWith('sr-parity:'))]).toEqual([0, []]);
    expect(r.stdout + r.stderr).not.toContain('kms-s3cret');
    expect(await findings([axonopsSource, axonopsTarget])).toEqual({ code: 0, findings: [] });
    const copied = await target.call<{ kmsProps: Record<string, string> }>('GET', '/dek-registry/v1/keks/orders-kek');
    expect(copied.kmsProps).toEqual({ secret: 'kms-s3cret' });
  });

  it('refuses, before writing, a target whose KEK or DEK of the same name differs', async () => {
    await seedSource();
    await target.call('POST', '/dek-registry/v1/keks', { ...kek, kmsKeyId: 'another', shared: false });
    const dir = tmp();
    const before = await capture(axonopsTarget, dir, 'before');
    const r = await runCli(['apply', axonopsSource, axonopsTarget, '--yes', '--state', join(dir, 'state')]);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain(
      '[dek-registry] KEK orders-kek is on the target with another KMS key id: apply does not change it',
    );
    await unchangedSince(before, axonopsTarget);
  });
});

describe('apply finds every conflict the target would raise before its first write', () => {
  // Found by a user: contexts . and .eu merged into one target context gave two schemas id 1; the target refused
  // step 7 of 13 (42205) and was left half-written.
  it(
    'refuses a --target-context that would give one id to two schemas (ids are per context), ' + 'writing nothing',
    async () => {
      const dir = tmp();
      await Promise.all([source.reset(), target.reset()]);
      const snap = fixture('identical', 'source');
      const eu = snap.subjects.find((s) => s.name === ':.eu:orders-value')!;
      eu.name = ':.eu:payments-value';
      eu.versions[0]!.schema = JSON.stringify({
        type: 'record',
        name: 'Payment',
        fields: [{ name: 'p', type: 'long' }],
      });
      await source.seedSnapshot(snap);
      const before = await capture(axonopsTarget, dir, 'before');
      const r = await runCli([
        'apply',
        axonopsSource,
        axonopsTarget,
        '--target-context',
        '.to-new',
        '--yes',
        '--state',
        join(dir, 'state'),
      ]);
      expect(r.stdout).toContain(
        '[id-collision] :.to-new:orders-value v1 and :.to-new:payments-value v1 would both be id 1 in context .to-new',
      );
      expect(r.code).toBe(4);
      await unchangedSince(before, axonopsTarget);
      const fresh = await runCli([
        'apply',
        axonopsSource,
        axonopsTarget,
        '--target-context',
        '.to-new',
        '--ids',
        'new',
        '--yes',
        '--state',
        join(dir, 'state2'),
        '-q',
      ]);
      expect(fresh.code).toBe(0);
    },
  );
});

describe("apply into a shared target (--allow-non-empty) keeps the target's own settings", () => {
  // Found by an operator: the target's global FULL_TRANSITIVE was replaced by the source's BACKWARD, and the closing
  // check said OK, after a refusal that said "nothing is overwritten".
  it("refuses to change its global compatibility; --overwrite-settings takes the source's", async () => {
    const dir = tmp();
    await source.seedSnapshot(fixture('subject-extra', 'source'));
    await target.seedSnapshot(fixture('subject-extra', 'target'));
    await target.setConfig(null, 'FULL_TRANSITIVE');
    const before = await capture(axonopsTarget, dir, 'before');
    const args = ['apply', axonopsSource, axonopsTarget, '--allow-non-empty', '--yes', '--state', join(dir, 'state')];
    const r = await runCli(args);
    expect(r.stdout).toContain(
      '[setting-conflict] the global config is {"compatibility":"FULL_TRANSITIVE"} on the target, ' +
        '{"compatibility":"BACKWARD"} on the source',
    );
    expect(r.code).toBe(4);
    await unchangedSince(before, axonopsTarget);
    expect(await target.call('GET', '/config')).toEqual({ compatibilityLevel: 'FULL_TRANSITIVE' });

    const overwriting = await runCli([...args, '--overwrite-settings', '-q']);
    expect([overwriting.code, overwriting.stderr]).toEqual([0, '']);
    expect(await target.call('GET', '/config')).toEqual({ compatibilityLevel: 'BACKWARD' });
  });
});

describe('apply killed or interrupted part-way', () => {
  /** Starts apply and stops it (signal) once its state file records `after` steps. */
  function applyUntil(
    args: string[],
    state: string,
    after: number,
    signal: NodeJS.Signals,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; recorded: number }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.stdout.resume();
      let recorded = 0;
      const poll = setInterval(() => {
        recorded = existsSync(state) ? readFileSync(state, 'utf8').split('\n').length - 2 : 0;
        if (recorded >= after) {
          clearInterval(poll);
          child.kill(signal);
        }
      }, 2);
      child.on('exit', (code, sig) => {
        clearInterval(poll);
        resolve({ code, signal: sig, stderr, recorded });
      });
    });
  }

  it('killed with SIGKILL, a re-run finishes: every version once, ids kept, IMPORT mode lifted', async () => {
    const dir = tmp();
    const src = await synthetic(dir, 120, 5);
    const state = join(dir, 'state.jsonl');
    const args = [
      'apply',
      src,
      axonopsTarget,
      '--include-deleted',
      '--yes',
      '--state',
      state,
      '--concurrency',
      '1',
      '--no-verify',
      '-q',
    ];
    const killed = await applyUntil(args, state, 40, 'SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    const modeAfterKill = await target.call<{ mode: string }>('GET', '/mode');
    expect(modeAfterKill.mode).toBe('IMPORT'); // what a killed run leaves; the state file knows it was READWRITE

    const resumed = await runCli(args.filter((a) => a !== '-q'));
    expect(resumed.stderr).toMatch(/resuming from .*state\.jsonl: \d+ step\(s\) done earlier/);
    expect(resumed.code).toBe(0);
    expect(existsSync(state)).toBe(false);
    expect(await findings([src, axonopsTarget])).toEqual({ code: 0, findings: [] });
    expect((await target.call<{ mode: string }>('GET', '/mode')).mode).toBe('READWRITE');
  });

  it('Ctrl-C finishes the request in flight, lifts IMPORT mode, saves state (exit 4); a re-run finishes', async () => {
    const dir = tmp();
    const src = await synthetic(dir, 120, 5);
    const state = join(dir, 'state.jsonl');
    const args = ['apply', src, axonopsTarget, '--yes', '--state', state, '--concurrency', '1', '--no-verify'];
    const stopped = await applyUntil(args, state, 30, 'SIGINT');
    expect(stopped.code).toBe(4);
    expect(stopped.stderr).toMatch(
      new RegExp(
        `sr-parity: apply interrupted; \\d+ of \\d+ steps done; state saved in ${state.replace(/[.]/g, '\\.')}: ` +
          'run the same command again to continue',
      ),
    );
    expect((await target.call<{ mode: string }>('GET', '/mode')).mode).toBe('READWRITE');
    const lines = readFileSync(state, 'utf8').trim().split('\n').length - 1;
    expect(lines).toBeGreaterThanOrEqual(30);

    const resumed = await runCli(args);
    expect(resumed.code).toBe(0);
    expect(await findings([src, axonopsTarget, '--deleted', 'ignore'])).toEqual({ code: 0, findings: [] });
  });
});

describe('apply AxonOps -> Apicurio 3.x ccompat, new ids', () => {
  afterAll(() => ccompat.resetSubjects());

  it('writes an id map that compare --id-map accepts, and catches a planted mismatch', async () => {
    const dir = tmp();
    await ccompat.resetSubjects();
    await source.seedSnapshot(fixture('identical', 'source'));
    const map = join(dir, 'ids.json');
    // Apicurio 3.3.3's ccompat API answers 404 for every version of a soft-deleted subject, even with ?deleted=true:
    // soft-deleted history cannot be kept readable there, so this copy leaves it out, and the verification says so.
    const r = await runCli([
      'apply',
      axonopsSource,
      ccompatUrl,
      '--context',
      '.',
      '--no-include-deleted',
      '--yes',
      '--id-map-out',
      map,
      '--state',
      join(dir, 'state'),
      '--format',
      'json',
    ]);
    const verified = (JSON.parse(r.stdout) as RunResult).outcomes.flatMap((o) =>
      o.findings.map((f) => `${f.id} ${f.subject}`),
    );
    expect(verified.sort()).toEqual([
      'soft-deleted-subject-lost legacy-value',
      'soft-deleted-version-lost orders-value',
    ]);
    expect(r.stderr).toContain(
      'left out: 2 soft-deleted version(s) were not copied (--no-include-deleted); the verification reports them',
    );
    expect(r.code).toBe(1);
    const ids = JSON.parse(readFileSync(map, 'utf8')) as IdMapFile;
    expect(ids.entries.map((e) => e.source)).toEqual([1, 2, 4, 5, 6, 7, 8]);

    const ok = await findings([axonopsSource, ccompatUrl, '--context', '.', '--deleted', 'ignore', '--id-map', map]);
    expect(ok).toEqual({ code: 0, findings: [] });
    const planted = {
      ...ids,
      entries: ids.entries.map((e) => (e.source === 2 ? { ...e, target: e.target + 500 } : e)),
    };
    writeFileSync(map, JSON.stringify(planted));
    const bad = await findings([axonopsSource, ccompatUrl, '--context', '.', '--deleted', 'ignore', '--id-map', map]);
    expect(bad).toEqual({ code: 1, findings: ['id-map-mismatch orders-value v2'] });
  });

  // Found by an operator: "applied: 615 steps", then exit 3: the copied soft-deleted subjects could not be read
  // back, and every subject kept the temporary COMPATIBILITY NONE (its DELETE /config answered 200 and did nothing).
  it('refuses soft-deleted subjects it cannot serve; a copy without them keeps no temporary rule', async () => {
    const dir = tmp();
    await ccompat.resetSubjects();
    await ccompat.call('PUT', '/config', { compatibility: 'BACKWARD' }); // so each subject is written under NONE
    await source.seedSnapshot(fixture('identical', 'source'));
    const args = ['apply', axonopsSource, ccompatUrl, '--context', '.', '--yes', '--state', join(dir, 'state')];
    const refused = await runCli(args);
    expect(refused.stdout).toContain(
      "[target-cannot-keep] 1 soft-deleted subject(s) (legacy-value) cannot be kept by Apicurio's ccompat API",
    );
    expect(refused.code).toBe(4);
    expect(await ccompat.call<string[]>('GET', '/subjects?deleted=true')).toEqual([]);

    const map = join(dir, 'ids.json');
    const copied = await runCli([...args, '--no-include-deleted', '--id-map-out', map, '-q', '--no-verify']);
    expect([copied.code, copied.stderr]).toEqual([0, '']);
    // address inherits on the source: on the target it answers the global BACKWARD, not the temporary NONE
    expect(await ccompat.call('GET', '/config/address')).toEqual({ compatibilityLevel: 'BACKWARD' });
    const ok = await findings([axonopsSource, ccompatUrl, '--context', '.', '--deleted', 'ignore', '--id-map', map]);
    expect(ok).toEqual({ code: 0, findings: [] });
  });

  it('reads a soft-deleted subject Apicurio lists but does not serve as holding no version, with a note', async () => {
    const dir = tmp();
    await ccompat.resetSubjects();
    await ccompat.register('kept-value', '"string"');
    await ccompat.register('gone-value', '"long"');
    await ccompat.softDelete('gone-value');
    const r = await runCli(['snapshot', ccompatUrl, '-o', join(dir, 'snap.json')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      "1 soft-deleted subject(s) (gone-value) are listed by Apicurio's ccompat API, which serves none of their " +
        'versions',
    );
    const snap = JSON.parse(readFileSync(join(dir, 'snap.json'), 'utf8')) as SnapshotFile;
    const held = snap.subjects.map((s) => `${s.name}${s.deleted ? ' (soft-deleted)' : ''}: ${s.versions.length}`);
    expect(held).toEqual(['gone-value (soft-deleted): 0', 'kept-value: 1']);
  });

  it('refuses --ids preserve into Apicurio before writing', async () => {
    const dir = tmp();
    await ccompat.resetSubjects();
    await source.seedSnapshot(fixture('identical', 'source'));
    const r = await runCli([
      'apply',
      axonopsSource,
      ccompatUrl,
      '--context',
      '.',
      '--ids',
      'preserve',
      '--yes',
      '--state',
      join(dir, 'state'),
    ]);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain(
      "[no-import-mode] the target is Apicurio's ccompat API, which accepts IMPORT mode but assigns its own ids",
    );
    expect(await ccompat.call<string[]>('GET', '/subjects?deleted=true')).toEqual([]);
  });
});

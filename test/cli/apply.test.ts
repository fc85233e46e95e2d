// `sr-parity apply` as a process, against an in-process registry: the dry run, refusals, usage errors, and that no
// credential reaches stdout, stderr or a file. (Writing to real registries: test/real/apply.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { fakeRegistry, json, type FakeRegistry } from '../helpers/fake-registry.js';

const SOURCE = 'test/fixtures/compare/identical/source.json';
let dir: string;
let fake: FakeRegistry;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sr-parity-apply-'));
  fake = await fakeRegistry({
    '/subjects': (_q, r) => json(r, 200, ['someone-elses-value']),
    '/subjects/someone-elses-value/versions': (_q, r) => json(r, 200, [1]),
    '/subjects/someone-elses-value/versions/1': (_q, r) =>
      json(r, 200, { subject: 'someone-elses-value', version: 1, id: 1, schema: '"string"' }),
  });
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sr-parity apply (as a process)', () => {
  it('without --yes prints the plan, writes nothing and keeps credentials out of every output', async () => {
    const empty = await fakeRegistry({});
    try {
      const url = empty.url.replace('http://', 'http://ops:s3cret-url@');
      const plan = join(dir, 'plan.json');
      const r = await runCli(
        ['apply', SOURCE, url, '--target-password', 'ignored', '--plan-out', plan, '--state', join(dir, 'state')],
        { SR_TARGET_TOKEN: 's3cret-token' },
      );
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`apply plan: ${SOURCE} -> ${empty.url}`);
      expect(r.stdout).toContain(
        '10 version(s) to register, 2 to soft-delete, 1 config(s) and 0 mode(s) to set; 0 version(s) already on ' +
          'the target',
      );
      expect(r.stderr).toContain('Dry run: nothing was written.');
      for (const text of [r.stdout, r.stderr, readFileSync(plan, 'utf8')]) expect(text).not.toMatch(/s3cret/);
      expect(empty.requests.filter((q) => q.method !== 'GET')).toEqual([]);
      expect(existsSync(join(dir, 'state'))).toBe(false);
    } finally {
      await empty.close();
    }
  });

  it('exits 4 saying so when the target refuses IMPORT mode (PUT /mode answers 500)', async () => {
    const broken = await fakeRegistry({
      '/mode': (q, r) =>
        q.method === 'PUT' ? json(r, 500, { error_code: 50001, message: 'boom' }) : json(r, 200, { mode: 'READWRITE' }),
    });
    try {
      const r = await runCli(['apply', SOURCE, broken.url, '--yes', '--state', join(dir, 'broken.state'), '-q']);
      // the refusal itself, not the restore after it (the mode never left READWRITE, so nothing is put back)
      expect(r.stderr).toMatch(
        new RegExp(
          String.raw`^sr-parity: the target refused IMPORT mode \(PUT http://127\.0\.0\.1:\d+/mode\?force=true: ` +
            String.raw`HTTP 500 .*\), so it cannot keep the source's ids; use --ids not-preserved\n$`,
        ),
      );
      expect(broken.requests.filter((q) => q.method === 'PUT')).toHaveLength(1);
      expect(r.code).toBe(4);
      expect(broken.requests.filter((q) => q.method === 'POST')).toEqual([]); // nothing registered
    } finally {
      await broken.close();
    }
  });

  it('exits 4 when the plan has problems, even with --yes, and writes nothing', async () => {
    const r = await runCli(['apply', SOURCE, fake.url, '--yes', '--state', join(dir, 'state')]);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain(
      '[target-not-empty] the target holds 1 subject(s) the source does not: someone-elses-value',
    );
    expect(r.stdout).toContain(
      '[id-taken] orders-value v1: id 1 is taken on the target by other content (someone-elses-value v1)',
    );
    expect(r.stderr).toBe('sr-parity: apply refused: 2 problem(s) in the plan (listed above); nothing was written\n');
    expect(fake.requests.filter((q) => q.method !== 'GET')).toEqual([]);
    expect(existsSync(join(dir, 'state'))).toBe(false);
  });

  it('exits 2 for a target that is not a URL, a bad --rename and a file that is not a plan', async () => {
    const notUrl = await runCli(['apply', SOURCE, SOURCE]);
    expect(notUrl.code).toBe(2);
    expect(notUrl.stderr).toContain(`apply writes to a registry: the target must be an http(s) URL, not "${SOURCE}"`);
    const rename = await runCli(['apply', SOURCE, fake.url, '--rename', 'no-arrow']);
    expect(rename.code).toBe(2);
    expect(rename.stderr).toContain('--rename "no-arrow": expected "pattern=>replacement"');
    const plan = await runCli(['apply', '--plan', SOURCE, '--target-url', fake.url]);
    expect(plan.code).toBe(2);
    expect(plan.stderr).toContain(`${SOURCE}: not an sr-parity apply plan (write one with apply --plan-out)`);
  });
});

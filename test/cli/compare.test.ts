import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { spawnSync } from 'node:child_process';
import { BIN, ROOT, runCli, runInProcess } from '../helpers/cli.js';
import { colorWanted } from '../../src/cli/reports.js';
import { CATALOGUE } from '../../src/checks/catalogue.js';
import type { Finding } from '../../src/engine/result.js';
import { fakeRegistry, json, type FakeRegistry, type Route } from '../helpers/fake-registry.js';

const BY_ID = new Map(CATALOGUE.flatMap((c) => c.findings).map((f) => [f.id, f]));
const CONFIG_HINT = BY_ID.get('config-differs')!.hint;

const EX = ['fixtures/example/source.json', 'fixtures/example/target.json'];
/** A snapshot as the mutations below see it. */
type Snap = { subjects: { name: string; versions: Record<string, unknown>[] }[]; global: Record<string, unknown> };
const fx = (name: string) => [`test/fixtures/compare/${name}/source.json`, `test/fixtures/compare/${name}/target.json`];
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sr-parity-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Verdicts, reports and refusals run in-process (the parser, the readers and the engine are functions, and run()
// returns the exit code and writes the message main.ts would); a thin set runs the CLI as a process where the process
// itself is the point: its exit code and streams, the environment, pipes, signals and TTY behaviour.
describe('sr-parity compare', () => {
  it('exits 1 on the bundled example and names each drift', async () => {
    const r = await runInProcess(['compare', ...EX]);
    expect(r.code).toBe(1);
    for (const id of [
      'soft-deleted-version-lost',
      'version-semantic-differs',
      'config-differs',
      'target-left-in-import-mode',
    ])
      expect(r.stdout).toContain(id);
    expect(r.stdout).toContain('DRIFT: 5 errors, 1 warning, 0 info (fail on error)');
    expect(r.stdout).not.toContain('\u001b['); // no colour when stdout is not a TTY
    expect(r.stderr).toBe('');
  });

  it('exits 0 on identical registries', async () => {
    const r = await runInProcess(['compare', ...fx('identical')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('OK: no findings at or above error');
  });

  it('lets --fail-on info fail a run that only has formatting differences', async () => {
    expect((await runInProcess(['compare', ...fx('reformatted-equivalent')])).code).toBe(0);
    expect((await runInProcess(['compare', ...fx('reformatted-equivalent'), '--fail-on', 'info'])).code).toBe(1);
  });

  it('writes JUnit with a suite per check and passing cases listed', async () => {
    const file = join(dir, 'parity.xml');
    const r = await runInProcess(['compare', ...EX, '--junit', file, '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'testsuite' || n === 'testcase' }).parse(
      readFileSync(file, 'utf8'),
    );
    const suites = doc.testsuites.testsuite as {
      '@_name': string;
      '@_tests': string;
      '@_failures': string;
      testcase: { '@_name': string; failure?: unknown }[];
    }[];
    expect(suites.map((s) => s['@_name'])).toEqual([
      'subjects-equal',
      'versions-equal',
      'content-equal',
      'ids-equal',
      'config-equal',
      'modes-equal',
      'contexts-equal',
      'dek-registry-equal',
      'guids-equal',
      'sources-complete',
    ]);
    const versions = suites.find((s) => s['@_name'] === 'versions-equal')!;
    expect(versions['@_tests']).toBe('8');
    expect(versions['@_failures']).toBe('1');
    expect(versions.testcase.filter((c) => c.failure).map((c) => c['@_name'])).toEqual(['orders-value']);
    expect(doc.testsuites['@_failures']).toBe('5');
    expect(doc.testsuites['@_name']).toBe('sr-parity compare');
    // The failure's own text (what GitLab and Jenkins show) has the finding with both values.
    const config = suites.find((s) => s['@_name'] === 'config-equal')!;
    const failure = config.testcase.find((c) => c.failure)!.failure as Record<string, string>;
    expect(failure['@_message']).toBe(
      'orders-value: config {"compatibility":"FULL"} on the source, ' +
        '{"compatibility":"BACKWARD"} (inherited) on the target',
    );
    expect(failure['#text']).toBe(
      `[error] config-differs orders-value: ${failure['@_message']}\n` +
        '  source: {"compatibility":"FULL"}\n  target: {"compatibility":"BACKWARD"}\n' +
        `  hint: ${CONFIG_HINT}`,
    );
  });

  it('puts each JUnit failure on a case the check listed, context findings included', async () => {
    const file = join(dir, 'contexts.xml');
    await runInProcess(['compare', ...fx('context-config-differs'), '--junit', file, '--quiet']);
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'testsuite' || n === 'testcase' }).parse(
      readFileSync(file, 'utf8'),
    );
    const config = (
      doc.testsuites.testsuite as { '@_name': string; testcase: { '@_name': string; failure?: unknown }[] }[]
    ).find((s) => s['@_name'] === 'config-equal')!;
    expect(config.testcase.filter((c) => c.failure).map((c) => c['@_name'])).toEqual(['context .eu']);
    expect(config.testcase.map((c) => c['@_name']).filter((n) => n === 'context .eu' || n === '.eu')).toEqual([
      'context .eu',
    ]);
  });

  it('writes JSON and Markdown reports to --output', async () => {
    const out = join(dir, 'report.json');
    const r = await runInProcess(['compare', ...EX, '--format', 'json', '--all-findings', '--output', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const run = JSON.parse(readFileSync(out, 'utf8'));
    expect(run.outcomes.flatMap((o: { findings: { id: string }[] }) => o.findings.map((f) => f.id)).sort()).toEqual([
      'config-differs',
      'id-content-differs',
      'soft-deleted-version-lost',
      'target-left-in-import-mode',
      'version-semantic-differs',
      'version-spelling-differs',
    ]);
    const md = await runInProcess(['compare', ...EX, '--format', 'markdown']);
    expect(md.stdout).toContain('## versions-equal');
    expect(md.stdout).toContain(
      '| error | soft-deleted-version-lost | orders-value v3 | soft-deleted version 3 of orders-value is not on ' +
        `the target<br>hint: ${BY_ID.get('soft-deleted-version-lost')!.hint} |`,
    );
    // and in JSON, on every finding: its type's advice where nothing more exact was said
    for (const f of run.outcomes.flatMap((o: { findings: Finding[] }) => o.findings))
      expect(f.hint, f.id).toBe(BY_ID.get(f.id)!.hint);
  });

  it('writes an id map and verifies a migration against it', async () => {
    const map = join(dir, 'map.json');
    const first = await runInProcess([
      'compare',
      ...fx('ids-not-preserved'),
      '--ids',
      'not-preserved',
      '--write-id-map',
      map,
    ]);
    expect(first.code).toBe(0);
    const written = JSON.parse(readFileSync(map, 'utf8'));
    expect(written.entries).toContainEqual({ context: '.', source: 2, target: 102 });
    expect((await runInProcess(['compare', ...fx('ids-not-preserved'), '--id-map', map])).code).toBe(0);
    written.entries.find((e: { source: number; context: string }) => e.source === 2 && e.context === '.').target = 555;
    writeFileSync(map, JSON.stringify(written));
    const bad = await runInProcess([
      'compare',
      ...fx('ids-not-preserved'),
      '--id-map',
      map,
      '--format',
      'json',
      '--all-findings',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('the id map says source id 2 is target id 555, the target has 102');
  });

  it('filters subjects with --subject-prefix, --include and --exclude', async () => {
    const args = [...fx('subject-missing'), '--format', 'json', '--all-findings'];
    expect((await runInProcess(['compare', ...args, '--subject-prefix', 'orders'])).code).toBe(0);
    expect((await runInProcess(['compare', ...args, '--exclude', 'events-*'])).code).toBe(0);
    expect((await runInProcess(['compare', ...args, '--include', 'events-*'])).code).toBe(1);
  });
});

describe('bad input', () => {
  it('exits 2 with a usage line when no target is given', async () => {
    const r = await runCli(['compare', 'fixtures/example/source.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('compare needs a source and a target');
  });

  it('exits 2 on an unknown option, naming the option meant where one is close', async () => {
    const r = await runInProcess(['compare', ...EX, '--colour-me']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('sr-parity: Unknown argument: colour-me\nRun with --help for usage.\n');
    const typo = await runInProcess(['compare', EX[0]!, '--taget-url', EX[1]!, '--fial-on', 'info']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe(
      'sr-parity: Unknown arguments: taget-url, fial-on (did you mean --target-url, --fail-on?)\n' +
        'Run with --help for usage.\n',
    );
  });

  it(
    'refuses a numeric option that is not a whole number in range when it parses the command ' + 'line (exit 2)',
    async () => {
      for (const [args, message] of [
        [['--timeout', 'abc'], '--timeout must be a whole number of at least 1 (got something else)'],
        [['--timeout', '-5'], '--timeout must be a whole number of at least 1 (got -5)'],
        [['--retries', '1.5'], '--retries must be a whole number of at least 0 (got 1.5)'],
        [['--concurrency', '0'], '--concurrency must be a whole number of at least 1 (got 0)'],
      ] as const) {
        const r = await runInProcess(['compare', ...EX, ...args]);
        expect(r.stderr).toBe(`sr-parity: ${message}\nRun with --help for usage.\n`);
        expect(r.code).toBe(2);
      }
    },
  );

  it(
    'never repeats a secret it refuses: a header without a colon, a URL without its colon, a ' + '--set without =',
    async () => {
      const header = await runCli(['compare', ...EX, '--header', 'Authorization Bearer tok3n']);
      expect(header.stderr).toBe(
        'sr-parity: --header needs "Name: value" (one was given without a colon; its text is not shown)\nRun with ' +
          '--help for usage.\n',
      );
      expect(header.code).toBe(2);
      const url = await runCli(['compare', EX[0]!, 'http//user:s3cr3tPW@host']);
      expect(url.stderr).toBe(
        'sr-parity: cannot read the target, http//host: no such file (and not an http:// or https:// URL)\n',
      );
      expect(url.code).toBe(3);
      const set = await runCli(['verify', 'specs/cutover-gate.yaml', '--set', 'TOKEN:s3cr3t']);
      expect(set.stderr).not.toContain('s3cr3t');
      expect(set.code).toBe(2);
    },
  );

  it('reads a pipe (process substitution, gunzip -c ...) as it reads a file: snapshots and export ZIPs', () => {
    const run = (a: string, b: string) =>
      spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" compare <(cat ${a}) ${b} --format json`], {
        cwd: ROOT,
        encoding: 'utf8',
      });
    const snapshot = run(EX[0]!, EX[1]!);
    expect(snapshot.stderr).toBe('');
    expect(JSON.parse(snapshot.stdout).source.location).toMatch(/^\/dev\/fd\/\d+$/);
    expect(snapshot.status).toBe(1); // the example's drift, as from the file itself
    const zip = 'fixtures/apicurio-2-to-3/export-2.6.zip';
    expect(run(zip, zip).status).toBe(0);
    const cut = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" compare <(head -c 300 ${EX[0]}) ${EX[1]}`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(cut.stderr).toMatch(/^sr-parity: cannot read the source, \/dev\/fd\/\d+: not valid JSON/);
    expect(cut.status).toBe(3);
  });

  it('refuses a snapshot that would hide drift, naming the field (exit 3)', async () => {
    const base = () => JSON.parse(readFileSync(EX[0]!, 'utf8'));
    const cases: [string, (snap: Snap) => void, string][] = [
      [
        'twice',
        (s) => s.subjects.push(s.subjects[0]!),
        `subjects[${base().subjects.length}].name: subject "${base().subjects[0].name}" is listed twice`,
      ],
      [
        'deleted-string',
        (s) => (s.subjects[0]!.versions[0]!.deleted = 'false'),
        'subjects[0].versions[0].deleted: expected true or false',
      ],
      [
        'big-id',
        (s) => (s.subjects[0]!.versions[0]!.id = 2 ** 53 + 2),
        'subjects[0].versions[0].id: expected a whole number (at most 2^53)',
      ],
      [
        'null-reference',
        (s) => (s.subjects[0]!.versions[0]!.references = [null]),
        'subjects[0].versions[0].references[0]: expected {name, subject, version}',
      ],
      ['mode-number', (s) => (s.global.mode = 42), 'global.mode: expected a string or null'],
      [
        'version-twice',
        (s) => s.subjects[0]!.versions.push(s.subjects[0]!.versions[0]!),
        'subjects[0].versions: version 1 is listed twice',
      ],
    ];
    for (const [name, mutate, message] of cases) {
      const snap = base();
      mutate(snap);
      const file = join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify(snap));
      const r = await runInProcess(['compare', file, EX[1]!]);
      expect(r.stderr, name).toBe(`sr-parity: cannot read the source, ${file}: ${message}\n`);
      expect(r.code, name).toBe(3);
    }
  });

  it('exits 3 naming a missing file; writes no report but a JUnit file with the error', async () => {
    const out = join(dir, 'never.json');
    const r = await runCli(['compare', 'nope.json', EX[1]!, '--output', out, '--junit', `${out}.xml`]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      'sr-parity: cannot read the source, nope.json: no such file (and not an http:// or https:// URL)\n',
    );
    expect(existsSync(out)).toBe(false);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(`${out}.xml`, 'utf8'));
    expect(doc.testsuites.testsuite.testcase.error['@_message']).toBe(
      'cannot read the source, nope.json: no such file (and not an http:// or https:// URL)',
    );
    expect(doc.testsuites['@_errors']).toBe('1');
  });

  it('exits 3 naming the file and the broken field of a malformed snapshot', async () => {
    const broken = join(dir, 'broken.json');
    const snap = JSON.parse(readFileSync(EX[0]!, 'utf8'));
    snap.subjects[1].versions[0].id = 'four';
    writeFileSync(broken, JSON.stringify(snap));
    const r = await runInProcess(['compare', broken, EX[1]!]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `sr-parity: cannot read the source, ${broken}: subjects[1].versions[0].id: ` +
        'expected a whole number (at most 2^53)\n',
    );
    writeFileSync(broken, '{"formatVersion": 1, "subjects": [');
    expect((await runInProcess(['compare', broken, EX[1]!])).stderr).toMatch(
      new RegExp(`^sr-parity: cannot read the source, ${broken}: not valid JSON`),
    );
  });

  it(
    'streams its own snapshot files a subject per line, and names the line of a truncated or ' + 'corrupted one',
    async () => {
      const file = join(dir, 'streamed.json');
      expect((await runInProcess(['snapshot', EX[0]!, '-o', file, '-q'])).code).toBe(0);
      const lines = readFileSync(file, 'utf8').split('\n');
      expect(lines[0]).toMatch(/^\{"formatVersion":1,.*,"subjects":\[$/);
      expect(lines.at(-2)).toBe(']}');
      expect(JSON.parse(readFileSync(file, 'utf8')).subjects).toHaveLength(lines.length - 3);
      expect((await runInProcess(['compare', file, EX[0]!])).code).toBe(0);

      writeFileSync(file, lines.slice(0, 4).join('\n'));
      const truncated = await runInProcess(['compare', file, EX[1]!]);
      expect(truncated.code).toBe(3);
      expect(truncated.stderr).toBe(
        `sr-parity: cannot read the source, ${file}: line 5: the file ends before the closing "]}" (truncated?)\n`,
      );
      writeFileSync(file, [...lines.slice(0, 2), '{"name": "x", "versions": [', ...lines.slice(3)].join('\n'));
      const corrupted = await runInProcess(['compare', file, EX[1]!]);
      expect(corrupted.code).toBe(3);
      expect(corrupted.stderr).toMatch(
        new RegExp(`^sr-parity: cannot read the source, ${file}: line 3: not valid JSON`),
      );
    },
  );

  describe('against a registry that misbehaves', () => {
    let fake: FakeRegistry;
    beforeAll(async () => {
      fake = await fakeRegistry({
        '/subjects': (_q, r) => json(r, 500, { error_code: 50001, message: 'Error in the backend data store' }),
      });
    });
    afterAll(() => fake.close());

    it('exits 3 with the URL and status, credentials redacted', async () => {
      const url = fake.url.replace('http://', 'http://ops:hunter2@');
      const r = await runCli(['compare', url, EX[1]!, '--retries', '0']);
      expect(r.code).toBe(3);
      expect(r.stderr).toBe(
        `sr-parity: cannot read the source, GET ${fake.url}/subjects?deleted=true: ` +
          'HTTP 500 (error_code 50001: Error in the backend data store)\n',
      );
      expect(r.stderr + r.stdout).not.toContain('hunter2');
    });

    it('says a URL is no registry root where /subjects is not found there, naming the path added', async () => {
      const ui = await fakeRegistry({ '*': (_q, r) => json(r, 404, { error_code: 404, message: 'Not Found' }) });
      try {
        const r = await runInProcess(['compare', EX[0]!, `${ui.url}/ui`]);
        expect(r.code).toBe(3);
        expect(r.stderr).toMatch(
          new RegExp(
            `HTTP 404 \\(error_code 404: Not Found\\): ${ui.url}/ui is no schema registry's root: a ` +
              'Confluent-compatible registry answers GET /subjects there ' +
              '\\(is /ui part of the URL by mistake\\?\\)\\n$',
          ),
        );
      } finally {
        await ui.close();
      }
    });

    it('names the side a refused login is on, and tells no login from a refused one', async () => {
      const locked = await fakeRegistry({
        '/config': (_q, r) => json(r, 401, { error_code: 40101, message: 'Unauthorized' }),
        '/mode': (_q, r) => json(r, 401, { error_code: 40101, message: 'Unauthorized' }),
        '/contexts': (_q, r) => json(r, 401, { error_code: 40101, message: 'Unauthorized' }),
      });
      const options =
        '--target-username and --target-password, or --target-token \\(SR_TARGET_USERNAME, SR_TARGET_PASSWORD, ' +
        'SR_TARGET_TOKEN\\)';
      try {
        const none = await runCli(['compare', EX[0]!, locked.url, '--retries', '0']);
        expect(none.code).toBe(3);
        expect(none.stderr).toMatch(
          new RegExp(
            `^sr-parity: cannot read the target, GET ${locked.url}/(config|mode|contexts): HTTP 401 .*; the target ` +
              `asks for a login and none was given: give ${options}\\n$`,
          ),
        );
        const wrong = await runCli(['compare', EX[0]!, locked.url, '--retries', '0', '--target-username', 'u'], {
          SR_TARGET_PASSWORD: 'not-it',
        });
        expect(wrong.stderr).toMatch(
          new RegExp(
            `HTTP 401 .*; the target refused the credentials given \\(a wrong password, or an expired token\\): ` +
              `check ${options}\\n$`,
          ),
        );
        expect(wrong.stderr).not.toContain('not-it');
      } finally {
        await locked.close();
      }
    });

    it('reads URL and password from SR_ environment variables', async () => {
      const r = await runCli(['compare', '--retries', '0'], {
        SR_URL: fake.url,
        SR_TARGET_URL: EX[1]!,
        SR_PASSWORD: 'hunter2',
        SR_USERNAME: 'ops',
      });
      expect(r.code).toBe(3);
      expect(fake.requests.at(-1)!.headers.authorization).toBe(
        `Basic ${Buffer.from('ops:hunter2').toString('base64')}`,
      );
      expect(r.stderr).not.toContain('hunter2');
    });
  });
});

describe('the environment and the pipe a CI job gives', () => {
  it(
    "reads Confluent's SCHEMA_REGISTRY_URL and SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO, and " + '--basic-auth-user-info',
    async () => {
      const fake = await fakeRegistry({});
      try {
        const basic = (u: string) => `Basic ${Buffer.from(u).toString('base64')}`;
        const env = { SCHEMA_REGISTRY_URL: fake.url, SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO: 'ops:pa:ss' };
        const viaEnv = await runCli(['snapshot', '-o', join(dir, 'env.json'), '-q'], env);
        expect(viaEnv.stderr).toBe('');
        expect(viaEnv.code).toBe(0);
        expect(fake.requests.at(-1)!.headers.authorization).toBe(basic('ops:pa:ss'));
        const target = await runCli(
          ['compare', '-u', fake.url, '--target-url', fake.url, '--target-basic-auth-user-info', 'dr:pw', '-q'],
          {},
        );
        expect(target.code).toBe(0);
        const auths = new Set(fake.requests.map((r) => r.headers.authorization));
        expect(auths.has(basic('dr:pw'))).toBe(true);
        const bad = await runCli(['snapshot', fake.url, '-o', join(dir, 'x.json'), '--basic-auth-user-info', 's3cr3t']);
        expect(bad.code).toBe(2);
        expect(bad.stderr).toContain('--basic-auth-user-info needs USER:PASSWORD (its text is not shown)');
        expect(bad.stderr).not.toContain('s3cr3t');
      } finally {
        await fake.close();
      }
    },
  );

  it(
    'ignores SR* variables that name no option (SRE_TEAM, SR_USER), reads those that do, ' + 'still refuses a typo',
    async () => {
      const other = { SRE_TEAM: 'payments', SR_USER: 'ci-bot', SR_SOME_TOKEN: 'x' };
      const r = await runCli(['compare', ...EX], other);
      expect([r.code, r.stderr]).toEqual([1, '']);
      const viaEnv = await runCli(['compare'], { ...other, SR_URL: EX[0]!, SR_TARGET_URL: EX[1]!, SR_FAIL_ON: 'info' });
      expect([viaEnv.code, viaEnv.stderr]).toEqual([1, '']);
      const typo = await runCli(['compare', ...EX, '--taget-url', 'x'], other);
      expect([typo.code, typo.stderr.split('\n')[0]]).toEqual([
        2,
        'sr-parity: Unknown argument: taget-url (did you mean --target-url?)',
      ]);
    },
  );

  it('ends quietly when the reader of its output stops early (| head), keeping its exit code', () => {
    const run = (args: string) =>
      spawnSync('bash', ['-c', `node ${BIN} ${args} | head -1 >/dev/null; echo "rc=\${PIPESTATUS[0]}"`], {
        encoding: 'utf8',
        cwd: ROOT,
      });
    const checks = run('checks');
    expect([checks.stdout.trim(), checks.stderr]).toEqual(['rc=0', '']);
    const compare = run(`compare ${EX.join(' ')}`);
    expect([compare.stdout.trim(), compare.stderr]).toEqual(['rc=1', '']);
  });
});

describe('an error nothing awaited', () => {
  it('ends the run with exit 5, never exit 1 (which a CI gate reads as drift)', () => {
    // A timer that throws once the CLI has started stands for a stream or callback failing outside any await.
    const stray = 'data:text/javascript,setTimeout(() => { throw new Error("stray failure") }, 1500)';
    const r = spawnSync(process.execPath, ['--import', stray, BIN, 'compare', ...EX, '--deadline', '1h'], {
      encoding: 'utf8',
      cwd: ROOT,
    });
    expect(r.status).toBe(5);
    expect(r.stderr).toMatch(/^sr-parity: internal error: Error: stray failure/);
  });
});

describe('--deadline', () => {
  it(
    'ends a run whose registry answers too slowly (exit 3, no report), and refuses a duration it cannot read ' +
      '(exit 2)',
    async () => {
      const late: Route = (_q, r) => void setTimeout(() => json(r, 200, {}), 20_000);
      const slow = await fakeRegistry(
        Object.fromEntries(['/config', '/mode', '/contexts', '/subjects', '*'].map((p) => [p, late])),
      );
      try {
        const out = join(dir, 'deadline-report.json');
        const r = await runCli([
          'compare',
          slow.url,
          EX[1]!,
          '--deadline',
          '1s',
          '--format',
          'json',
          '--all-findings',
          '--output',
          out,
        ]);
        expect([r.code, r.stderr]).toEqual([3, 'sr-parity: the run passed its --deadline of 1 s: no verdict\n']);
        expect(existsSync(out)).toBe(false);
      } finally {
        await slow.close();
      }
      const bad = await runCli(['compare', ...EX, '--deadline', 'soon']);
      expect([bad.code, bad.stderr.split('\n')[0]]).toEqual([
        2,
        'sr-parity: --deadline must be a duration such as 90s, 15m or 1h (got soon)',
      ]);
    },
  );
});

describe('--deadline of an in-process run (the package API, watch, the tests run many in one process)', () => {
  it('ends with the run: a run that finished in time leaves no timer to fire later', async () => {
    const r = await runInProcess(['compare', ...EX, '--deadline', '1s', '-q']);
    expect(r.code).toBe(1);
    const exit = process.exit;
    const exits: unknown[] = [];
    process.exit = ((code?: number) => void exits.push(code)) as typeof process.exit;
    try {
      await new Promise((done) => setTimeout(done, 1300));
    } finally {
      process.exit = exit;
    }
    expect(exits).toEqual([]);
  });
});

describe('sr-parity snapshot and --version', () => {
  it('converts a snapshot file and compares equal to its origin', async () => {
    const out = join(dir, 'copy.json');
    const r = await runInProcess(['snapshot', EX[0]!, '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `wrote ${out}: 8 subjects (1 soft-deleted), 10 versions (2 soft-deleted), 10 schema ids, 2 contexts\n`,
    );
    expect((await runInProcess(['compare', EX[0]!, out])).code).toBe(0);
  });

  it('prints a shell completion script that completes commands and options', async () => {
    const script = await runCli(['completion']);
    expect(script.code).toBe(0);
    expect(script.stdout).toContain('###-begin-sr-parity-completions-###');
    const options = await runCli(['--get-yargs-completions', 'compare', '--tar']);
    expect(options.stdout.split('\n')).toEqual(expect.arrayContaining(['--target-url', '--target-password']));
    const commands = await runCli(['--get-yargs-completions', '']);
    expect(commands.stdout.split('\n')).toEqual(expect.arrayContaining(['compare', 'verify', 'snapshot', 'apply']));
  });

  it('prints the version', async () => {
    const r = await runCli(['--version']);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});

describe('reports for CI', () => {
  it('JSON lists root causes, counting what each explains; --all-findings lists everything', async () => {
    const ids = (stdout: string) => {
      const run = JSON.parse(stdout);
      const o = run.outcomes.find((x: { check: string }) => x.check === 'ids-equal');
      return {
        errors: run.summary.findings.error,
        listed: o.findings.map((f: { id: string }) => f.id),
        folded: o.folded,
      };
    };
    const roots = await runInProcess(['compare', ...EX, '--format', 'json']);
    expect(ids(roots.stdout)).toEqual({ errors: 5, listed: [], folded: 1 });
    const all = await runInProcess(['compare', ...EX, '--format', 'json', '--all-findings']);
    expect(ids(all.stdout)).toEqual({ errors: 5, listed: ['id-content-differs'], folded: undefined });
  });

  it(
    'keeps Markdown under GitHub comment size however many findings (2,000 here), counting ' + 'what it leaves out',
    async () => {
      const example = JSON.parse(readFileSync(EX[0]!, 'utf8'));
      const subject = (i: number) => ({
        name: `team-${String(i).padStart(4, '0')}.orders-value`,
        deleted: false,
        config: null,
        mode: null,
        versions: [{ version: 1, id: i + 1, schemaType: 'AVRO', schema: '"string"', references: [], deleted: false }],
      });
      const source = join(dir, 'many-source.json');
      const target = join(dir, 'many-target.json');
      writeFileSync(
        source,
        JSON.stringify({ ...example, subjects: Array.from({ length: 2000 }, (_, i) => subject(i)) }),
      );
      writeFileSync(target, JSON.stringify({ ...example, subjects: [subject(0)] })); // the context is there
      const r = await runInProcess(['compare', source, target, '--format', 'markdown']);
      expect(r.code).toBe(1);
      expect(r.stdout.length).toBeLessThan(65_536);
      expect(r.stdout).toContain('| error | subject-missing-on-target | team-0001.orders-value |');
      expect(r.stdout).toContain('… 1949 more (the JSON report, `--format json`, has all)');
    },
  );
});

describe('the terminal a person reads it in', () => {
  it('--target-product names the registry a file came from: its spellings are judged by it', async () => {
    const spelled = async (...args: string[]) => {
      const r = await runInProcess(['compare', ...EX, '--format', 'compact', ...args]);
      return { code: r.code, line: r.stdout.split('\n').find((l) => l.includes('events-value')), stderr: r.stderr };
    };
    // The example's JSON Schema has its keys in another order: Confluent's lookup misses it, Karapace's does not
    const confluent = await spelled('--target-product', 'confluent');
    expect(confluent.line).toMatch(/^error {3}version-spelling-differs events-value v1: the target \(Confluent\)/);
    const karapace = await spelled('--target-product', 'karapace', '-q');
    expect(karapace.line).toMatch(/^info {4}version-raw-differs events-value v1: spelled differently, the same schema/);
    expect((await spelled('--target-product', 'kora')).code).toBe(2);
  });

  it('--format compact: one line per finding, errors first, explained ones naming their root', async () => {
    const r = await runInProcess(['compare', ...EX, '--format', 'compact']);
    expect(r.stdout.split('\n')).toEqual([
      'error   soft-deleted-version-lost orders-value v3: soft-deleted version 3 of orders-value is not on the target',
      'error   version-semantic-differs orders-value v2: same structure, but fields[1].default: 0 → 1',
      'error   id-content-differs id 2: schema id 2 holds different content: source orders-value v2, target ' +
        'orders-value v2 (explained by version-semantic-differs orders-value v2)',
      'error   config-differs orders-value: config {"compatibility":"FULL"} on the source, ' +
        '{"compatibility":"BACKWARD"} (inherited) on the target',
      'error   target-left-in-import-mode global: the target registry is in IMPORT mode',
      'warning version-spelling-differs events-value v1: spelled in a way some registries tell apart: (root): keys ' +
        'in another order: $schema, type, properties, required → $schema, properties, required, type',
      'DRIFT: 5 errors, 1 warning, 0 info (fail on error)',
      '',
    ]);
    expect(r.code).toBe(1);
  });

  it('fits the table to COLUMNS without cutting a finding id or a subject', async () => {
    const ids = ['soft-deleted-version-lost', 'version-semantic-differs', 'target-left-in-import-mode'];
    for (const columns of [80, 100, 200]) {
      const r = await runInProcess(['compare', ...EX], { COLUMNS: String(columns) });
      const widest = Math.max(...r.stdout.split('\n').map((l) => l.length));
      expect(widest, `COLUMNS=${columns}`).toBeLessThanOrEqual(columns);
      for (const id of [...ids, 'orders-value v3']) expect(r.stdout, `COLUMNS=${columns}`).toContain(` ${id} `);
    }
    // A subject longer than its column is broken across lines, never cut: its column's pieces spell it whole.
    const long = 'com.example.platform.orders.v1.OrderCreatedEvent-value';
    const [source, target] = EX.map((file, i) => {
      const copy = join(dir, `long-${i}.json`);
      writeFileSync(copy, readFileSync(file, 'utf8').replaceAll('"orders-value"', JSON.stringify(long)));
      return copy;
    });
    const r = await runInProcess(['compare', source!, target!], { COLUMNS: '80' });
    const lines = r.stdout.split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    const whereColumn = lines.map((l) => l.split('│')[3]?.trim() ?? '').join('');
    expect(whereColumn).toContain(`${long} v3`);
  });

  it('colours by NO_COLOR and FORCE_COLOR; --color and --no-color win over both', async () => {
    const coloured = async (env: Record<string, string>, ...flags: string[]) =>
      (await runCli(['compare', ...EX, '--format', 'compact', ...flags], env)).stdout.includes('\u001b[');
    expect(await coloured({})).toBe(false); // not a terminal
    expect(await coloured({ FORCE_COLOR: '1' })).toBe(true);
    expect(await coloured({ FORCE_COLOR: '0' })).toBe(false);
    expect(await coloured({ FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(false);
    expect(await coloured({ NO_COLOR: '1' }, '--color')).toBe(true);
    expect(await coloured({ FORCE_COLOR: '1' }, '--no-color')).toBe(false);
    // A terminal that says it is dumb shows no colour, as NO_COLOR (the trial's 26 escape sequences on one)
    expect(await coloured({ FORCE_COLOR: '1', TERM: 'dumb' })).toBe(false);
    expect([colorWanted(true, {}), colorWanted(true, { TERM: 'dumb' })]).toEqual([true, false]);
  });

  it('creates the directories a report is written into (--junit reports/ci/gate.xml in a fresh checkout)', async () => {
    const junit = join(dir, 'new', 'nested', 'gate.xml');
    const output = join(dir, 'other', 'report.json');
    const r = await runCli([
      'compare',
      ...EX,
      '--junit',
      junit,
      '--format',
      'json',
      '--all-findings',
      '--output',
      output,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(readFileSync(junit, 'utf8')).toContain('<testsuites');
    expect(JSON.parse(readFileSync(output, 'utf8')).outcomes.length).toBeGreaterThan(0);
  });
});

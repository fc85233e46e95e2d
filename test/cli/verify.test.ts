import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { runCli, runInProcess } from '../helpers/cli.js';
import { fakeRegistry, json } from '../helpers/fake-registry.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sr-parity-verify-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// In-process but for the exit-code cases, which run the CLI as a process.
describe('sr-parity verify', () => {
  // What each shipped spec needs, pointed at the bundled fixtures (paths typed on the command line are relative to
  // the current directory).
  const INPUTS: Record<string, Record<string, string>> = {
    'cutover-gate': { SOURCE_URL: 'fixtures/cutover/source.json', TARGET_URL: 'fixtures/cutover/target.json' },
    'post-migration-audit': {
      REGISTRY_URL: 'fixtures/cutover/target.json',
      BASELINE: 'fixtures/cutover/baseline.json',
    },
    'id-changing-migration': {
      SOURCE_URL: 'fixtures/id-change/source.json',
      TARGET_URL: 'fixtures/id-change/target.json',
      ID_MAP: 'fixtures/id-change/id-map.json',
    },
    'karapace-to-kora': {
      SOURCE_URL: 'fixtures/karapace-to-kora/audit.json',
      TARGET_URL: 'fixtures/karapace-to-kora/target.json',
      ID_MAP: 'fixtures/karapace-to-kora/id-map.json',
    },
    'srctl-restore': { BACKUP: 'fixtures/srctl-restore/backups', TARGET_URL: 'fixtures/srctl-restore/target.json' },
    'rollback-gate': { SOURCE_URL: 'fixtures/rollback/source.json', TARGET_URL: 'fixtures/rollback/target.json' },
  };
  const sets = (vars: Record<string, string>) => Object.entries(vars).flatMap(([k, v]) => ['--set', `${k}=${v}`]);

  it('runs every shipped spec green on the bundled fixtures given as its inputs', async () => {
    for (const [spec, vars] of Object.entries(INPUTS)) {
      const r = await runInProcess(['verify', `specs/${spec}.yaml`, ...sets(vars)]);
      expect(r.stderr).toBe(
        spec === 'srctl-restore'
          ? 'note: source: srctl backups hold no soft-deleted versions: against a registry that has some, ' +
              'compare with --deleted ignore\n'
          : '',
      );
      expect(r.stdout).toContain('OK: no findings at or above error');
      expect(r.code).toBe(0);
    }
  });

  it(
    'refuses to run a shipped spec without its inputs (exit 2, naming each variable): no ' + 'fallback to demo data',
    async () => {
      for (const [spec, vars] of Object.entries(INPUTS)) {
        const r = await runInProcess(['verify', `specs/${spec}.yaml`]);
        expect(r.code).toBe(2);
        const named = r.stderr.split('\n').flatMap((l) => /variable \$\{(\w+)\} is not set/.exec(l)?.[1] ?? []);
        const optional = spec === 'karapace-to-kora' ? ['ID_MAP'] : []; // needed only where the source has collisions
        expect([...new Set(named)].sort()).toEqual(
          Object.keys(vars)
            .filter((v) => !optional.includes(v))
            .sort(),
        );
        expect(r.stdout).toBe('');
      }
    },
  );

  it(
    'sees Protobuf messages in another order against a baseline of now, and checks an older ' + 'baseline as it was',
    async () => {
      const snap = JSON.parse(readFileSync('fixtures/cutover/source.json', 'utf8'));
      const proto = (body: string) => `syntax = "proto3";\npackage p;\n${body}`;
      const [a, b] = ['message A {\n  string x = 1;\n}\n', 'message B {\n  string y = 1;\n}\n'];
      const subject = {
        name: 'two-messages',
        deleted: false,
        config: null,
        mode: null,
        versions: [
          { version: 1, id: 9001, schemaType: 'PROTOBUF', schema: proto(a + b), references: [], deleted: false },
        ],
      };
      const write = (name: string, schema: string) => {
        const file = join(dir, name);
        subject.versions[0]!.schema = schema;
        writeFileSync(file, JSON.stringify({ ...snap, subjects: [...snap.subjects, subject] }));
        return file;
      };
      const [before, after] = [write('before.json', proto(a + b)), write('after.json', proto(b + a))];
      const baseline = join(dir, 'two-messages-baseline.json');
      const cap = await runInProcess(['baseline', 'capture', before, '-o', baseline, '-q']);
      expect([cap.code, cap.stderr]).toEqual([0, '']);
      const spec = join(dir, 'baseline-spec.yaml');
      writeFileSync(
        spec,
        `version: 1\nsources:\n  target: { url: ${after} }\n` +
          `checks:\n  - kind: baseline\n    on: target\n    file: ${baseline}\n`,
      );
      const verdict = async () => {
        const r = await runInProcess(['verify', spec, '--format', 'json', '-q']);
        const outcome = JSON.parse(r.stdout).outcomes[0];
        return [r.code, outcome.findings.map((f: { id: string; subject: string }) => `${f.id} ${f.subject}`)];
      };
      expect(await verdict()).toEqual([1, ['baseline-version-changed two-messages']]);
      // The same baseline as the tool of before 2026-12-05 wrote it: hashes of forms without the order of messages
      const { ReferenceResolver } = await import('../../src/normalize/references.js');
      const { loadSource } = await import('../../src/sources/index.js');
      const reg = await loadSource({ location: before });
      const old = JSON.parse(readFileSync(baseline, 'utf8'));
      old.hashAlgorithm = 'sr-parity-semantic-closure-v1';
      const v1 = new ReferenceResolver(reg, 1);
      for (const [name, s] of Object.entries(old.subjects) as [string, { versions: { hash: string }[] }][])
        s.versions.forEach((v, i) => (v.hash = v1.closure(reg.subjects.get(name)!.versions[i]!)));
      writeFileSync(baseline, JSON.stringify(old));
      expect(await verdict()).toEqual([0, []]);
    },
  );

  it(
    'names the baseline file and the field when a baseline is malformed (the check cannot ' + 'run, the run fails)',
    async () => {
      const baseline = JSON.parse(readFileSync('fixtures/cutover/baseline.json', 'utf8'));
      const first = Object.keys(baseline.subjects)[0]!;
      baseline.subjects[first].versions = 'none';
      const file = join(dir, 'broken-baseline.json');
      writeFileSync(file, JSON.stringify(baseline));
      const r = await runInProcess([
        'verify',
        'specs/post-migration-audit.yaml',
        ...sets({ ...INPUTS['post-migration-audit']!, BASELINE: file }),
        '--only',
        'baseline',
        '--format',
        'json',
      ]);
      expect(JSON.parse(r.stdout).outcomes.find((o: { check: string }) => o.check === 'baseline').error).toBe(
        `${file}: subjects[${JSON.stringify(first)}].versions: expected an array`,
      );
      expect(r.code).toBe(1);
    },
  );

  it('takes the environment as well as --set, paths relative to the current directory', async () => {
    const r = await runInProcess(['verify', 'specs/karapace-to-kora.yaml', '-q'], INPUTS['karapace-to-kora']);
    expect(r.code).toBe(0);
  });

  it("names the spec's own login variables when a source refuses its login", async () => {
    const refuse = (_q: unknown, r: Parameters<typeof json>[0]) =>
      json(r, 401, { error_code: 40101, message: 'Unauthorized' });
    const locked = await fakeRegistry({ '/config': refuse, '/mode': refuse, '/contexts': refuse, '/subjects': refuse });
    try {
      const env = { SOURCE_URL: 'fixtures/example/source.json', TARGET_URL: locked.url };
      const r = await runInProcess(['verify', 'specs/cutover-gate.yaml'], env);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(
        "source 'target' asks for a login and none was given: give TARGET_USERNAME, TARGET_PASSWORD (the " +
          'variables specs/cutover-gate.yaml logs it in with: --set, or the environment)\n',
      );
    } finally {
      await locked.close();
    }
  });

  it("reads a variable's former name, saying so: the Karapace spec's SOURCE is now SOURCE_URL", async () => {
    const { SOURCE_URL: source, ...rest } = INPUTS['karapace-to-kora']!;
    const r = await runInProcess(['verify', 'specs/karapace-to-kora.yaml', '-q'], { ...rest, SOURCE: source! });
    expect([r.code, r.stderr]).toEqual([
      0,
      'sr-parity: warning: SOURCE is the former name of SOURCE_URL in specs/karapace-to-kora.yaml: set SOURCE_URL ' +
        '(SOURCE still works)\n',
    ]);
  });

  // The dedup case the Karapace -> Kora spec exists for: source ids 6 and 50 hold the same content, Kora kept 6.
  it(
    'passes a deduplicating Karapace -> Kora migration only with the id map that sends the merged id to the ' +
      'kept one',
    async () => {
      const { ID_MAP: _map, ...withoutMap } = INPUTS['karapace-to-kora']!;
      const r = await runInProcess([
        'verify',
        'specs/karapace-to-kora.yaml',
        ...sets(withoutMap),
        '--format',
        'json',
        '--all-findings',
      ]);
      const failing = JSON.parse(r.stdout).outcomes.flatMap(
        (o: { findings: { severity: string; id: string; message: string }[] }) =>
          o.findings.filter((f) => f.severity === 'error').map((f) => `${f.id}: ${f.message}`),
      );
      expect(failing).toEqual([
        'version-id-differs: events-copy-value v1: id 50 on the source, 6 on the target',
        'id-missing-on-target: schema id 50 (first used by events-copy-value v1) does not exist on the target',
        'dedup-id-unresolvable: id 50 (events-copy-value v1) is gone from the target and no id map is given: map ' +
          'it to 6, the id the target kept for the same content',
        'count-differs: schemas: 10 on source, 9 on target',
      ]);
      expect(r.code).toBe(1);
      const compare = await runInProcess([
        'compare',
        'fixtures/karapace-to-kora/audit.json',
        'fixtures/karapace-to-kora/target.json',
        '--format',
        'json',
      ]);
      const moved = JSON.parse(compare.stdout)
        .outcomes.flatMap((o: { findings: { id: string; hint?: string }[] }) => o.findings)
        .find((f: { id: string }) => f.id === 'version-id-differs');
      expect(moved.hint).toBe(
        'the source holds this content under id 6 too, which the target kept (a deduplicating target such as ' +
          'Kora): with the migration\'s id map (--id-map, {"50": 6}) the ids check out',
      );
      const wrong = join(dir, 'wrong-map.json');
      writeFileSync(wrong, '{"50": 7}');
      const bad = await runInProcess([
        'verify',
        'specs/karapace-to-kora.yaml',
        ...sets({ ...withoutMap, ID_MAP: wrong }),
        '--format',
        'json',
      ]);
      const errors = JSON.parse(bad.stdout).outcomes.flatMap((o: { findings: { id: string; severity: string }[] }) =>
        o.findings.filter((f) => f.severity === 'error').map((f) => f.id),
      );
      expect(errors).toEqual(['id-map-mismatch', 'id-content-differs', 'dedup-id-unresolvable']);
      expect(bad.code).toBe(1);
    },
  );

  it(
    "compares through an exporter's rename format, which a spec keeps literal (${subject} is " + 'no variable)',
    async () => {
      const snap = JSON.parse(readFileSync('test/fixtures/compare/identical/source.json', 'utf8'));
      snap.subjects = snap.subjects.filter((s: { name: string }) => !s.name.startsWith(':'));
      writeFileSync(join(dir, 'src.json'), JSON.stringify(snap));
      const renamed = (n: string) => `${n}-dr`;
      for (const s of snap.subjects) {
        s.name = renamed(s.name);
        for (const v of s.versions)
          v.references = v.references.map((r: { subject: string }) => ({ ...r, subject: renamed(r.subject) }));
      }
      writeFileSync(join(dir, 'dr.json'), JSON.stringify(snap));
      writeFileSync(
        join(dir, 'dr.yaml'),
        'version: 1\nsources:\n  source: { url: src.json }\n  target: { url: dr.json ' +
          '}\ndefaults:\n  rename: ["${subject}-dr"]\nchecks:\n  - kind: subjects-equal\n  - kind: content-equal\n',
      );
      const r = await runInProcess(['verify', join(dir, 'dr.yaml'), '--format', 'json', '--all-findings']);
      expect(r.stderr).toBe('');
      expect(
        JSON.parse(r.stdout).outcomes.map((o: { status: string; cases: string[] }) => [o.status, o.cases.length]),
      ).toEqual([
        ['passed', 7],
        ['passed', 7],
      ]);
      expect(r.code).toBe(0);
      // a drift names the target subject and the source subject it came from, as compare --rename does
      snap.subjects = snap.subjects.filter((s: { name: string }) => s.name !== 'legacy-value-dr');
      writeFileSync(join(dir, 'dr.json'), JSON.stringify(snap));
      const drift = await runInProcess(['verify', join(dir, 'dr.yaml'), '--format', 'json']);
      const missing = JSON.parse(drift.stdout).outcomes[0].findings;
      expect(missing.map((f: { message: string; sourceSubject?: string }) => [f.message, f.sourceSubject])).toEqual([
        [
          'soft-deleted subject legacy-value-dr (1 version) is not on the target (source subject legacy-value)',
          'legacy-value',
        ],
      ]);
      expect(drift.code).toBe(1);
    },
  );

  it('names the variables the live-only exporter spec needs, and nothing runs without them', async () => {
    const r = await runInProcess(['verify', 'specs/exporter-cutover.yaml']);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines.filter((l) => l.includes('is not set')).map((l) => /variable \$\{(\w+)\}/.exec(l)![1])).toEqual([
      'SOURCE_URL',
      'TARGET_URL',
      'EXPORTER',
      'EXPORTER',
    ]);
    expect(lines.at(-1)).toBe('4 problems in the spec; nothing was run.');
  });

  it(
    'fails the cutover gate on a drifted target and writes JUnit with a suite per check, ' + 'passes included',
    async () => {
      const junit = join(dir, 'gate.xml');
      const r = await runInProcess(['verify', 'specs/cutover-gate.yaml', '--junit', junit, '--quiet'], {
        SOURCE_URL: 'fixtures/example/source.json',
        TARGET_URL: 'fixtures/example/target.json',
      });
      expect(r.code).toBe(1);
      const doc = new XMLParser({
        ignoreAttributes: false,
        isArray: (n) => n === 'testsuite' || n === 'testcase',
      }).parse(readFileSync(junit, 'utf8'));
      expect(doc.testsuites['@_name']).toBe('sr-parity verify specs/cutover-gate.yaml'); // two gates never collide
      const suites = doc.testsuites.testsuite as { '@_name': string; '@_failures': string; '@_tests': string }[];
      expect(suites.map((s) => s['@_name'])).toEqual([
        'subjects-equal',
        'versions-equal',
        'content-equal',
        'ids-equal',
        'config-equal',
        'contexts-equal',
        'dek-registry-equal',
        'guids-equal',
        'references-resolve',
        'counts',
        'source is frozen',
        'target takes writes',
      ]);
      const failures = Object.fromEntries(suites.map((s) => [s['@_name'], Number(s['@_failures'])]));
      expect(failures).toMatchObject({
        'subjects-equal': 0,
        'versions-equal': 1,
        'content-equal': 1,
        counts: 3,
        'source is frozen': 1,
        'target takes writes': 1,
      });
      expect(Number(suites.find((s) => s['@_name'] === 'subjects-equal')!['@_tests'])).toBe(8);
    },
  );

  it('runs only the checks named with --only', async () => {
    const r = await runInProcess([
      'verify',
      'specs/cutover-gate.yaml',
      ...sets(INPUTS['cutover-gate']!),
      '--only',
      'target takes writes',
      '--only',
      'counts',
      '--format',
      'json',
    ]);
    const outcomes = JSON.parse(r.stdout).outcomes as { check: string; status: string; error?: string }[];
    expect(outcomes.filter((o) => o.status !== 'skipped').map((o) => o.check)).toEqual([
      'counts',
      'target takes writes',
    ]);
    expect(outcomes.filter((o) => o.status === 'skipped')).toHaveLength(10);
    expect(outcomes.find((o) => o.check === 'subjects-equal')!.error).toBe(
      'not selected (--only target takes writes, counts)',
    );
    const none = await runInProcess([
      'verify',
      'specs/cutover-gate.yaml',
      ...sets(INPUTS['cutover-gate']!),
      '--only',
      'nothing',
    ]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--only nothing matches no check of specs\/cutover-gate.yaml/);
  });

  it('takes variables from --set before the environment', async () => {
    const r = await runInProcess(
      [
        'verify',
        'specs/post-migration-audit.yaml',
        '--set',
        'REGISTRY_URL=fixtures/example/target.json',
        '--set',
        'BASELINE=fixtures/cutover/baseline.json',
        '--format',
        'json',
      ],
      { REGISTRY_URL: 'nope.json' },
    );
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).source.location).toMatch(/fixtures\/example\/target.json$/);
    expect(r.code).toBe(1); // the example target is left in IMPORT mode
  });

  it('exits 3 naming a registry that cannot be reached', async () => {
    const r = await runCli(['verify', 'specs/post-migration-audit.yaml'], {
      REGISTRY_URL: 'http://127.0.0.1:9',
      BASELINE: 'fixtures/cutover/baseline.json',
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /^sr-parity: cannot read the source '\w+', GET http:\/\/127\.0\.0\.1:9\/\S+: connection refused/,
    );
    expect(r.stdout).toBe('');
  });

  it('exits 2 at the spec line when a file it names (here through a variable) does not exist', async () => {
    const r = await runCli(['verify', 'specs/post-migration-audit.yaml'], {
      REGISTRY_URL: 'missing.json',
      BASELINE: 'fixtures/cutover/baseline.json',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^specs\/post-migration-audit.yaml:\d+:\d+: no such file: \/\S+\/missing\.json\n/);
  });

  it('lists the catalogue and prints the spec schema', async () => {
    const checks = await runInProcess(['checks']);
    expect(checks.code).toBe(0);
    for (const kind of ['subjects-equal', 'mode-is', 'counts', 'http', 'dedup-collisions'])
      expect(checks.stdout).toContain(`${kind} (`);
    const schema = JSON.parse((await runInProcess(['schema'])).stdout);
    expect(schema.title).toBe('sr-parity verify spec');
    expect(schema).toEqual(JSON.parse(readFileSync('specs/spec-schema.json', 'utf8')));
  });
});

describe('the rollback gate (specs/rollback-gate.yaml)', () => {
  it('names what a fallback to the old registry would lose, and ids the old one would issue again', async () => {
    const target = JSON.parse(readFileSync('fixtures/rollback/target.json', 'utf8'));
    const avro = (name: string) => JSON.stringify({ type: 'record', name, fields: [] });
    const version = (v: number, id: number, schema: string) => ({
      version: v,
      id,
      schemaType: 'AVRO',
      schema,
      references: [],
      deleted: false,
    });
    // Since the cutover the new registry took a version of an existing subject and a new subject, ids 10 and 11.
    target.subjects.find((s: { name: string }) => s.name === 'address').versions.push(version(2, 10, avro('A2')));
    target.subjects.push({
      name: 'refunds-value',
      deleted: false,
      config: null,
      mode: null,
      versions: [version(1, 11, avro('Refund'))],
    });
    const file = join(dir, 'new-registry.json');
    writeFileSync(file, JSON.stringify(target));
    const r = await runInProcess([
      'verify',
      'specs/rollback-gate.yaml',
      '--set',
      'SOURCE_URL=fixtures/rollback/source.json',
      '--set',
      `TARGET_URL=${file}`,
      '--format',
      'compact',
    ]);
    expect(r.stdout.split('\n')).toEqual([
      'error   rollback-version-lost address v2: address v2 (id 10) was registered on the target only: a fallback ' +
        'loses it',
      'error   rollback-version-lost refunds-value v1: refunds-value v1 (id 11) was registered on the target only: ' +
        'a fallback loses it',
      'error   rollback-id-unknown id 10: id 10 (address v2) exists only on the target: records written with it ' +
        'cannot be read after a fallback (explained by rollback-version-lost address v2)',
      'error   rollback-id-unknown id 11: id 11 (refunds-value v1) exists only on the target: records written ' +
        'with it ' +
        'cannot be read after a fallback (explained by rollback-version-lost refunds-value v1)',
      "error   rollback-id-reissued context .: the target's highest id is 11, the source's 9: after a " +
        'fallback the source would issue ids 10..11 again, to other schemas',
      'DRIFT: 5 errors, 0 warnings, 0 info (fail on error)',
      '',
    ]);
    expect(r.code).toBe(1);
  });
});

describe('the header of a spec that selects subjects', () => {
  it('counts the subjects the checks compared (defaults.subjects), not the whole registries', async () => {
    const spec = join(dir, 'selected.yaml');
    const example = (side: string) => join(process.cwd(), `fixtures/example/${side}.json`);
    writeFileSync(
      spec,
      [
        'version: 1',
        'sources:',
        `  source: { snapshot: ${example('source')} }`,
        `  target: { snapshot: ${example('target')} }`,
        'defaults:',
        "  subjects: { exclude: ['legacy*'] }",
        'checks:',
        '  - kind: subjects-equal',
        '',
      ].join('\n'),
    );
    const r = await runInProcess(['verify', spec, '--format', 'json', '--all-findings', '-q']);
    const run = JSON.parse(r.stdout);
    expect([run.source.summary.subjects, run.target.summary.subjects, run.outcomes[0].cases.length]).toEqual([7, 7, 7]);
  });
});

describe('verify --deleted', () => {
  it('compares soft-deleted history by default, active versions only with --deleted ignore', async () => {
    const work = mkdtempSync(join(tmpdir(), 'sr-verify-deleted-'));
    const target = JSON.parse(readFileSync('test/fixtures/compare/identical/target.json', 'utf8'));
    // A copy that left the soft-deleted orders-value v3 behind
    const orders = target.subjects.find((s: { name: string }) => s.name === 'orders-value');
    orders.versions = orders.versions.filter((v: { deleted: boolean }) => !v.deleted);
    writeFileSync(join(work, 'target.json'), JSON.stringify(target));
    const spec = join(work, 'spec.yaml');
    const source = join(process.cwd(), 'test/fixtures/compare/identical/source.json'); // a spec's paths are its own
    const sources = `sources:\n  source:\n    url: ${source}\n  target:\n    url: ${join(work, 'target.json')}\n`;
    writeFileSync(spec, `version: 1\n${sources}checks:\n  - kind: versions-equal\n`);
    const args = ['verify', spec, '--format', 'compact', '--no-color'];
    const strict = await runInProcess(args);
    expect(strict.stdout).toContain('error   soft-deleted-version-lost orders-value v3');
    expect(strict.code).toBe(1);
    const active = await runInProcess([...args, '--deleted', 'ignore']);
    expect([active.code, active.stdout.trim().split('\n').at(-1)]).toEqual([
      0,
      'OK: no findings at or above error (0 errors, 0 warnings, 0 info)',
    ]);
    rmSync(work, { recursive: true, force: true });
  });
});

describe('typos an operator made (the second trial)', () => {
  it('names the spec beside a missing one, and the variable a mistyped --set meant', async () => {
    const yml = await runInProcess(['verify', 'specs/cutover-gate.yml']);
    expect([yml.code, yml.stderr.split('\n')[0]]).toEqual([
      2,
      'specs/cutover-gate.yml:1:1: no such spec file (did you mean specs/cutover-gate.yaml?)',
    ]);
    const unset = await runInProcess(['verify', 'specs/cutover-gate.yaml', '--set', 'TRAGET_URL=x']);
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain(
      'variable ${TARGET_URL} is not set (export TARGET_URL=... or pass --set TARGET_URL=...; --set TRAGET_URL was ' +
        'given: did you mean TARGET_URL?)',
    );
    const sets = ['SOURCE=fixtures/example/source.json', 'TARGET_URL=fixtures/example/target.json', 'ID_MAPP=x'];
    const unused = await runInProcess([
      'verify',
      'specs/karapace-to-kora.yaml',
      '-q',
      ...sets.flatMap((s) => ['--set', s]),
    ]);
    expect(unused.stderr).toContain(
      'sr-parity: warning: --set ID_MAPP names no variable of specs/karapace-to-kora.yaml (did you mean ID_MAP?)',
    );
  });

  it('names the command a mistyped one meant, and options given before any command', async () => {
    const typo = await runInProcess(['compre', 'a.json', 'b.json']);
    expect([typo.code, typo.stderr.split('\n')[0]]).toEqual([
      2,
      'sr-parity: Unknown command: compre (did you mean compare?)',
    ]);
    const early = await runInProcess(['--formt', 'json', 'compare', 'a.json', 'b.json']);
    expect(early.stderr.split('\n')[0]).toBe(
      'sr-parity: Name the command first: sr-parity COMMAND [options] (got --formt before any command)',
    );
    expect(early.code).toBe(2);
  });
});

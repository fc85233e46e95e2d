// The package as its users get it: `npm pack`'s tarball (dependencies bundled) installed with no registry at all,
// as a command (`npm install -g`) that runs the bundled example from anywhere, and as a library another project
// imports by name (`import { compare } from 'sr-parity'`) and typechecks against its declarations.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

let dir: string;
let prefix: string;
let project: string;
const npm = (args: string[], cwd: string) => spawnSync('npm', args, { cwd, encoding: 'utf8' });
// An empty npm cache: whatever is not bundled would have to come from a registry, and --offline refuses that.
const offline = () => ['--offline', '--cache', join(dir, 'empty-cache'), '--no-audit', '--no-fund'];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sr-pack-'));
  // dist/ is built by the test run's setup; scripts are skipped so no other test sees it rebuilt
  const pack = npm(['pack', '--ignore-scripts', '--pack-destination', dir, '--silent'], ROOT);
  expect(pack.status, pack.stderr).toBe(0);
  const tarball = join(dir, pack.stdout.trim().split('\n').at(-1)!);
  prefix = join(dir, 'prefix');
  const install = npm(['install', '-g', '--prefix', prefix, ...offline(), tarball], dir);
  expect(install.status, install.stderr).toBe(0);
  // no install scripts to approve (npm 11 warns about each), nothing else to warn about
  expect(install.stderr.split('\n').filter((l) => /warn/i.test(l))).toEqual([]);
  // Another project using the installed package (a link, as `npm link sr-parity` makes: one install, ~10 s, not two)
  project = join(dir, 'consumer');
  mkdirSync(join(project, 'node_modules'), { recursive: true });
  symlinkSync(join(prefix, 'lib', 'node_modules', 'sr-parity'), join(project, 'node_modules', 'sr-parity'));
  writeFileSync(join(project, 'package.json'), '{ "name": "consumer", "type": "module", "private": true }\n');
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm pack, then npm install -g --offline', () => {
  it('installs a working sr-parity that runs the example from anywhere', () => {
    const bin = join(prefix, 'bin', 'sr-parity');
    const example = join(prefix, 'lib', 'node_modules', 'sr-parity', 'fixtures', 'example');
    const elsewhere = mkdtempSync(join(tmpdir(), 'sr-anywhere-'));
    const version = spawnSync(bin, ['--version'], { cwd: elsewhere, encoding: 'utf8' });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const run = spawnSync(bin, ['compare', join(example, 'source.json'), join(example, 'target.json'), '-q'], {
      cwd: elsewhere,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1); // the example's drift
    const gate = spawnSync(bin, ['verify', join(prefix, 'lib/node_modules/sr-parity/specs/cutover-gate.yaml')], {
      cwd: elsewhere,
      encoding: 'utf8',
    });
    expect(gate.stderr).toContain('SOURCE_URL'); // the shipped specs come along, and name what they need
    expect(gate.status).toBe(2);
    rmSync(elsewhere, { recursive: true, force: true });
  }, 120_000);
});

const node = (file: string) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(process.execPath, [file], { cwd: project }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );

describe('npm install --offline into another project, then import it by name', () => {
  it('compares the bundled example by name, as the CLI does, and throws its typed errors', async () => {
    writeFileSync(
      join(project, 'consumer.mjs'),
      `import { compare, exitCodeOf, formatReport, checkKinds, SourceError, UsageError } from 'sr-parity';
const example = 'node_modules/sr-parity/fixtures/example';
const notes = [];
const run = await compare(
  { source: example + '/source.json', target: example + '/target.json' },
  { note: (n) => notes.push(n) },
);
const outcomes = run.outcomes.map((o) => [o.check, o.status, o.findings.map((f) => f.id)]);
const json = JSON.parse(formatReport(run, 'json'));
const errors = [];
try { await compare({ source: 'missing.json', target: example + '/target.json' }); } catch (e) {
  errors.push([e instanceof SourceError, e.message]);
}
try { await compare({ source: example + '/source.json', target: example + '/target.json', writeIdMap: 'x.json' }); }
catch (e) { errors.push([e instanceof UsageError, e.message]); }
console.log(JSON.stringify({ exit: exitCodeOf(run), outcomes, command: json.command, notes, errors,
  kinds: checkKinds().length }));
`,
    );
    const r = await node('consumer.mjs');
    expect(r.stderr).toBe('');
    const got = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(got).toEqual({
      exit: 1,
      outcomes: [
        ['subjects-equal', 'passed', []],
        ['versions-equal', 'failed', ['soft-deleted-version-lost']],
        ['content-equal', 'failed', ['version-spelling-differs', 'version-semantic-differs']],
        ['ids-equal', 'failed', ['id-content-differs']], // explained by its root (the JSON report folds it)
        ['config-equal', 'failed', ['config-differs']],
        ['modes-equal', 'failed', ['target-left-in-import-mode']],
        ['contexts-equal', 'passed', []],
        ['dek-registry-equal', 'passed', []],
        ['guids-equal', 'passed', []],
        ['sources-complete', 'passed', []],
      ],
      command: 'compare',
      notes: [],
      errors: [
        [true, expect.stringMatching(/^the source, missing\.json: /)],
        [true, '--write-id-map needs --ids not-preserved'],
      ],
      kinds: expect.any(Number),
    });
    expect(got.kinds).toBeGreaterThanOrEqual(26);
  });

  it('is typed: its inputs and results check, and a wrong input does not', () => {
    writeFileSync(
      join(project, 'consumer.ts'),
      `import { compare, verify, snapshot, type RunResult, type CompareInput, type Finding } from 'sr-parity';
const target = { location: 'http://t:8081', username: 'u' };
const input: CompareInput = { source: 'a.json', target, deleted: 'ignore' };
export async function gate(): Promise<number> {
  const run: RunResult = await compare(input, { progress: () => undefined });
  const errors: Finding[] = run.outcomes.flatMap((o) => o.findings).filter((f) => f.severity === 'error');
  const spec = await verify({ spec: 'gate.yaml', vars: { TARGET_URL: 'http://t' }, only: ['ids'] });
  const written = await snapshot({ source: 'http://s:8081', output: 'before.json' });
  return errors.length + spec.outcomes.length + written.summary.versions;
}
// @ts-expect-error a source is a URL, a file or a connection, never a number
void compare({ source: 1, target: 'b.json' });
// @ts-expect-error deleted is 'compare' or 'ignore'
void compare({ source: 'a.json', target: 'b.json', deleted: 'keep' });
// @ts-expect-error a run has no 'verdict' field: its outcomes say
void (async () => (await compare(input)).verdict)();
`,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          types: ['node'],
          typeRoots: [join(ROOT, 'node_modules', '@types')],
        },
        files: ['consumer.ts'],
      }),
    );
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const out = (() => {
      try {
        return execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project, encoding: 'utf8' });
      } catch (err) {
        return String((err as { stdout?: string }).stdout);
      }
    })();
    expect(out).toBe('');
  }, 60_000);
});

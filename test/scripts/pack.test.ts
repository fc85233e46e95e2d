// Installable without a clone: the packed tarball (its dependencies bundled) installs with no registry at all,
// and the installed command runs the bundled example from any directory.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';

describe('npm pack, then npm install -g --offline', () => {
  it('installs a working sr-parity that runs the example from anywhere', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sr-pack-'));
    const npm = (args: string[], cwd: string) => spawnSync('npm', args, { cwd, encoding: 'utf8' });
    // dist/ is built by the test run's setup; scripts are skipped so no other test sees it rebuilt
    const pack = npm(['pack', '--ignore-scripts', '--pack-destination', dir, '--silent'], ROOT);
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = join(dir, pack.stdout.trim().split('\n').at(-1)!);
    const prefix = join(dir, 'prefix');
    // An empty npm cache: whatever is not bundled would have to come from a registry, and --offline refuses that.
    const offline = ['--offline', '--cache', join(dir, 'empty-cache'), '--no-audit', '--no-fund'];
    const install = npm(['install', '-g', '--prefix', prefix, ...offline, tarball], dir);
    expect(install.status, install.stderr).toBe(0);

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
  }, 120_000);
});

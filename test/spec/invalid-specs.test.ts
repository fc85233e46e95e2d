// Every malformed spec in test/fixtures/specs/invalid gets exactly its .expected error lines and exit 2,
// before any source is read.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess, ROOT } from '../helpers/cli.js';

const DIR = join('test', 'fixtures', 'specs', 'invalid');

describe('invalid specs', () => {
  for (const file of readdirSync(join(ROOT, DIR)).filter((f) => f.endsWith('.yaml'))) {
    it(`reports ${file} precisely`, async () => {
      const r = await runInProcess(['verify', join(DIR, file)]);
      expect(r.stderr).toBe(readFileSync(join(ROOT, DIR, file.replace(/\.yaml$/, '.expected')), 'utf8'));
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
    });
  }

  it('names a spec file that does not exist', async () => {
    const r = await runInProcess(['verify', 'specs/nope.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('specs/nope.yaml:1:1: no such spec file\n1 problem in the spec; nothing was run.\n');
  });
});

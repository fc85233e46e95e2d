// A file given as a side of a run made again and again (watch) is read again only when it changed.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadSource } from '../../src/sources/index.js';
import { ROOT } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'sr-reread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const EXAMPLE = join(ROOT, 'fixtures', 'example');

it('is the read before while the file is unchanged, and read again once it changes', async () => {
  const file = join(dir, 'side.json');
  copyFileSync(join(EXAMPLE, 'target.json'), file);
  const first = await loadSource({ location: file });
  expect(await loadSource({ location: file }, {}, undefined, first)).toBe(first);
  copyFileSync(join(EXAMPLE, 'source.json'), file);
  const changed = await loadSource({ location: file }, {}, undefined, first);
  expect(changed).not.toBe(first);
  expect(changed).toEqual(await loadSource({ location: file }));
  // a read with no read before is whole
  expect(await loadSource({ location: file })).not.toBe(changed);
});

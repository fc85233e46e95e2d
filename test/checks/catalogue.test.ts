// Every check kind of the catalogue has its own table here (test/checks/*.test.ts, `checkTable(<definition>, ...)`),
// and every finding id any check declares is the expected finding of some row of those tables.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { CATALOGUE } from '../../src/checks/catalogue.js';
import { BIN } from '../helpers/cli.js';

const HERE = import.meta.dirname;
const SRC = join(HERE, '..', '..', 'src', 'checks', 'kinds');
const tables = readdirSync(HERE)
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => ({ file: f, text: readFileSync(join(HERE, f), 'utf8') }));

/** The name each definition is exported under, found among the exports of src/checks/kinds/*.ts. */
async function exportNames(): Promise<Map<unknown, string>> {
  const names = new Map<unknown, string>();
  for (const f of readdirSync(SRC).filter((x) => x.endsWith('.ts'))) {
    const mod = (await import(join(SRC, f))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) if (CATALOGUE.includes(value as never)) names.set(value, name);
  }
  return names;
}

describe('the checks catalogue and its tables', () => {
  it('has a table for every check kind', async () => {
    const names = await exportNames();
    const missing = CATALOGUE.filter((def) => {
      const name = names.get(def);
      return !name || !tables.some((t) => t.text.includes(`checkTable(${name},`));
    }).map((def) => def.kind);
    expect(missing).toEqual([]);
  });

  it('has a row expecting every finding id a check declares', () => {
    const ids = [...new Set(CATALOGUE.flatMap((c) => c.findings.map((f) => f.id)))];
    const expected = tables.map((t) => t.text).join('\n');
    // `severity id: message` in a table row (whatever severity allowExtra or a spec gives it), or `'id place'` as
    // the records-resolve rows list them (or `id: 'id'` with its message)
    const found = (id: string) => new RegExp(`(error|warning|info) ${id}:|'${id} |id: '${id}'`).test(expected);
    expect(ids.filter((id) => !found(id))).toEqual([]);
  });

  it('leaves no row unfilled', () => {
    expect(tables.filter((t) => /\b(findings|error): FILL\b/.test(t.text)).map((t) => t.file)).toEqual([]);
  });
});

describe('what to do about each finding', () => {
  const types = CATALOGUE.flatMap((c) => c.findings.map((f) => ({ kind: c.kind, ...f })));

  it('every finding id says it: a sentence of its own, not its meaning again', () => {
    const weak = types.filter((f) => !/^[A-Z].{20,}\.$/s.test(f.hint) || f.hint === f.description);
    expect(weak.map((f) => `${f.kind}/${f.id}`)).toEqual([]);
  });

  it('one hint per finding id, whichever check declares it', () => {
    const byId = new Map<string, Set<string>>();
    for (const f of types) byId.set(f.id, (byId.get(f.id) ?? new Set()).add(f.hint));
    expect([...byId].filter(([, hints]) => hints.size > 1).map(([id]) => id)).toEqual([]);
  });

  it('names only options the CLI has', () => {
    const options = new Set(
      types.flatMap((f) => [...f.hint.matchAll(/(?<![\w-])--([a-z][a-z-]+)/g)].map((m) => m[1]!)),
    );
    const help = ['compare', 'apply', 'records']
      .map((c) => spawnSync(process.execPath, [BIN, c, '--help'], { encoding: 'utf8' }).stdout)
      .join('\n');
    expect(help).toContain('--allow-extra');
    expect([...options].filter((o) => !help.includes(`--${o}`))).toEqual([]);
  });
});

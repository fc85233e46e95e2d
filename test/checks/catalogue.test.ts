// Every check kind of the catalogue has its own table here (test/checks/*.test.ts, `checkTable(<definition>, ...)`),
// and every finding id any check declares is the expected finding of some row of those tables.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/checks/catalogue.js';

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

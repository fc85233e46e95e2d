// The same schemas registered through the ccompat APIs of Apicurio 2.6 and 3.x compare equal (ids not
// preserved), and a difference introduced on 3.x is caught: the cross-version check a 2.6 -> 3.x move needs.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { RegistryWriter } from '../helpers/seed.js';
import { SAMPLE } from '../helpers/sample-schemas.js';
import { runInProcess as runCli } from '../helpers/cli.js';
import type { RunResult } from '../../src/engine/types.js';
import type { SnapshotFile } from '../../src/sources/files/native.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { apicurio2, apicurio3 } = inject('registries');
const v2 = `${apicurio2}/apis/ccompat/v7`;
const v3 = `${apicurio3}/apis/ccompat/v7`;
const findingsOf = (stdout: string) =>
  (JSON.parse(stdout) as RunResult).outcomes.flatMap((o) =>
    o.findings.map((f) => `${f.id} ${f.subject} v${f.version}`),
  );

beforeAll(async () => {
  for (const url of [v2, v3]) {
    const w = new RegistryWriter(url);
    await w.resetSubjects();
    for (const v of SAMPLE) await w.register(v.subject, v.schema, v);
  }
});

describe('Apicurio 2.6 and 3.x through ccompat', () => {
  it('compare equal when they hold the same schemas', async () => {
    const r = await runCli(['compare', v2, v3, '--ids', 'not-preserved', '--format', 'json']);
    expect(findingsOf(r.stdout)).toEqual([]);
    expect(r.code).toBe(0);
    const run = JSON.parse(r.stdout) as RunResult;
    expect(run.source!.summary).toMatchObject({ subjects: 6, versions: 7 });
    // Each is known by the version its native API reports: they tell different spellings apart
    expect([run.source!.product, run.target!.product]).toEqual(['apicurio-2', 'apicurio-3']);
  });

  it('judge a text reformatted elsewhere by each: a lookup on 2.6 misses it (drift), 3.x finds it (info)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sr-apicurio-')), 'snap.json');
    expect((await runCli(['snapshot', v2, '-o', file, '-q'])).code).toBe(0);
    const snap = JSON.parse(readFileSync(file, 'utf8')) as SnapshotFile;
    const first = snap.subjects.find((s) => s.versions.length)!;
    const version = first.versions[0]!;
    version.schema = ` ${version.schema}\n`; // what a copy through a tool that re-indents gives
    writeFileSync(file, JSON.stringify(snap));
    const only = ['--include', first.name, '--format', 'json', '--all-findings'];
    const on2 = await runCli(['compare', file, v2, ...only]);
    expect(findingsOf(on2.stdout)).toEqual([`version-spelling-differs ${first.name} v1`]);
    expect(on2.code).toBe(1);
    const on3 = await runCli(['compare', file, v3, ...only, '--ids', 'not-preserved']);
    expect(findingsOf(on3.stdout)).toEqual([`version-raw-differs ${first.name} v1`]);
    expect(on3.code).toBe(0);
  });

  it('catch a version whose content changed on 3.x', async () => {
    const w = new RegistryWriter(v3);
    await w.softDelete('events-value');
    await w.call('DELETE', '/subjects/events-value?permanent=true');
    await w.register(
      'events-value',
      JSON.stringify({
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        properties: { id: { type: 'integer' } },
      }),
      { schemaType: 'JSON' },
    );
    const r = await runCli(['compare', v2, v3, '--ids', 'not-preserved', '--format', 'json']);
    expect(findingsOf(r.stdout)).toEqual(['version-content-differs events-value v1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('schema content differs at properties.id.type: \\"string\\" → \\"integer\\"');
  });
});

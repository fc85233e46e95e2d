// Files users already have, read as sources, and written for their tools: the Kora/Karapace migration audit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import type { KoraAudit } from '../../src/sources/snapshot/kora-audit.js';

const AUDIT = 'test/fixtures/formats/kora-audit/audit.json';
const NATIVE = 'test/fixtures/verify/dedup.json'; // the registry the audit was written from
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sr-parity-formats-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const audit = () => JSON.parse(readFileSync(AUDIT, 'utf8')) as KoraAudit;

describe('Kora/Karapace audit JSON', () => {
  it('writes the audit shape: counts, every version, schemas by id, and the dedup collisions', async () => {
    const file = join(dir, 'audit.json');
    const r = await runCli(['snapshot', NATIVE, '--format', 'kora-audit', '-o', file, '-q']);
    expect(r.code).toBe(0);
    const a = JSON.parse(readFileSync(file, 'utf8')) as KoraAudit;
    expect({ ...a.summary, source_url: undefined }).toEqual({
      timestamp: '2026-01-01T00:00:00.000Z',
      subject_count: 9,
      subject_count_active: 8,
      subject_count_deleted: 1,
      schema_count: 11,
      version_count: 11,
      has_references: true,
      dedup_collision_count: 1,
      global_config: { compatibility: 'BACKWARD' },
    });
    expect(a.dedup_collisions).toEqual([{ canonical_content: '{"fields":[{"name":"id","type":"string"}],"name":"com.acme.Order","type":"record"}', ids: [1, 77] }]);
    expect(a.schemas_by_id['77']!.subject_versions).toEqual([{ subject: 'orders-copy', version: 1, deleted: false }]);
    expect(Object.keys(a.schemas_by_id)).toContain('.eu:1');
  });

  it('reads an audit as a source: compared with the registry it describes, nothing differs', async () => {
    const r = await runCli(['compare', AUDIT, NATIVE, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).outcomes.flatMap((o: { findings: unknown[] }) => o.findings)).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('takes a schema text from schemas_by_id when a version does not repeat it', async () => {
    const a = audit();
    delete (a.subjects[0]!.versions[0] as Partial<KoraAudit['subjects'][number]['versions'][number]>).schema_text;
    const file = join(dir, 'by-id.json');
    writeFileSync(file, JSON.stringify(a));
    expect((await runCli(['compare', file, NATIVE])).code).toBe(0);
  });

  it('names the field of a malformed audit (exit 3)', async () => {
    const cases: [string, (a: KoraAudit) => void, string][] = [
      ['missing-id', (a) => delete (a.subjects[1]!.versions[0] as Partial<KoraAudit['subjects'][number]['versions'][number]>).schema_id, 'subjects[1].versions[0].schema_id: expected a number'],
      ['no-text', (a) => {
        const v = a.subjects[1]!.versions[0]!;
        delete (v as Partial<typeof v>).schema_text;
        delete a.schemas_by_id[String(v.schema_id)];
      }, 'subjects[1].versions[0].schema_text: expected a string (and schemas_by_id has no id 4)'],
      ['no-subjects', (a) => delete (a as Partial<KoraAudit>).subjects, 'top level: neither an sr-parity snapshot (formatVersion, subjects) nor a Kora/Karapace audit (summary, subjects)'],
    ];
    for (const [name, mutate, message] of cases) {
      const a = audit();
      mutate(a);
      const file = join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify(a));
      const r = await runCli(['compare', file, NATIVE]);
      expect(r.code, name).toBe(3);
      expect(r.stderr, name).toBe(`sr-parity: cannot read ${file}: ${message}\n`);
    }
  });
});

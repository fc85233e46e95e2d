// Files users already have, read as sources (and written for their tools): the Kora/Karapace migration audit,
// srctl backup directories and Karapace backups of the _schemas topic. Run in-process: the readers are functions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInProcess } from '../helpers/cli.js';
import type { KoraAudit } from '../../src/sources/files/kora-audit.js';
import { readZip, writeZip } from '../helpers/zip.js';
import type { Finding } from '../../src/engine/types.js';
import { where } from '../../src/report/common.js';

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
    const r = await runInProcess(['snapshot', NATIVE, '--format', 'kora-audit', '-o', file, '-q']);
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
    expect(a.dedup_collisions).toEqual([
      {
        canonical_content: '{"fields":[{"name":"id","type":"string"}],"name":"com.acme.Order","type":"record"}',
        ids: [1, 77],
      },
    ]);
    expect(a.schemas_by_id['77']!.subject_versions).toEqual([{ subject: 'orders-copy', version: 1, deleted: false }]);
    expect(Object.keys(a.schemas_by_id)).toContain('.eu:1');
  });

  it('reads an audit as a source: compared with the registry it describes, nothing differs', async () => {
    const r = await runInProcess(['compare', AUDIT, NATIVE, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).outcomes.flatMap((o: { findings: unknown[] }) => o.findings)).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('takes a schema text from schemas_by_id when a version does not repeat it', async () => {
    const a = audit();
    delete (a.subjects[0]!.versions[0] as Partial<KoraAudit['subjects'][number]['versions'][number]>).schema_text;
    const file = join(dir, 'by-id.json');
    writeFileSync(file, JSON.stringify(a));
    expect((await runInProcess(['compare', file, NATIVE])).code).toBe(0);
  });

  it('names the field of a malformed audit (exit 3)', async () => {
    const cases: [string, (a: KoraAudit) => void, string][] = [
      [
        'missing-id',
        (a) =>
          delete (a.subjects[1]!.versions[0] as Partial<KoraAudit['subjects'][number]['versions'][number]>).schema_id,
        'subjects[1].versions[0].schema_id: expected a whole number (at most 2^53)',
      ],
      [
        'no-text',
        (a) => {
          const v = a.subjects[1]!.versions[0]!;
          delete (v as Partial<typeof v>).schema_text;
          delete a.schemas_by_id[String(v.schema_id)];
        },
        'subjects[1].versions[0].schema_text: expected a string (and schemas_by_id has no id 4)',
      ],
      [
        'no-subjects',
        (a) => delete (a as Partial<KoraAudit>).subjects,
        'top level: not an sr-parity snapshot (formatVersion, subjects), a Kora/Karapace audit (summary, ' +
          'subjects) or a Karapace backup (V1: [[key, value], ...]; V2: a /V2 first line)',
      ],
    ];
    for (const [name, mutate, message] of cases) {
      const a = audit();
      mutate(a);
      const file = join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify(a));
      const r = await runInProcess(['compare', file, NATIVE]);
      expect(r.code, name).toBe(3);
      expect(r.stderr, name).toBe(`sr-parity: cannot read the source, ${file}: ${message}\n`);
    }
  });
});

describe('srctl backup directory', () => {
  const BACKUPS = 'fixtures/srctl-restore/backups';
  const BACKUP = `${BACKUPS}/sr-backup-20261120-090000`;
  const REGISTRY = 'test/fixtures/compare/identical/source.json'; // what was backed up, soft-deleted history included
  const findingsOf = (stdout: string) =>
    JSON.parse(stdout).outcomes.flatMap((o: { findings: { id: string; subject: string; version: number }[] }) =>
      o.findings.map((f) => `${f.id} ${f.subject} v${f.version}`),
    );
  const copy = (name: string) => {
    const to = join(dir, name);
    cpSync(BACKUP, to, { recursive: true });
    return to;
  };

  it(
    'reads the folder srctl wrote to (or the backup in it); against the registry it flags exactly the ' +
      'soft-deleted versions srctl leaves out',
    async () => {
      for (const location of [BACKUPS, BACKUP]) {
        const r = await runInProcess(['compare', location, REGISTRY, '--format', 'json']);
        // the registry holds more than the backup: drift, until told to ignore soft-deleted history
        expect(r.code).toBe(1);
        expect(findingsOf(r.stdout)).toEqual([
          'version-extra-on-target legacy-value v1',
          'version-extra-on-target orders-value v3',
        ]);
        expect(r.stderr).toBe(
          'note: srctl backups hold no soft-deleted versions: against a registry that has some, compare with ' +
            '--deleted ignore\n',
        );
      }
      const ignoring = await runInProcess(['compare', BACKUPS, REGISTRY, '--deleted', 'ignore', '--format', 'json']);
      expect(findingsOf(ignoring.stdout)).toEqual([]);
      expect(ignoring.code).toBe(0);
    },
  );

  it('names what is wrong with a broken backup (exit 3)', async () => {
    const missing = copy('missing');
    unlinkSync(join(missing, 'subjects', 'address.json'));
    const badId = copy('bad-id');
    const address = JSON.parse(readFileSync(join(badId, 'subjects', 'address.json'), 'utf8'));
    address.versions[0].schemaId = 'four';
    writeFileSync(join(badId, 'subjects', 'address.json'), JSON.stringify(address));
    const badMap = copy('bad-map');
    const maps = JSON.parse(readFileSync(join(badMap, 'id-mappings.json'), 'utf8'));
    maps[1].schemaId = 99;
    writeFileSync(join(badMap, 'id-mappings.json'), JSON.stringify(maps));
    const two = join(dir, 'two');
    cpSync(BACKUPS, two, { recursive: true });
    cpSync(BACKUP, join(two, 'sr-backup-20261121-090000'), { recursive: true });
    const cases: [string, string][] = [
      [missing, `${missing}: manifest.json counts 8 subjects but subjects/ holds 7 files (an incomplete backup?)`],
      [
        badId,
        `${join(badId, 'subjects', 'address.json')}: versions[0].schemaId: expected a whole number (at most 2^53)`,
      ],
      [badMap, `${join(badMap, 'id-mappings.json')}: [1]: address v1 is id 99 here but id 4 in its subject file`],
      [two, `${two}: holds 2 srctl backups (sr-backup-20261120-090000, sr-backup-20261121-090000); name one`],
      [
        'test/fixtures',
        'test/fixtures: is a directory, but neither an srctl backup (manifest.json and subjects/) nor a ' +
          'Karapace V3 backup (<topic>.metadata); expected a snapshot file',
      ],
    ];
    for (const [location, message] of cases) {
      const r = await runInProcess(['compare', location, REGISTRY]);
      expect(r.code, location).toBe(3);
      expect(r.stderr, location).toBe(`sr-parity: cannot read the source, ${message}\n`);
    }
  });
});

describe('Karapace backups (V1, V2 and V3)', () => {
  const DIR = 'test/fixtures/formats/karapace';
  const REGISTRY = 'test/fixtures/compare/identical/source.json'; // what the records build (its default context)

  it(
    'replays registrations, configs, tombstones, soft deletes and NOOPs into the registry ' + 'Karapace would hold',
    async () => {
      // backup-v3/ was written by scripts/fixtures/karapace-v3.py (fastavro + xxhash) from backup-v1.json's records
      for (const file of ['backup-v1.json', 'backup-v2.txt', 'backup-v3', 'backup-v3/_schemas.metadata']) {
        const r = await runInProcess(['compare', `${DIR}/${file}`, REGISTRY, '--context', '.', '--format', 'json']);
        expect(r.stderr, file).toBe('');
        const run = JSON.parse(r.stdout);
        expect(
          run.outcomes.flatMap((o: { findings: unknown[] }) => o.findings),
          file,
        ).toEqual([]);
        expect(run.source.summary, file).toMatchObject({
          subjects: 7,
          subjectsDeleted: 1,
          versions: 9,
          versionsDeleted: 2,
        });
        expect(r.code, file).toBe(0);
      }
    },
  );

  it('reads what a real Karapace 5.2.0 wrote: tombstones as empty values, a config without versions', async () => {
    // karapace-5.2.0/: `karapace_schema_backup get` (V2, and --use-format-v3) of a live Karapace on Kafka, V1 made
    // from V2, and that Karapace's snapshot. The topic holds a removed config and a hard delete as records with an
    // empty value, and configs of subjects that never had a version; one version's text was written unsorted.
    const real = 'test/fixtures/formats/karapace-5.2.0';
    for (const file of ['backup-v1.json', 'backup-v2.log', 'backup-v3']) {
      const r = await runInProcess(['compare', `${real}/registry.json`, `${real}/${file}`, '--format', 'json', '-q']);
      expect(r.stderr, file).toBe('');
      const run = JSON.parse(r.stdout);
      const findings = run.outcomes.flatMap((o: { findings: Finding[] }) =>
        o.findings.map((f) => `${f.id} ${where(f)}`),
      );
      expect(findings, file).toEqual(['version-raw-differs orders-copy-value v1']); // info: Karapace sorts keys
      expect(run.target.summary, file).toEqual({
        subjects: 6,
        subjectsDeleted: 0,
        versions: 8,
        versionsDeleted: 1,
        schemas: 7,
        contexts: 1,
      });
      expect(r.code, file).toBe(0);
    }
    // Broken copies: a line cut inside its key, and one flipped byte in a V3 data file.
    const work = mkdtempSync(join(tmpdir(), 'sr-karapace-real-'));
    const lines = readFileSync(`${real}/backup-v2.log`, 'utf8').split('\n');
    const cut = join(work, 'cut.log');
    writeFileSync(cut, [...lines.slice(0, 14), lines[14]!.slice(0, 30)].join('\n'));
    cpSync(`${real}/backup-v3`, join(work, 'v3'), { recursive: true });
    const data = join(work, 'v3', '_schemas:0.data');
    const bytes = readFileSync(data);
    bytes[bytes.length >> 1]! ^= 0x20;
    writeFileSync(data, bytes);
    for (const [location, message] of [
      [
        cut,
        /^sr-parity: cannot read .*cut\.log: line 15: expected "KEY<TAB>VALUE" \(base16\), the line is cut short\n$/,
      ],
      [
        join(work, 'v3'),
        /^sr-parity: cannot read .*_schemas:0\.data: (record \d+ \(byte \d+\)|checksum).*corrupted\)\n$/,
      ],
    ] as const) {
      const r = await runInProcess(['compare', location, `${real}/registry.json`]);
      expect(r.stderr, location).toMatch(message);
      expect(r.code, location).toBe(3);
    }
    rmSync(work, { recursive: true, force: true });
  });

  it('names the line (V2) or record (V1) of a broken backup (exit 3)', async () => {
    const lines = readFileSync(`${DIR}/backup-v2.txt`, 'utf8').split('\n');
    const v1 = JSON.parse(readFileSync(`${DIR}/backup-v1.json`, 'utf8')) as [string, string | null][];
    const write = (name: string, text: string) => {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    };
    const cases: [string, string][] = [];
    const cut = write('cut.txt', [...lines.slice(0, 4), lines[4]!.slice(0, 20)].join('\n'));
    cases.push([cut, `${cut}: line 5: expected "KEY<TAB>VALUE" (base16), the line is cut short`]);
    const badHex = write('bad-hex.txt', [lines[0], lines[1], `ZZ${lines[2]!}`, ...lines.slice(3)].join('\n'));
    cases.push([badHex, `${badHex}: line 3: key is not base16 (hex)`]);
    const triple = write(
      'triple.json',
      JSON.stringify([v1[0], v1[1], [JSON.stringify({ keytype: 'NOOP' }), '{}', 'x']]),
    );
    cases.push([triple, `${triple}: [2]: expected [key, value]`]);
    for (const [file, message] of cases) {
      const r = await runInProcess(['compare', file, REGISTRY]);
      expect(r.code, file).toBe(3);
      expect(r.stderr, file).toBe(`sr-parity: cannot read the source, ${message}\n`);
    }
  });

  it('names each record Karapace would skip as a warning, and reads the rest (exit 0)', async () => {
    const lines = readFileSync(`${DIR}/backup-v2.txt`, 'utf8').trimEnd().split('\n');
    const key = lines[2]!.split('\t')[0]!;
    const notJson = `${key}\t${Buffer.from('{oops').toString('hex')}`;
    const hex = (text: string) => Buffer.from(text).toString('hex');
    const mode = `${hex('{"keytype":"MODE","magic":0}')}\t${hex('{"mode":"IMPORT"}')}`;
    const file = join(dir, 'skipping.txt');
    writeFileSync(file, [...lines, notJson, mode].join('\n') + '\n');
    const r = await runInProcess(['compare', file, `${DIR}/backup-v2.txt`, '--format', 'compact', '--no-color']);
    const n = lines.length;
    expect(r.stdout.trim().split('\n').slice(0, 2)).toEqual([
      `warning source-record-skipped source line ${n + 1}: line ${n + 1} of the source file: the value is not JSON; ` +
        'Karapace skips this record, and so does the comparison',
      `warning source-record-skipped source line ${n + 2}: line ${n + 2} of the source file: keytype "MODE" is not ` +
        'one Karapace reads; Karapace skips this record, and so does the comparison',
    ]);
    expect(r.code).toBe(0);
  });

  it(
    'checks a V3 backup as Karapace restores it: marker, counts, offsets, checkpoints and the file checksum ' +
      '(exit 3)',
    async () => {
      const V3 = `${DIR}/backup-v3`;
      const data = readFileSync(`${V3}/_schemas:0.data`);
      const meta = readFileSync(`${V3}/_schemas.metadata`);
      const variant = (name: string, change: { data?: Buffer | null; meta?: Buffer }) => {
        const d = join(dir, name);
        cpSync(V3, d, { recursive: true });
        if (change.data === null) unlinkSync(join(d, '_schemas:0.data'));
        else if (change.data) writeFileSync(join(d, '_schemas:0.data'), change.data);
        if (change.meta) writeFileSync(join(d, '_schemas.metadata'), change.meta);
        return d;
      };
      const flip = (at: number) => {
        const b = Buffer.from(data);
        b[at] = b[at]! ^ 0x01;
        return b;
      };
      const frameStarts: number[] = [];
      for (let at = 0; at < data.length; at += 4 + data.readUInt32BE(at)) frameStarts.push(at);
      const unknownAlgorithm = Buffer.from(meta);
      unknownAlgorithm[meta.length - 1] = 0; // the enum's index: 0 is "unknown"
      const cases: [string, string][] = [];
      const add = (name: string, change: Parameters<typeof variant>[1], message: (d: string) => string) => {
        const d = variant(name, change);
        cases.push([d, message(d)]);
      };
      add(
        'v3-cut',
        { data: data.subarray(0, data.length - 5) },
        (d) => `${d}/_schemas:0.data: ends inside a record at byte ${frameStarts.at(-1)} (truncated?)`,
      );
      add(
        'v3-short',
        { data: data.subarray(0, frameStarts.at(-1)) },
        (d) => `${d}/_schemas:0.data: 17 record(s), the metadata declares 18 (truncated?)`,
      );
      add(
        'v3-extra',
        { data: Buffer.concat([data, data.subarray(frameStarts[1]!, frameStarts[2]!)]) },
        (d) => `${d}/_schemas:0.data: data beyond the 18 record(s) the metadata declares, at byte ${data.length}`,
      );
      add(
        'v3-flip-early',
        { data: flip(frameStarts[1]! + 10) },
        (d) =>
          `${d}/_schemas:0.data: record 3 (byte ${frameStarts[3]}): ` +
          'checksum checkpoint does not match the records before it (corrupted)',
      );
      add(
        'v3-flip-late',
        { data: flip(data.length - 30) },
        (d) => `${d}/_schemas:0.data: checksum of the whole file does not match the metadata (corrupted)`,
      );
      add(
        'v3-no-data',
        { data: null },
        (d) => `${d}/_schemas:0.data: no such file (the data file ${d}/_schemas.metadata names)`,
      );
      add(
        'v3-no-marker',
        { meta: Buffer.concat([Buffer.from('/V9\n'), meta.subarray(4)]) },
        (d) => `${d}/_schemas.metadata: not a Karapace V3 metadata file (no /V3 marker)`,
      );
      add(
        'v3-meta-cut',
        { meta: meta.subarray(0, 40) },
        (d) =>
          `${d}/_schemas.metadata: metadata record is ${meta.readUInt32BE(4)} bytes, ` +
          'the file holds 32 after its length (truncated)',
      );
      add(
        'v3-algorithm',
        { meta: unknownAlgorithm },
        (d) => `${d}/_schemas.metadata: checksum algorithm unknown: written by a newer Karapace than this reader knows`,
      );
      for (const [location, message] of cases) {
        const r = await runInProcess(['compare', location, REGISTRY]);
        expect(r.stderr, location).toBe(`sr-parity: cannot read the source, ${message}\n`);
        expect(r.code, location).toBe(3);
      }
    },
  );
});

describe('Apicurio export ZIPs', () => {
  const ZIP26 = 'fixtures/apicurio-2-to-3/export-2.6.zip';
  const ZIP3 = 'fixtures/apicurio-2-to-3/export-3.x.zip';

  it('reads what 2.6 and 3.3.3 export (their real ZIPs): the same registry', async () => {
    const r = await runInProcess(['compare', ZIP26, ZIP3, '--format', 'json']);
    const run = JSON.parse(r.stdout);
    expect(run.outcomes.flatMap((o: { findings: unknown[] }) => o.findings)).toEqual([]);
    expect(run.source).toMatchObject({ flavor: 'apicurio-export-v2', summary: { subjects: 10, versions: 14 } });
    expect(run.target).toMatchObject({ flavor: 'apicurio-export-v3', summary: { subjects: 10, versions: 14 } });
    expect(r.code).toBe(0);
  });

  it('names the entry of a broken export, or says it is no ZIP (exit 3)', async () => {
    const entries = await readZip(ZIP3);
    const names = [...entries.keys()];
    const dataEntry = names.find((n) => n.endsWith('.Content.data'))!;
    const metaEntry = dataEntry.replace('.Content.data', '.Content.json');
    const contentId = JSON.parse(entries.get(metaEntry)!.toString()).contentId as number;
    const versionEntry = names.find(
      (n) => n.endsWith('.ArtifactVersion.json') && JSON.parse(entries.get(n)!.toString()).contentId === contentId,
    )!;
    const manifest = names.find((n) => n.endsWith('.Manifest.json'))!;
    const variant = async (name: string, change: (m: Map<string, Buffer>) => void) => {
      const m = new Map(entries);
      change(m);
      const file = join(dir, name);
      await writeZip(file, m);
      return file;
    };
    const whole = readFileSync(ZIP3);
    const cut = join(dir, 'cut.zip');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const text = join(dir, 'not-a.zip');
    writeFileSync(text, 'this is a README, not an export\n');
    const cases: [string, string][] = [
      [cut, `${cut}: not a ZIP file, or a truncated one (no central directory)`],
      [text, `${text}: not a ZIP file, or a truncated one (no central directory)`],
    ];
    const add = async (name: string, change: (m: Map<string, Buffer>) => void, message: (f: string) => string) => {
      const f = await variant(name, change);
      cases.push([f, message(f)]);
    };
    await add(
      'no-manifest.zip',
      (m) => m.delete(manifest),
      (f) => `${f}: no manifest entry (*.Manifest.json): not an Apicurio export ZIP`,
    );
    await add(
      'future.zip',
      (m) =>
        m.set(
          manifest,
          Buffer.from(
            JSON.stringify({
              ...JSON.parse(entries.get(manifest)!.toString()),
              exportVersion: '9.0',
              systemVersion: '9.1.0',
            }),
          ),
        ),
      (f) =>
        `${f}: manifest: exportVersion "9.0" (Apicurio 9.1.0) is not one this tool reads (1.0 from 2.x, 3.0 from 3.x)`,
    );
    await add(
      'no-data.zip',
      (m) => m.delete(dataEntry),
      (f) => `${f}: ${metaEntry}: has no ${dataEntry} beside it (entries missing?)`,
    );
    await add(
      'no-content.zip',
      (m) => {
        m.delete(dataEntry);
        m.delete(metaEntry);
      },
      (f) => `${f}: ${versionEntry}: contentId ${contentId} has no content/ entry (entries missing?)`,
    );
    await add(
      'bad-json.zip',
      (m) => m.set(versionEntry, Buffer.from('{"globalId": ')),
      (f) => `${f}: ${versionEntry}: is not valid JSON`,
    );
    for (const [file, message] of cases) {
      const r = await runInProcess(['compare', file, ZIP26]);
      expect(r.stderr, file).toBe(`sr-parity: cannot read the source, ${message}\n`);
      expect(r.code, file).toBe(3);
    }
  });
});

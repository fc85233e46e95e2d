// Karapace 5.2.0, built from ../shared/vendor/karapace and run on a real Kafka broker (scripts/registries): its live
// REST API, its own backups (written by karapace_schema_backup, V1 made from V2), those backups restored into an
// empty topic and read by a fresh Karapace, and the Karapace -> Kora path with Karapace as the source.
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KarapaceTools } from '../helpers/karapace.js';
import { RegistryWriter } from '../helpers/seed.js';
import { runInProcess as runCli } from '../helpers/cli.js';
import type { SnapshotFile } from '../../src/sources/files/native.js';
import type { RunResult } from '../../src/engine/types.js';
import { where } from '../../src/report/common.js';

const { karapace, karapaceRestored, kafka, karapaceBackupTool, axonopsTarget } = inject('registries');
const tools = new KarapaceTools(kafka, karapaceBackupTool);
const backupTool = (args: string[], topic?: string) => tools.backup(args, topic);
const kp = new RegistryWriter(karapace);
const target = new RegistryWriter(axonopsTarget);

const ORDER_V1 = '{"type":"record","name":"Order","fields":[{"name":"id","type":"long"}]}';
const ORDER_V2 =
  '{"type":"record","name":"Order","fields":[{"name":"id","type":"long"},' +
  '{"name":"note","type":["null","string"],"default":null}]}';
const ORDER_V3 =
  '{"type":"record","name":"Order","fields":[{"name":"id","type":"long"},' +
  '{"name":"note","type":["null","string"],"default":null},{"name":"qty","type":["null","int"],"default":null}]}';
const MONEY = 'syntax = "proto3";\npackage acme;\nmessage Money { int64 units = 1; string currency = 2; }\n';
const CUSTOMER =
  'syntax = "proto3";\npackage acme;\nimport "common.proto";\nmessage Customer { string name = 1; Money balance ' +
  '= 2; }\n';
const EVENT = '{"type":"object","properties":{"kind":{"type":"string"}}}';

beforeEach(async () => {
  await Promise.all([kp.reset(), target.reset()]);
});

/** Avro, Protobuf with a reference, JSON Schema, content shared by two subjects, soft deletes, configs. */
async function seedKarapace() {
  const ids = {
    order1: await kp.register('orders-value', ORDER_V1),
    order2: await kp.register('orders-value', ORDER_V2),
    order3: await kp.register('orders-value', ORDER_V3),
    payment: await kp.register('payments-value', ORDER_V1), // the same content: Karapace gives it the same id
    money: await kp.register('common.proto', MONEY, { schemaType: 'PROTOBUF' }),
    customer: await kp.register('customer-value', CUSTOMER, {
      schemaType: 'PROTOBUF',
      references: [{ name: 'common.proto', subject: 'common.proto', version: 1 }],
    }),
    event: await kp.register('events-value', EVENT, { schemaType: 'JSON' }),
    legacy: await kp.register('legacy-value', '"string"'),
  };
  await kp.softDelete('orders-value', 3);
  await kp.softDelete('legacy-value');
  await kp.setConfig('orders-value', 'FULL');
  await kp.setConfig('pre-registered-value', 'FORWARD'); // set before the subject's first registration
  await kp.setConfig(null, 'NONE');
  return ids;
}

/** What a snapshot holds, a line per version and per subject config (leftovers of other tests: none). */
function contents(snap: SnapshotFile): string[] {
  return snap.subjects.flatMap((s) => [
    ...s.versions.map((v) => {
      const refs = (v.references ?? []).map((r) => ` ref ${r.name}=${r.subject}/${r.version}`).join('');
      return `${s.name} v${v.version} id ${v.id} ${v.schemaType ?? 'AVRO'}${v.deleted ? ' soft-deleted' : ''}${refs}`;
    }),
    ...(s.config ? [`${s.name} config ${JSON.stringify(s.config)}${s.versions.length ? '' : ' (no versions)'}`] : []),
  ]);
}

async function capture(url: string, file: string, format = 'sr-parity'): Promise<void> {
  const r = await runCli(['snapshot', url, '--format', format, '-o', file, '-q']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

/** Exit code and every finding (any severity) of `compare`. */
async function compare(a: string, b: string, ...extra: string[]) {
  const r = await runCli(['compare', a, b, '--format', 'json', '--all-findings', '-q', ...extra]);
  if (r.code > 1) return { code: r.code, findings: [r.stderr.trim()] };
  const run = JSON.parse(r.stdout) as RunResult;
  return {
    code: r.code,
    findings: run.outcomes.flatMap((o) => o.findings.map((f) => `${f.severity} ${f.id} ${where(f)}`)),
  };
}

/** V2, V3 (a directory) and V1 (a JSON array of [key, value], made from V2: Karapace 5 no longer writes it). */
function backups(dir: string) {
  const v2 = join(dir, 'backup-v2.log');
  const v3 = join(dir, 'backup-v3');
  backupTool(['get', '--location', v2]);
  backupTool(['get', '--location', v3, '--use-format-v3', '--replication-factor', '1']);
  const text = (hex: string) => (hex === 'null' ? null : Buffer.from(hex, 'hex').toString('utf8'));
  const records = readFileSync(v2, 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => line.split('\t').map(text));
  const v1 = join(dir, 'backup-v1.json');
  writeFileSync(v1, JSON.stringify(records));
  return { v1, v2, v3 };
}

describe('a live Karapace on Kafka', () => {
  it('is read exactly: versions, ids, soft deletes, references, configs, a config without versions', async () => {
    const ids = await seedKarapace();
    expect(ids.payment).toBe(ids.order1);
    const dir = mkdtempSync(join(tmpdir(), 'sr-karapace-'));
    await capture(karapace, join(dir, 'snap.json'));
    const snap = JSON.parse(readFileSync(join(dir, 'snap.json'), 'utf8')) as SnapshotFile;
    expect(contents(snap)).toEqual([
      `common.proto v1 id ${ids.money} PROTOBUF`,
      `customer-value v1 id ${ids.customer} PROTOBUF ref common.proto=common.proto/1`,
      `events-value v1 id ${ids.event} JSON`,
      `legacy-value v1 id ${ids.legacy} AVRO soft-deleted`,
      `orders-value v1 id ${ids.order1} AVRO`,
      `orders-value v2 id ${ids.order2} AVRO`,
      `orders-value v3 id ${ids.order3} AVRO soft-deleted`,
      'orders-value config {"compatibility":"FULL"}',
      `payments-value v1 id ${ids.order1} AVRO`,
      'pre-registered-value config {"compatibility":"FORWARD"} (no versions)',
    ]);
    expect(snap.global.config).toEqual({ compatibility: 'NONE' });
    expect(snap.source.product).toBe('karapace'); // its /_health says so: it decides which spellings are the same
  });

  it('is known as Karapace: properties in another order are the same schema to it, 0 and 0.0 are not', async () => {
    // As a source that keeps texts as written holds them, and as Karapace stores them (keys sorted)
    const written: Record<string, [string, string]> = {
      'ordered-value': [
        '{"type":"record","name":"P","x.b":"2","x.a":"1","fields":[{"name":"id","type":"long"}]}',
        '{"type":"record","name":"P","x.b":"2","x.a":"1","fields":[{"name":"id","type":"long"}]}',
      ],
      'decimal-value': [
        '{"type":"record","name":"Q","fields":[{"name":"amount","type":"double","default":0}]}',
        '{"type":"record","name":"Q","fields":[{"name":"amount","type":"double","default":0.0}]}',
      ],
      'named-value': [
        '{"type":"enum","name":"com.acme.E","symbols":["A"]}',
        '{"type":"enum","name":"E","namespace":"com.acme","symbols":["A"]}',
      ],
    };
    for (const [subject, [, registered]] of Object.entries(written)) await kp.register(subject, registered);
    const file = join(mkdtempSync(join(tmpdir(), 'sr-karapace-')), 'snap.json');
    await capture(karapace, file);
    const snap = JSON.parse(readFileSync(file, 'utf8')) as SnapshotFile;
    snap.subjects = snap.subjects.filter((s) => s.name in written);
    for (const s of snap.subjects) s.versions[0]!.schema = written[s.name]![0];
    writeFileSync(file, JSON.stringify(snap));
    expect(await compare(file, karapace, '--include', '{ordered,decimal,named}-value')).toEqual({
      code: 1,
      findings: [
        'error version-spelling-differs decimal-value v1',
        'error version-spelling-differs named-value v1',
        'info version-raw-differs ordered-value v1',
      ],
    });
  });

  it(
    'compares clean with its own snapshot, Kora audit and V1, V2 and V3 backups, and names ' + 'planted drift',
    async () => {
      await seedKarapace();
      const dir = mkdtempSync(join(tmpdir(), 'sr-karapace-'));
      const [snap, audit] = [join(dir, 'snap.json'), join(dir, 'audit.json')];
      await capture(karapace, snap);
      await capture(karapace, audit, 'kora-audit');
      const { v1, v2, v3 } = backups(dir);
      for (const file of [snap, audit, v1, v2, v3])
        expect(await compare(karapace, file)).toEqual({ code: 0, findings: [] });

      await kp.softDelete('orders-value', 2);
      await kp.setConfig('payments-value', 'FULL');
      await kp.setConfig('pre-registered-value', 'BACKWARD');
      await kp.register('events-value', '{"type":"object"}', { schemaType: 'JSON' });
      expect(await compare(snap, karapace)).toEqual({
        code: 1,
        findings: [
          'error version-extra-on-target events-value v2',
          'error version-deleted-state-differs orders-value v2',
          'error config-differs payments-value',
          'error config-differs pre-registered-value',
        ],
      });
    },
  );

  it('restores each of its backups into an empty topic that a fresh Karapace reads as the same registry', async () => {
    await seedKarapace();
    const dir = mkdtempSync(join(tmpdir(), 'sr-karapace-'));
    const { v1, v2 } = backups(dir);
    const run = Date.now();
    const restoredTopic = async (format: string, topic: string) => {
      await tools.withRestored(topic, async () => {
        expect([format, await compare(karapace, karapaceRestored)]).toEqual([format, { code: 0, findings: [] }]);
      });
    };
    backupTool(['restore', '--location', v1], `_schemas_v1_${run}`);
    await restoredTopic('v1', `_schemas_v1_${run}`);
    const topic = `_schemas_v2_${run}`;
    backupTool(['restore', '--location', v2], topic);
    await restoredTopic('v2', topic);
    // A V3 backup restores only into a topic of the name it was taken from, absent: the restored copy's topic is
    // backed up, deleted and restored from V3.
    const v3 = join(dir, 'copy-v3');
    backupTool(['get', '--location', v3, '--use-format-v3', '--replication-factor', '1'], topic);
    expect(await compare(karapace, v3)).toEqual({ code: 0, findings: [] });
    tools.deleteTopic(topic);
    backupTool(['restore', '--location', v3], topic);
    await restoredTopic('v3', topic);
  });
});

/** Failed or errored checks of a spec run, each with its error-level findings. */
async function verify(spec: string, env: Record<string, string>) {
  const r = await runCli(['verify', `specs/${spec}.yaml`, '--format', 'json', '--all-findings', '-q'], env);
  if (r.code > 1) return { code: r.code, failing: [r.stderr.trim()] };
  const run = JSON.parse(r.stdout) as RunResult;
  const failing = run.outcomes.flatMap((o) =>
    o.status === 'passed'
      ? []
      : [`${o.check}: ${o.findings.filter((f) => f.severity === 'error').map((f) => `${f.id} ${where(f)}`)}`],
  );
  return { code: r.code, failing };
}

/**
 * Writes `_schemas` records the way Karapace does, through its own restore of a V2 file into the live topic: what
 * REST cannot do (Karapace ignores `id` in a POST), such as the same content registered under a second id.
 */
function writeSchemaRecord(subject: string, version: number, id: number, schema: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'sr-karapace-rec-'));
  const hex = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('hex').toUpperCase();
  const key = { keytype: 'SCHEMA', subject, version, magic: 1 };
  const value = { subject, version, id, schema, deleted: false };
  writeFileSync(join(dir, 'records.log'), `/V2\n${hex(key)}\t${hex(value)}\n`);
  backupTool(['restore', '--location', join(dir, 'records.log')]);
}

describe('Karapace -> Kora with the real Karapace as the source', () => {
  it('apply keeps ids, soft deletes and early configs; the audit gate is green, then names planted drift', async () => {
    const ids = await seedKarapace();
    const dir = mkdtempSync(join(tmpdir(), 'sr-karapace-kora-'));
    const audit = join(dir, 'audit.json');
    await capture(karapace, audit, 'kora-audit');
    const args = ['--ids', 'preserve', '--include-deleted', '--yes', '--state', join(dir, 'state'), '-q'];
    const applied = await runCli(['apply', karapace, axonopsTarget, ...args]);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    // Karapace lists soft-deleted versions in GET /schemas without ?deleted=true: active ones stay active.
    expect(await target.call('GET', '/subjects/orders-value/versions')).toEqual([1, 2]);
    expect(await target.call('GET', '/subjects/orders-value/versions/2')).toMatchObject({ id: ids.order2 });
    expect(await target.call('GET', '/subjects')).not.toContain('legacy-value');
    expect(await target.call('GET', '/config/pre-registered-value')).toEqual({ compatibilityLevel: 'FORWARD' });

    for (const source of [audit, karapace])
      expect(await verify('karapace-to-kora', { SOURCE_URL: source, TARGET_URL: axonopsTarget })).toEqual({
        code: 0,
        failing: [],
      });
    await target.softDelete('orders-value', 2);
    await target.setConfig('pre-registered-value', 'NONE');
    expect(await verify('karapace-to-kora', { SOURCE_URL: audit, TARGET_URL: axonopsTarget })).toEqual({
      code: 1,
      failing: [
        'versions-equal: version-deleted-state-differs orders-value v2',
        'config-equal: config-differs pre-registered-value',
        'counts: count-differs versionsDeleted',
      ],
    });
  });

  it('lists content Karapace holds under two ids, and passes a deduplicating target only with the id map', async () => {
    const ids = await seedKarapace();
    const copyId = ids.legacy + 100;
    writeSchemaRecord('orders-copy-value', 1, copyId, ORDER_V1); // as an earlier id-preserving import left it
    const dir = mkdtempSync(join(tmpdir(), 'sr-karapace-dedup-'));
    const audit = join(dir, 'audit.json');
    await capture(karapace, audit, 'kora-audit');
    const collisions = JSON.parse(readFileSync(audit, 'utf8')).dedup_collisions.map((c: { ids: number[] }) => c.ids);
    expect(collisions).toEqual([[ids.order1, copyId]]);

    // Kora keeps one id per content, the lowest: the target holds the copy under the original's id.
    const asKora = join(dir, 'as-kora.json');
    await capture(karapace, asKora);
    const kora = JSON.parse(readFileSync(asKora, 'utf8')) as SnapshotFile;
    for (const s of kora.subjects) for (const v of s.versions) if (v.id === copyId) v.id = ids.order1;
    await target.seedSnapshot(kora);
    const map = join(dir, 'id-map.json');
    writeFileSync(map, JSON.stringify({ [copyId]: ids.order1 }));
    const env = { SOURCE_URL: audit, TARGET_URL: axonopsTarget };
    expect(await verify('karapace-to-kora', { ...env, ID_MAP: map })).toEqual({ code: 0, failing: [] });
    expect(await verify('karapace-to-kora', env)).toEqual({
      code: 1,
      failing: [
        `ids-equal: version-id-differs orders-copy-value v1,id-missing-on-target id ${copyId}`,
        'dedup-ids-kept: dedup-id-unresolvable orders-copy-value v1',
        'counts: count-differs schemas',
      ],
    });

    // A REST copy into a target that deduplicates as it registers (new ids): apply's id map sends both ids to one.
    // Such a copy keeps no ids, so it is gated by the id-changing spec with that map (karapace-to-kora is for
    // id-keeping targets, which must hold the lowest id of each content).
    await target.reset();
    const state = join(dir, 'state');
    const idMap = join(dir, 'apply-id-map.json');
    const args = ['--ids', 'new', '--id-map-out', idMap, '--yes', '--state', state, '-q'];
    const copy = await runCli(['apply', karapace, axonopsTarget, ...args]);
    expect([copy.code, copy.stderr]).toEqual([0, '']);
    const entries = JSON.parse(readFileSync(idMap, 'utf8')).entries as { source: number; target: number }[];
    const to = (id: number) => entries.find((e) => e.source === id)!.target;
    expect(to(copyId)).toBe(to(ids.order1));
    const copied = { SOURCE_URL: karapace, TARGET_URL: axonopsTarget };
    expect(await verify('id-changing-migration', { ...copied, ID_MAP: idMap })).toEqual({ code: 0, failing: [] });
    const keptIds = await verify('karapace-to-kora', { ...env, ID_MAP: idMap });
    expect(keptIds.failing).toContain('dedup-ids-kept: dedup-canonical-id-lost orders-value v1');
  });
});

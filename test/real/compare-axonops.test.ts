// The compare fixture scenarios replayed against two real AxonOps registries: the same findings must come out
// of live servers as out of the snapshot files.
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectedOf, snapshotOf } from '../helpers/fixtures.js';
import { RegistryWriter } from '../helpers/seed.js';
import { runInProcess as runCli } from '../helpers/cli.js';
import type { SnapshotFile } from '../../src/sources/files/native.js';
import type { RunResult } from '../../src/engine/types.js';
import { where } from '../../src/report/common.js';

const { axonopsSource, axonopsTarget } = inject('registries');
const source = new RegistryWriter(axonopsSource);
const target = new RegistryWriter(axonopsTarget);
const snap = snapshotOf;

async function compareLive(args: string[] = []): Promise<{ code: number; findings: string[]; run: RunResult }> {
  const r = await runCli([
    'compare',
    '--url',
    axonopsSource,
    '--target-url',
    axonopsTarget,
    '--format',
    'json',
    '--all-findings',
    ...args,
  ]);
  expect(r.stderr).toBe('');
  const run = JSON.parse(r.stdout) as RunResult;
  return {
    code: r.code,
    run,
    findings: run.outcomes.flatMap((o) => o.findings.map((f) => `${f.id} ${where(f)}`)).sort(),
  };
}

beforeEach(async () => {
  await Promise.all([source.reset(), target.reset()]);
});

/**
 * Spellings are judged by the target's product: the fixtures know none (a warning); live, the target is AxonOps, which
 * takes `0` and `0.0`, Avro custom properties and JSON Schema keys in any order for the same schema (no fixture
 * writes a primitive as `{"type":"string"}`, the one spelling AxonOps tells apart).
 */
/** The requests the source AxonOps has logged so far, a JSON line each. */
const sourceRequestsLogged = () =>
  readFileSync(join(import.meta.dirname, '..', '..', '.registries', 'logs', 'axonops-source.log'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('"msg":"request"'));

const onAxonOps = (finding: string) => finding.replace(/^version-spelling-differs /, 'version-raw-differs ');

describe('compare two real AxonOps registries', () => {
  const scenarios = [
    'identical',
    'reformatted-equivalent',
    'subject-missing',
    'subject-extra',
    'soft-deleted-subject-lost',
    'version-missing',
    'soft-deleted-version-lost',
    'version-extra',
    'version-id-differs',
    'content-differs',
    'semantic-differs',
    'references-differ',
    'protobuf-differs',
    'config-differs',
    'mode-differs',
    'subject-mode-differs',
    'target-left-in-import-mode',
    'subject-left-in-import-mode',
    'context-missing',
    'context-left-in-import-mode',
    'context-config-differs',
    'ids-not-preserved',
    'avro-doc-differs',
    'avro-custom-property-differs',
    'number-written-differs', // AxonOps keeps the text as registered: 0.0 stays 0.0
    'avro-property-order-differs',
    'target-readonly',
    'subject-readonly-on-target',
    'subject-extra-allowed',
  ];
  for (const scenario of scenarios) {
    it(`reports the fixture's findings live: ${scenario}`, async () => {
      await source.seedSnapshot(snap(scenario, 'source'));
      await target.seedSnapshot(snap(scenario, 'target'));
      const { options, findings: expected } = expectedOf(scenario);
      const findings = expected.map(onAxonOps).sort();
      const args = [...(options.ids ? ['--ids', options.ids] : []), ...(options.allowExtra ? ['--allow-extra'] : [])];
      const { code, findings: live, run } = await compareLive(args);
      expect(live).toEqual(findings);
      expect(code).toBe(run.outcomes.some((o) => o.status === 'failed') ? 1 : 0);
      expect(run.source!.summary.versions).toBe(
        snap(scenario, 'source').subjects.reduce((n, s) => n + s.versions.length, 0),
      );
    });
  }

  it(
    'knows the target is AxonOps: a primitive written as {"type":"string"} is an error, as ' + 'AxonOps misses it',
    async () => {
      const bare = snap('identical', 'target');
      const orders = bare.subjects.find((s) => s.name === 'orders-value')!;
      orders.versions[0]!.schema = orders.versions[0]!.schema.replace('"type":"string"', '"type":{"type":"string"}');
      await source.seedSnapshot(bare);
      await target.seedSnapshot(snap('identical', 'target'));
      const { code, run } = await compareLive();
      const found = run.outcomes.flatMap((o) => o.findings.map((f) => `${f.severity} ${f.id} ${where(f)}`));
      expect(found).toEqual(['error version-spelling-differs orders-value v1']);
      expect(run.target!.product).toBe('axonops');
      expect(code).toBe(1);
    },
  );

  it('writes a Kora/Karapace audit of a live registry that compares equal to it', async () => {
    await source.seedSnapshot(snap('identical', 'source'));
    const file = join(import.meta.dirname, '..', '..', 'reports', 'real-kora-audit.json');
    expect((await runCli(['snapshot', axonopsSource, '--format', 'kora-audit', '-o', file, '-q'])).code).toBe(0);
    const r = await runCli(['compare', file, axonopsSource, '--format', 'json', '--all-findings']);
    expect(
      (JSON.parse(r.stdout) as RunResult).outcomes.flatMap((o) => o.findings.map((f) => `${f.id} ${where(f)}`)),
    ).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('gives zero findings between a live registry and its own snapshot, and sends only GET requests', async () => {
    await source.seedSnapshot(snap('identical', 'source'));
    const before = sourceRequestsLogged().length;
    const file = join(import.meta.dirname, '..', '..', 'reports', 'real-snapshot.json');
    const s = await runCli(['snapshot', axonopsSource, '-o', file]);
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(
      /8 subjects \(1 soft-deleted\), 10 versions \(2 soft-deleted\), 10 schema ids, 2 contexts, \d+ requests/,
    );
    const r = await runCli(['compare', file, axonopsSource, '--format', 'json', '--all-findings']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as RunResult).outcomes.flatMap((o) => o.findings)).toEqual([]);
    const during = sourceRequestsLogged().slice(before);
    expect(during.length).toBeGreaterThan(20);
    expect(during.filter((l) => !l.includes('"method":"GET"'))).toEqual([]);
  });

  it(
    "tells soft-deleted versions by AxonOps's own reads: one version listing a subject, the " + 'same snapshot',
    async () => {
      await source.seedSnapshot(snap('identical', 'source'));
      // The log has no query strings: a subject's listing with ?deleted=true and without look alike.
      const listings = () =>
        sourceRequestsLogged().filter((l) => /"path":"\/subjects\/[^"]+\/versions"/.test(l)).length;
      const before = listings();
      const file = join(import.meta.dirname, '..', '..', 'reports', 'real-snapshot-deleted.json');
      expect((await runCli(['snapshot', axonopsSource, '-o', file, '-q'])).code).toBe(0);
      const written = JSON.parse(readFileSync(file, 'utf8')) as SnapshotFile;
      expect(listings() - before).toBe(written.subjects.length);
      const state = (name: string) => {
        const s = written.subjects.find((x) => x.name === name)!;
        const versions = s.versions.map((v) => `${v.version}${v.deleted ? '-' : '+'}`);
        return `${s.deleted ? 'deleted' : 'live'} ${versions.join(' ')}`;
      };
      // A live subject with a soft-deleted version, and a soft-deleted subject.
      expect([state('orders-value'), state('legacy-value')]).toEqual(['live 1+ 2+ 3-', 'deleted 1-']);
    },
  );

  // AxonOps's GET /schemas rows carry no metadata or ruleSet (its per-version reads do), and its IMPORT mode drops a
  // registration's metadata: these versions are registered plainly, so ids are compared through the id map.
  it('reads metadata and ruleSet the bulk listing leaves out, on every version, and reports their loss', async () => {
    const rules = { domainRules: [{ name: 'positive', kind: 'CONDITION', type: 'CEL', mode: 'WRITE', expr: 'true' }] };
    for (const w of [source, target]) await w.setConfig('contract-value', 'NONE');
    await source.register('contract-value', '"string"', {
      metadata: { properties: { owner: 'team-a' } },
      ruleSet: rules,
    });
    // inherits rules
    await source.register('contract-value', '"long"', { metadata: { properties: { owner: 'team-b' } } });
    await target.register('contract-value', '"string"');
    await target.register('contract-value', '"long"', { metadata: { properties: { owner: 'team-b' } } });
    const { code, findings } = await compareLive(['--ids', 'not-preserved']);
    expect(findings).toEqual([
      'metadata-differs contract-value v1',
      'ruleset-differs contract-value v1',
      'ruleset-differs contract-value v2',
    ]);
    expect(code).toBe(1);

    const file = join(import.meta.dirname, '..', '..', 'reports', 'real-contracts-snapshot.json');
    expect((await runCli(['snapshot', axonopsSource, '-o', file, '-q'])).code).toBe(0);
    const back = await runCli(['compare', file, axonopsSource, '--format', 'json', '--all-findings']);
    expect((JSON.parse(back.stdout) as RunResult).outcomes.flatMap((o) => o.findings)).toEqual([]);
    const snapshot = JSON.parse(readFileSync(file, 'utf8')) as SnapshotFile;
    expect(snapshot.subjects[0]!.versions[0]!.metadata).toEqual({
      properties: { 'confluent:version': '1', owner: 'team-a' },
    });
  });
});

describe('the DEK registry, as AxonOps serves it', () => {
  const kek = {
    name: 'orders-kek',
    kmsType: 'local-kms',
    kmsKeyId: 'k1',
    kmsProps: { secret: 'not-shown' },
    shared: false,
  };
  const dek = { subject: 'orders-value', algorithm: 'AES256_GCM', encryptedKeyMaterial: 'QUFBQQ==' };
  const post = (w: RegistryWriter, k = kek, d = dek) =>
    w.call('POST', '/dek-registry/v1/keks', k).then(() => w.call('POST', `/dek-registry/v1/keks/${k.name}/deks`, d));

  // ids not preserved: AxonOps's ids keep counting past earlier tests' hard deletes on each side
  const NEW_IDS = ['--ids', 'not-preserved'];

  it('finds KEKs and DEKs the copy lost or changed, never showing KMS properties', async () => {
    await source.register('orders-value', '"string"');
    await target.register('orders-value', '"string"');
    await post(source);
    const lost = await compareLive(NEW_IDS);
    expect(lost.findings).toEqual(['dek-missing-on-target orders-value v1', 'kek-missing-on-target kek orders-kek']);
    await post(target, { ...kek, kmsProps: { secret: 'another' } }, { ...dek, encryptedKeyMaterial: 'QkJCQg==' });
    const changed = await compareLive(NEW_IDS);
    expect(changed.findings).toEqual(['dek-material-differs orders-value v1', 'kek-differs kek orders-kek']);
    expect(JSON.stringify(changed.run)).not.toMatch(/not-shown|another/);
    await target.resetDekRegistry();
    await post(target);
    expect(await compareLive(NEW_IDS)).toMatchObject({ code: 0, findings: [] });
  });
});

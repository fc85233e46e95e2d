// The verdict on whole migrations, one table: for each migration path sr-parity claims, a correct migration on real
// servers is green with `compare` and with the path's shipped spec, and each realistic drift planted afterwards is red
// with exactly one error-level root cause naming the right place.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMPARE_FIXTURES } from '../helpers/fixtures.js';
import { RegistryWriter } from '../helpers/seed.js';
import { ROOT, runInProcess as runCli } from '../helpers/cli.js';
import type { SnapshotFile } from '../../src/sources/files/native.js';
import type { RunResult } from '../../src/engine/types.js';
import { where } from '../../src/report/common.js';
import { Apicurio, importIntoFresh3, seedApicurio26 } from '../helpers/apicurio.js';

const { axonopsSource, axonopsTarget, apicurio2, apicurio3 } = inject('registries');
const v2 = new Apicurio(apicurio2, 'v2');
const v3 = new Apicurio(apicurio3, 'v3');
const source = new RegistryWriter(axonopsSource);
const target = new RegistryWriter(axonopsTarget);
const dir = mkdtempSync(join(tmpdir(), 'sr-matrix-'));
const file = (name: string) => join(dir, name);

const avro = (o: object) => JSON.stringify(o);
const payment = { type: 'record', name: 'Payment', namespace: 'com.acme', fields: [{ name: 'amount', type: 'long' }] };
const addressV2 = {
  type: 'record',
  name: 'Address',
  namespace: 'com.acme',
  fields: [
    { name: 'street', type: 'string' },
    { name: 'city', type: 'string' },
    { name: 'zip', type: ['null', 'string'], default: null },
  ],
};
const rules = {
  domainRules: [{ name: 'positive', kind: 'CONDITION', type: 'CEL', mode: 'WRITE', expr: 'message.amount > 0' }],
};

/** The compare fixtures' registry: contexts, references, Avro/JSON/Protobuf, soft-deleted history, configs. */
function base(opts: { contexts?: boolean } = {}): SnapshotFile {
  const snap = JSON.parse(readFileSync(join(COMPARE_FIXTURES, 'identical', 'source.json'), 'utf8')) as SnapshotFile;
  if (opts.contexts === false) snap.subjects = snap.subjects.filter((s) => !s.name.startsWith(':'));
  const v = { version: 1, id: 10, schemaType: 'AVRO', schema: avro(payment), references: [], deleted: false };
  snap.subjects.push({ name: 'payments-value', deleted: false, config: null, mode: null, versions: [v] });
  return snap;
}

/** Replaces a subject's only version on the target (IMPORT mode, same id and version): a changed schema, or id. */
async function reimport(subject: string, schema: string, id: number, schemaType = 'AVRO'): Promise<void> {
  await target.call('DELETE', `/subjects/${subject}`);
  await target.call('DELETE', `/subjects/${subject}?permanent=true`);
  await target.setMode(null, 'IMPORT');
  await target.register(subject, schema, { id, version: 1, schemaType });
  await target.setMode(null, 'READWRITE');
}

async function hardDelete(subject: string, version?: number): Promise<void> {
  const path = `/subjects/${subject}${version === undefined ? '' : `/versions/${version}`}`;
  await target.call('DELETE', path, undefined, [404]);
  await target.call('DELETE', `${path}?permanent=true`);
}

async function apply(from: string, ...args: string[]): Promise<void> {
  const state = join(mkdtempSync(join(dir, 'state-')), 'state');
  const r = await runCli(['apply', from, axonopsTarget, '--yes', '--no-verify', '--state', state, '-q', ...args]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

/** A snapshot of the live source, changed by `edit`: the input of a migration tool that loses something. */
async function editedSource(name: string, edit: (snap: SnapshotFile) => void): Promise<string> {
  expect((await runCli(['snapshot', axonopsSource, '-o', file(name), '-q'])).code).toBe(0);
  const snap = JSON.parse(readFileSync(file(name), 'utf8')) as SnapshotFile;
  edit(snap);
  writeFileSync(file(name), JSON.stringify(snap));
  return file(name);
}
const version = (snap: SnapshotFile, subject: string, v: number) =>
  snap.subjects.find((s) => s.name === subject)!.versions.find((x) => x.version === v)!;

interface Migration {
  /** Compare's source (a URL or a file) and options, and its target; the spec's variables. */
  compare: string[];
  target?: string;
  vars: Record<string, string>;
}

interface Path {
  spec: string;
  /** Fills the source once. */
  seed(): Promise<void>;
  /** A correct migration into an empty target (it empties the target first). */
  migrate(): Promise<Migration>;
  /** Drift planted after the migration (or a migration that lost something) -> the one error-level root cause. */
  drifts: Record<string, [plant: (m: Migration) => Promise<unknown>, root: string]>;
}

const MATRIX: Record<string, Path> = {
  'REST copy, ids preserved (IMPORT mode), cutover gate with the source frozen': {
    spec: 'cutover-gate',
    seed: () => source.seedSnapshot(base()),
    async migrate() {
      await target.reset();
      await apply(axonopsSource, '--ids', 'preserve');
      await source.setMode(null, 'READONLY');
      return { compare: [axonopsSource], vars: { SOURCE_URL: axonopsSource, TARGET_URL: axonopsTarget } };
    },
    drifts: {
      'a subject config changed': [() => target.setConfig('address', 'NONE'), 'config-differs address'],
      'a version soft-deleted': [
        () => target.softDelete('orders-value', 2),
        'version-deleted-state-differs orders-value v2',
      ],
      'a subject left in IMPORT mode': [
        () => target.setMode('events-value', 'IMPORT'),
        'target-left-in-import-mode events-value',
      ],
      'soft-deleted history hard-deleted': [
        () => hardDelete('orders-value', 3),
        'soft-deleted-version-lost orders-value v3',
      ],
      'an Avro doc added (a lookup by the source text misses)': [
        () => reimport('payments-value', avro({ ...payment, doc: 'a payment' }), 10),
        'version-semantic-differs payments-value v1',
      ],
      'a context not copied': [() => hardDelete(':.eu:orders-value'), 'context-missing-on-target context .eu'],
      'a subject only on the target': [
        () => target.register('new-value', '"string"'),
        'subject-extra-on-target new-value',
      ],
      'ids shifted by the copy': [
        () => reimport('payments-value', avro(payment), 110),
        'version-id-differs payments-value v1',
      ],
    },
  },

  'REST copy, ids new, with the id map (data contracts included)': {
    spec: 'id-changing-migration',
    async seed() {
      await source.seedSnapshot(base());
      await source.setConfig('contract-value', 'NONE');
      await source.register('contract-value', '"string"', {
        metadata: { properties: { owner: 'team-a' } },
        ruleSet: rules,
      });
      await source.register('contract-value', '"long"', { metadata: { properties: { owner: 'team-b' } } });
    },
    async migrate() {
      return mapped(axonopsSource);
    },
    drifts: {
      'metadata lost by the copy': [
        async () =>
          mapped(await editedSource('no-metadata.json', (s) => delete version(s, 'contract-value', 1).metadata)),
        'metadata-differs contract-value v1',
      ],
      'a rule set lost by the copy': [
        async () => mapped(await editedSource('no-rules.json', (s) => delete version(s, 'contract-value', 1).ruleSet)),
        'ruleset-differs contract-value v1',
      ],
      'a schema changed by the copy': [
        async () =>
          mapped(
            await editedSource(
              'changed.json',
              (s) => (version(s, 'payments-value', 1).schema = avro({ ...payment, fields: [] })),
            ),
          ),
        'version-content-differs payments-value v1',
      ],
      'the id map records a wrong id': [
        async (m) => {
          const map = JSON.parse(readFileSync(m.vars.ID_MAP!, 'utf8')) as {
            entries: { source: number; target: number }[];
          };
          for (const e of map.entries) if (e.source === 10) e.target += 1000;
          writeFileSync(m.vars.ID_MAP!, JSON.stringify(map));
        },
        'id-map-mismatch payments-value v1',
      ],
      'a subject deleted on the target': [() => hardDelete('events-value'), 'subject-missing-on-target events-value'],
      'a version only on the target': [
        () => target.register('address', avro(addressV2)),
        'version-extra-on-target address v2',
      ],
      'the target left in IMPORT mode (an apply stopped part-way)': [
        () => target.setMode(null, 'IMPORT'),
        'target-left-in-import-mode global',
      ],
    },
  },

  'Schema Exporter into a context (.exp), after cutover: exporter paused, source frozen': {
    spec: 'exporter-cutover',
    async seed() {
      await source.seedSnapshot(base({ contexts: false }));
      await source.call('DELETE', '/exporters/exp', undefined, [404]);
      await source.call('POST', '/exporters', {
        name: 'exp',
        contextType: 'AUTO',
        subjects: ['*'],
        config: { 'schema.registry.url': axonopsTarget },
      });
    },
    async migrate() {
      await target.reset();
      await source.setMode(null, 'READWRITE');
      await apply(axonopsSource, '--target-context', '.exp');
      await source.setMode(null, 'READONLY');
      const vars = {
        SOURCE_URL: axonopsSource,
        TARGET_URL: axonopsTarget,
        EXPORTER: 'exp',
        EXPORTER_STATE: 'PAUSED',
        SOURCE_MODE: 'READONLY',
        TARGET_MODE: 'READWRITE',
        TARGET_MODE_LEVEL: 'all',
      };
      return { compare: [axonopsSource, '--target-context', '.exp'], vars };
    },
    drifts: {
      'the exporter lagged: a version not replicated': [
        () => hardDelete(':.exp:orders-value', 2),
        'version-missing-on-target :.exp:orders-value v2',
      ],
      'a subject config changed': [() => target.setConfig(':.exp:address', 'NONE'), 'config-differs :.exp:address'],
      'the context left in IMPORT mode': [
        () => target.setMode(':.exp:', 'IMPORT'),
        'target-left-in-import-mode context .exp',
      ],
      'a subject only on the target': [
        () => target.register(':.exp:new-value', '"string"'),
        'subject-extra-on-target :.exp:new-value',
      ],
      'a subject soft-deleted': [
        () => target.softDelete(':.exp:events-value'),
        'subject-deleted-state-differs :.exp:events-value',
      ],
      'a subject read-only on the target': [
        () => target.setMode(':.exp:payments-value', 'READONLY'),
        'target-refuses-writes :.exp:payments-value',
      ],
    },
  },

  'Karapace -> Kora: the audit against a deduplicating target, with its id map': {
    spec: 'karapace-to-kora',
    async seed() {
      await source.seedSnapshot(withCopy(base({ contexts: false }), 50)); // content under ids 6 and 50
      expect(
        (await runCli(['snapshot', axonopsSource, '--format', 'kora-audit', '-o', file('audit.json'), '-q'])).code,
      ).toBe(0);
      writeFileSync(file('kora-id-map.json'), '{"50": 6}');
    },
    async migrate() {
      await target.reset();
      await target.seedSnapshot(withCopy(base({ contexts: false }), 6)); // Kora kept the lowest id
      const vars = { SOURCE_URL: file('audit.json'), TARGET_URL: axonopsTarget, ID_MAP: file('kora-id-map.json') };
      return { compare: [file('audit.json'), '--ids', 'preserved', '--id-map', vars.ID_MAP], vars };
    },
    drifts: {
      'a subject config changed': [() => target.setConfig('address', 'NONE'), 'config-differs address'],
      'a version soft-deleted': [
        () => target.softDelete('orders-value', 2),
        'version-deleted-state-differs orders-value v2',
      ],
      'a soft-deleted subject lost': [() => hardDelete('legacy-value'), 'soft-deleted-subject-lost legacy-value'],
      'a schema changed in place (same id)': [
        () => reimport('payments-value', avro({ ...payment, fields: [{ name: 'amount', type: 'int' }] }), 10),
        'version-content-differs payments-value v1',
      ],
      'the global compatibility changed': [() => target.setConfig(null, 'NONE'), 'config-differs global'],
      'the target left in IMPORT mode (an apply stopped part-way)': [
        () => target.setMode(null, 'IMPORT'),
        'target-left-in-import-mode global',
      ],
      'the merged id not mapped': [
        async (m) => {
          writeFileSync(file('empty-map.json'), '{}');
          return {
            compare: m.compare.map((a) => (a === m.vars.ID_MAP ? file('empty-map.json') : a)),
            vars: { ...m.vars, ID_MAP: file('empty-map.json') },
          };
        },
        'version-id-differs events-copy-value v1', // the spec's dedup-ids-kept names it dedup-id-unresolvable
      ],
    },
  },

  'srctl backup -> restored registry (active versions)': {
    spec: 'srctl-restore',
    seed: async () => undefined,
    async migrate() {
      const backup = join(ROOT, 'fixtures', 'srctl-restore', 'backups');
      await target.reset();
      await apply(backup);
      return { compare: [backup, '--deleted', 'ignore'], vars: { BACKUP: backup, TARGET_URL: axonopsTarget } };
    },
    drifts: {
      'a subject soft-deleted': [() => target.softDelete('users-proto'), 'subject-deleted-state-differs users-proto'],
      'the global compatibility changed': [() => target.setConfig(null, 'FULL'), 'config-differs global'],
      'a subject read-only': [() => target.setMode('address', 'READONLY'), 'target-refuses-writes address'],
      'a subject only on the target': [
        () => target.register('new-value', '"string"'),
        'subject-extra-on-target new-value',
      ],
      'a JSON schema changed': [
        () =>
          reimport(
            'events-value',
            JSON.stringify({ type: 'object', properties: { id: { type: 'integer' } } }),
            6,
            'JSON',
          ),
        'version-content-differs events-value v1',
      ],
      'an id changed': [
        async () => {
          const events = JSON.parse(
            readFileSync(join(COMPARE_FIXTURES, 'identical', 'source.json'), 'utf8'),
          ) as SnapshotFile;
          await reimport(
            'events-value',
            events.subjects.find((s) => s.name === 'events-value')!.versions[0]!.schema,
            66,
            'JSON',
          );
        },
        'version-id-differs events-value v1',
      ],
    },
  },

  'Apicurio 2.6 -> 3.3.3 through export/import, native APIs': {
    spec: 'apicurio-2-to-3',
    async seed() {
      await v2.reset();
      await seedApicurio26(v2);
      const r = await runCli([
        'baseline',
        'capture',
        `${apicurio2}/apis/registry/v2`,
        '-o',
        file('apicurio-2.6.json'),
        '-q',
      ]);
      expect(r.code).toBe(0);
      writeFileSync(file('export-2.6.zip'), await v2.exportZip());
    },
    async migrate() {
      await importIntoFresh3(v3, readFileSync(file('export-2.6.zip')));
      const vars = { SOURCE_URL: apicurio2, TARGET_URL: apicurio3, BASELINE: file('apicurio-2.6.json') };
      return { compare: [`${apicurio2}/apis/registry/v2`], target: `${apicurio3}/apis/registry/v3`, vars };
    },
    drifts: {
      'a version deleted': [
        () => v3.call('DELETE', '/groups/payments/artifacts/payment/versions/1'),
        'version-missing-on-target payments/payment v1',
      ],
      'an artifact rule changed': [
        () =>
          v3.call('PUT', '/groups/com.acme/artifacts/orders/rules/COMPATIBILITY', {
            ruleType: 'COMPATIBILITY',
            config: 'FULL',
          }),
        'config-differs com.acme/orders',
      ],
      'a version disabled': [
        () => v3.call('PUT', '/groups/com.acme/artifacts/orders/versions/3/state', { state: 'DISABLED' }),
        'apicurio-state-differs com.acme/orders v3',
      ],
      'version labels edited': [
        () =>
          v3.call('PUT', '/groups/com.acme/artifacts/orders/versions/2', { labels: { owner: 'team-b', pii: null } }),
        'apicurio-version-metadata-differs com.acme/orders v2',
      ],
      'a group rule added on 3.x': [
        () => v3.call('POST', '/groups/payments/rules', { ruleType: 'VALIDITY', config: 'SYNTAX_ONLY' }),
        'apicurio-group-rules-differ group payments',
      ],
      'an artifact deleted': [
        () => v3.call('DELETE', '/groups/default/artifacts/petstore'),
        'subject-missing-on-target petstore',
      ],
      'a global rule changed': [
        () => v3.call('PUT', '/admin/rules/VALIDITY', { ruleType: 'VALIDITY', config: 'SYNTAX_ONLY' }),
        'config-differs global',
      ],
    },
  },
};

/** A copy of events-value's content in another subject, under `id`. */
function withCopy(snap: SnapshotFile, id: number): SnapshotFile {
  const events = snap.subjects.find((s) => s.name === 'events-value')!;
  return {
    ...snap,
    subjects: [...snap.subjects, { ...events, name: 'events-copy-value', versions: [{ ...events.versions[0]!, id }] }],
  };
}

/** An ids-new copy from `from` with its id map, compared with the live source. */
async function mapped(from: string): Promise<Migration> {
  await target.reset(); // also when a drift migrates again from an edited source
  const map = file('id-map.json');
  await apply(from, '--ids', 'new', '--id-map-out', map);
  return {
    compare: [axonopsSource, '--ids', 'not-preserved', '--id-map', map],
    vars: { SOURCE_URL: axonopsSource, TARGET_URL: axonopsTarget, ID_MAP: map },
  };
}

/** The error-level findings no other finding explains: one per root cause. */
function errorRoots(run: RunResult): string[] {
  return run.outcomes.flatMap((o) =>
    o.findings.filter((f) => f.severity === 'error' && !f.causedBy).map((f) => `${f.id} ${where(f)}`),
  );
}

async function verdicts(m: Migration, spec: string) {
  const c = await runCli(['compare', ...m.compare, m.target ?? axonopsTarget, '--format', 'json']);
  expect(c.stderr.split('\n').filter((l) => l.startsWith('sr-parity:'))).toEqual([]);
  const sets = Object.entries(m.vars).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
  const v = await runCli(['verify', `specs/${spec}.yaml`, ...sets, '--format', 'json', '-q']);
  // a failing check with what it found, so an unexpected failure says why
  const failing = (JSON.parse(v.stdout) as RunResult).outcomes
    .filter((o) => o.status !== 'passed')
    .map(
      (o) =>
        `${o.check}: ${
          o.error ??
          o.findings
            .filter((f) => f.severity === 'error')
            .map((f) => `${f.id} ${where(f)}`)
            .join(', ')
        }`,
    );
  return { compare: c.code, roots: errorRoots(JSON.parse(c.stdout) as RunResult), spec: v.code, failing };
}

for (const [name, path] of Object.entries(MATRIX)) {
  describe(`migration path: ${name}`, () => {
    beforeAll(async () => {
      await Promise.all([source.reset(), target.reset()]);
      await path.seed();
    });

    it('a correct migration is green with compare and with the shipped spec', async () => {
      const m = await path.migrate();
      expect(await verdicts(m, path.spec)).toEqual({ compare: 0, roots: [], spec: 0, failing: [] });
    });

    for (const [drift, [plant, root]] of Object.entries(path.drifts)) {
      it(`is red with one root cause: ${drift}`, async () => {
        const correct = await path.migrate();
        const planted = await plant(correct); // a migration that lost something returns its own inputs
        const m = planted && typeof planted === 'object' && 'compare' in planted ? (planted as Migration) : correct;
        const v = await verdicts(m, path.spec);
        expect(v.roots).toEqual([root]);
        expect(v.compare).toBe(1);
        expect(v.spec).toBe(1);
      });
    }
  });
}

// A subject's data contract in its config (normalize, validateFields, compatibilityGroup, default and override
// metadata and rule sets; `alias` makes a subject another's alias, so it is a subject of its own) on real servers:
// compared and copied whole where the target keeps it (AxonOps), and a copy refused before writing where the target
// would drop it (Karapace 5.2 and 6.2, Apicurio's ccompat API).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { RegistryWriter } from '../helpers/seed.js';
import { runInProcess as runCli } from '../helpers/cli.js';
import type { RunResult } from '../../src/engine/types.js';

const { axonopsSource, axonopsTarget, karapace, karapace6, apicurio3 } = inject('registries');
const ccompat = `${apicurio3}/apis/ccompat/v7`;
const source = new RegistryWriter(axonopsSource);
const target = new RegistryWriter(axonopsTarget);

const CONTRACT = {
  compatibility: 'FULL',
  normalize: true,
  validateFields: true,
  compatibilityGroup: 'app.major',
  defaultMetadata: { properties: { owner: 'team-a' } },
  overrideMetadata: { properties: { tier: 'gold' } },
  defaultRuleSet: { domainRules: [{ name: 'd', kind: 'CONDITION', mode: 'WRITE', type: 'CEL', expr: 'true' }] },
  overrideRuleSet: { domainRules: [{ name: 'o', kind: 'CONDITION', mode: 'WRITE', type: 'CEL', expr: 'true' }] },
};
const FIELDS = Object.keys(CONTRACT).filter((k) => k !== 'compatibility');

const compare = async () => {
  const r = await runCli(['compare', axonopsSource, axonopsTarget, '--ids', 'not-preserved', '--format', 'json']);
  const run = JSON.parse(r.stdout) as RunResult;
  return { code: r.code, findings: run.outcomes.flatMap((o) => o.findings.map((f) => `${f.id} ${f.subject}`)) };
};
const state = () => ['--state', join(mkdtempSync(join(tmpdir(), 'sr-contracts-')), 'state')];

beforeEach(async () => {
  await Promise.all([source.reset(), target.reset()]);
  await source.register('orders-value', '"string"');
  await source.call('PUT', '/config/orders-value', CONTRACT);
});

describe("a subject's data contract in its config", () => {
  it('is copied whole into AxonOps, and each field that differs afterwards is drift', async () => {
    const applied = await runCli([
      'apply',
      axonopsSource,
      axonopsTarget,
      '--yes',
      '--ids',
      'not-preserved',
      ...state(),
    ]);
    expect([applied.code, applied.stderr.split('\n').filter((l) => l.startsWith('sr-parity:'))]).toEqual([0, []]);
    expect(await target.call('GET', '/config/orders-value')).toEqual({
      ...CONTRACT,
      compatibility: undefined,
      compatibilityLevel: 'FULL',
    });
    expect(await compare()).toEqual({ code: 0, findings: [] });
    for (const field of FIELDS) {
      const changed = {
        ...CONTRACT,
        [field]: typeof CONTRACT[field as keyof typeof CONTRACT] === 'boolean' ? false : { x: 1 },
      };
      if (field === 'compatibilityGroup') changed[field] = 'other';
      await target.call('PUT', '/config/orders-value', changed);
      expect(await compare(), field).toEqual({ code: 1, findings: ['config-differs orders-value'] });
    }
  });

  it('is refused before writing into a target that would drop it: Karapace 5.2 and 6.2, Apicurio ccompat', async () => {
    for (const url of [karapace, karapace6, ccompat]) {
      const writer = new RegistryWriter(url);
      await (url === ccompat ? writer.resetSubjects() : writer.reset());
      const r = await runCli(['apply', axonopsSource, url, '--yes', '--ids', 'not-preserved', ...state()]);
      expect(r.code, url).toBe(4);
      const keeper = url === ccompat ? "Apicurio's ccompat API" : 'Karapace';
      expect(r.stdout, url).toContain(
        `[target-cannot-keep] 1 config(s) (orders-value) set ${[...FIELDS].sort().join(', ')}, which ${keeper} ` +
          "drops (it keeps a config's compatibility only)",
      );
      expect(await writer.call('GET', '/subjects'), url).toEqual([]); // nothing written
    }
  });
});

// No AxonOps listing names an alias subject (only Confluent's GET /schemas?aliases=true does; AxonOps ignores the
// parameter, tried): the source here is a snapshot holding one, as a snapshot of a Confluent registry would.
describe('an alias subject (a config naming another subject, listed by no subject listing)', () => {
  // the registry's reset lists subjects, so it never meets an alias
  beforeEach(() => target.call('DELETE', '/config/orders-alias', undefined, [404]));
  const withAlias = async (config: Record<string, unknown>) => {
    const dir = mkdtempSync(join(tmpdir(), 'sr-alias-'));
    const snap = join(dir, 'source.json');
    expect((await runCli(['snapshot', axonopsSource, '-o', snap, '-q'])).code).toBe(0);
    const doc = JSON.parse(readFileSync(snap, 'utf8')) as { subjects: unknown[] };
    doc.subjects.push({ name: 'orders-alias', deleted: true, config, mode: null, versions: [] });
    writeFileSync(snap, JSON.stringify(doc));
    return snap;
  };
  const compareFile = async (snap: string) => {
    const r = await runCli(['compare', snap, axonopsTarget, '--ids', 'not-preserved', '--format', 'json']);
    const run = JSON.parse(r.stdout) as RunResult;
    return { code: r.code, findings: run.outcomes.flatMap((o) => o.findings.map((f) => `${f.id} ${f.subject}`)) };
  };

  it('is read on the target by name: lost is drift, carried (AxonOps redirects its requests) is green', async () => {
    const alias = { compatibility: 'NONE', alias: 'orders-value' };
    const snap = await withAlias(alias);
    await target.register('orders-value', '"string"');
    await target.call('PUT', '/config/orders-value', CONTRACT);
    expect(await compareFile(snap)).toEqual({ code: 1, findings: ['config-differs orders-alias'] });
    await target.call('PUT', '/config/orders-alias', alias);
    expect(await target.call('GET', '/subjects/orders-alias/versions')).toEqual([1]); // the alias answers
    expect(await compareFile(snap)).toEqual({ code: 0, findings: [] });
    await target.call('PUT', '/config/orders-alias', { ...alias, alias: 'payments-value' });
    expect(await compareFile(snap)).toEqual({ code: 1, findings: ['config-differs orders-alias'] });
  });

  it('is refused before writing into AxonOps when it sets no compatibility (AxonOps writes none such)', async () => {
    const snap = await withAlias({ alias: 'orders-value' });
    const r = await runCli(['apply', snap, axonopsTarget, '--yes', '--ids', 'not-preserved', ...state()]);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain('[target-cannot-keep] 1 config(s) (orders-alias) set no compatibility');
    expect((await target.call('GET', '/subjects')) ?? []).toEqual([]); // nothing written (AxonOps: null for none)
    // what AxonOps does with such a config: answers 200, keeps nothing
    await target.call('PUT', '/config/orders-alias', { alias: 'orders-value' });
    await expect(target.call('GET', '/config/orders-alias')).rejects.toThrow(/40408/);
  });
});

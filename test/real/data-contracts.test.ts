// A subject's data contract in its config (normalize, validateFields, compatibilityGroup, default and override
// metadata and rule sets; `alias` makes a subject another's alias, so it is a subject of its own) on real servers:
// compared and copied whole where the target keeps it (AxonOps), and a copy refused before writing where the target
// would drop it (Karapace 5.2 and 6.2, Apicurio's ccompat API).
import { mkdtempSync } from 'node:fs';
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

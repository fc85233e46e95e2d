// One finding per root cause: which findings a report lists, and what each folds under it. The compare fixture
// pairs run in memory; every finding stays in the run (exit codes and fingerprints do not change).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPARE_FIXTURES, compareScenario } from '../helpers/fixtures.js';
import { fromSnapshot, type SnapshotFile } from '../../src/sources/files/native.js';
import { compareRegistries } from '../../src/workflows/compare.js';
import { foldRootCauses } from '../../src/engine/root-causes.js';
import { where } from '../../src/report/common.js';
import type { Finding, RunResult } from '../../src/engine/types.js';

const name = (f: Finding) => `${f.id} ${where(f)}`;
/** An error finding at a place, for the folding rules tested on their own. */
const f = (id: string, at: Partial<Finding>, fingerprint: string): Finding => ({
  id,
  severity: 'error',
  message: '',
  fingerprint,
  ...at,
});

function roots(run: RunResult): Record<string, string[]> {
  const all = run.outcomes.flatMap((o) => o.findings);
  const byPrint = new Map(all.map((f) => [f.fingerprint, f]));
  const out: Record<string, string[]> = {};
  for (const f of all) if (!f.causedBy) out[name(f)] = [];
  for (const f of all) if (f.causedBy) out[name(byPrint.get(f.causedBy)!)]!.push(name(f));
  for (const k of Object.keys(out)) out[k]!.sort();
  return out;
}

// scenario -> each root finding and the findings it explains
const CASES: Record<string, Record<string, string[]>> = {
  'avro-doc-differs': {
    'version-semantic-differs address v1': [
      'id-content-differs id 4',
      'id-content-differs id 5',
      'references-differ customer-value v1',
    ],
  },
  'references-differ': {
    'version-content-differs address v1': [
      'id-content-differs id 4',
      'id-content-differs id 5',
      'references-differ customer-value v1',
    ],
  },
  'protobuf-differs': {
    'version-content-differs common-proto v1': [
      'id-content-differs id 7',
      'id-content-differs id 8',
      'references-differ users-proto v1',
    ],
  },
  'semantic-differs': { 'version-semantic-differs orders-value v2': ['id-content-differs id 2'] },
  'version-id-differs': { 'version-id-differs orders-value v2': ['id-missing-on-target id 2'] },
  'ids-not-preserved-but-checked': {
    'ids-renumbered ids': [
      'id-missing-on-target id .eu:1',
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => `id-missing-on-target id ${i}`),
      'version-id-differs :.eu:orders-value v1',
      ...[
        'address v1',
        'common-proto v1',
        'customer-value v1',
        'events-value v1',
        'legacy-value v1',
        'orders-value v1',
        'orders-value v2',
        'orders-value v3',
        'users-proto v1',
      ].map((w) => `version-id-differs ${w}`),
    ].sort(),
  },
  'context-missing': { 'context-missing-on-target context .eu': ['subject-missing-on-target :.eu:orders-value'] },
  'subject-deleted-state': {
    'subject-deleted-state-differs legacy-value': ['version-deleted-state-differs legacy-value v1'],
  },
  // independent causes stay apart
  'config-differs': {
    'config-differs global': [],
    'config-inheritance-differs orders-value': [],
    'config-differs address': [],
  },
  'reference-pointer-differs': {
    'reference-pointer-differs customer-value v1': [],
    'subject-extra-on-target address-copy': [],
  },
};

describe('root causes', () => {
  for (const [scenario, expected] of Object.entries(CASES)) {
    it(`lists one finding per root cause: ${scenario}`, async () => {
      expect(roots(await compareScenario(scenario))).toEqual(expected);
    });
  }

  it('reports how many findings a root explains, and the renumbering with its hint', async () => {
    const run = await compareScenario('ids-not-preserved-but-checked');
    const root = run.outcomes.flatMap((o) => o.findings).find((f) => f.id === 'ids-renumbered')!;
    expect(root.explains).toBe(20);
    expect(root.message).toBe('10 of 10 versions have another id on the target (every id +100): ids were renumbered');
    expect(root.hint).toMatch(/^was this migration meant to preserve ids\? If not, compare with --ids not-preserved/);
  });

  it(
    'folds a subject whose own config is equal but whose inherited part differs under the ' + 'global finding',
    async () => {
      const snap = (validity: string) => {
        const s = JSON.parse(readFileSync(join(COMPARE_FIXTURES, 'identical', 'source.json'), 'utf8')) as SnapshotFile;
        s.global.config = { compatibility: 'BACKWARD', validity }; // Apicurio's rules merge with their parent's
        return fromSnapshot(s, 'x');
      };
      const options = { idsPreserved: true, deleted: 'compare' as const };
      const run = await compareRegistries(snap('FULL'), snap('SYNTAX_ONLY'), options);
      expect(roots(run)).toEqual({ 'config-differs global': ['config-differs orders-value'] });
    },
  );

  it("folds a deleted artifact's endpoint findings (Apicurio v2 and ccompat reads) under it", () => {
    const outcome = (findings: Finding[]) => ({
      check: 'x',
      kind: 'x',
      description: '',
      status: 'failed' as const,
      cases: [],
      findings,
      durationMs: 0,
    });
    const [folded] = foldRootCauses([
      outcome([
        f('subject-missing-on-target', { subject: 'petstore' }, 'a'),
        f(
          'apicurio-v2-status-differs',
          { place: '/apis/registry/v2/groups/default/artifacts/petstore/versions/1/meta' },
          'b',
        ),
        f('apicurio-v2-status-differs', { place: '/apis/ccompat/v7/subjects/petstore/versions' }, 'c'),
        f('apicurio-v2-status-differs', { place: '/apis/registry/v2/groups/com.acme/artifacts/orders/meta' }, 'd'),
      ]),
    ]);
    expect(folded!.findings.map((x) => x.causedBy ?? '-')).toEqual(['-', 'a', 'a', '-']);
  });

  it('folds a count that differs under the first difference at its places; a declared expectation stays', () => {
    const outcome = (check: string, findings: Finding[]) => ({
      check,
      kind: check,
      description: '',
      status: 'failed' as const,
      cases: [],
      findings,
      durationMs: 0,
    });
    const folded = foldRootCauses([
      outcome('versions-equal', [f('version-missing-on-target', { subject: 'orders-value', version: 3 }, 'v')]),
      outcome('counts', [
        f('count-differs', { place: 'versions' }, 'c1'),
        f('count-differs', { place: 'schemas' }, 'c2'),
        f('count-differs', { place: 'contexts' }, 'c3'), // no context differs: its own finding
        f('count-unexpected', { place: 'versions' }, 'c4'),
      ]),
      outcome('baseline', [
        f('baseline-subject-missing', { subject: 'users-value' }, 'b'),
        f('baseline-count-differs', { place: 'subjects' }, 'b1'),
      ]),
    ]);
    expect(folded.map((o) => o.findings.map((x) => `${x.fingerprint}<-${x.causedBy ?? '-'}`))).toEqual([
      ['v<--'],
      ['c1<-v', 'c2<-v', 'c3<--', 'c4<--'],
      ['b<--', 'b1<-b'],
    ]);
  });

  it('never folds a finding under a less severe one', () => {
    const base = { fingerprint: '', message: '' };
    const extra: Finding = {
      ...base,
      id: 'subject-extra-on-target',
      severity: 'info',
      subject: 's',
      fingerprint: 'a',
    };
    const mode: Finding = {
      ...base,
      id: 'target-refuses-writes',
      severity: 'error',
      subject: 's',
      fingerprint: 'b',
    };
    const version: Finding = {
      ...base,
      id: 'version-extra-on-target',
      severity: 'info',
      subject: 's',
      version: 1,
      fingerprint: 'c',
    };
    const outcome = (findings: Finding[]) => ({
      check: 'x',
      kind: 'x',
      description: '',
      status: 'failed' as const,
      cases: [],
      findings,
      durationMs: 0,
    });
    const [folded] = foldRootCauses([outcome([extra, mode, version])]);
    expect(folded!.findings.map((f) => [f.fingerprint, f.causedBy, f.explains])).toEqual([
      ['a', undefined, 1],
      ['b', undefined, undefined],
      ['c', 'a', undefined],
    ]);
  });
});

// What watch serves, in-process: the metrics a pass sets, and the shipped dashboard and alerts naming only metrics
// the exposition has.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParityMetrics } from '../../src/report/metrics.js';
import { compare } from '../../src/workflows/compare.js';
import { ROOT } from '../helpers/cli.js';

const EXAMPLE = join(ROOT, 'fixtures', 'example');
const value = (body: string, series: string) =>
  new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(body)?.[1];

async function exposition(): Promise<string> {
  const metrics = new ParityMetrics();
  const run = await compare({ source: join(EXAMPLE, 'source.json'), target: join(EXAMPLE, 'target.json') });
  metrics.record({ startedAt: new Date(1_700_000_000_000), durationMs: 1500, state: 'drift', run });
  return (await metrics.exposition(undefined)).body;
}

describe("watch's metrics", () => {
  it('keep their counters named `_total` in the Prometheus text after an OpenMetrics exposition', async () => {
    const metrics = new ParityMetrics();
    metrics.record({ startedAt: new Date(1_700_000_000_000), durationMs: 10, state: 'no-verdict' });
    const both = await metrics.expositions();
    const again = await metrics.exposition(undefined);
    for (const text of [both.prometheus.body, both.openMetrics.body, again.body])
      expect(value(text, 'sr_parity_passes_total{outcome="no-verdict"}')).toBe('1');
    expect(both.openMetrics.body.trimEnd().endsWith('# EOF')).toBe(true);
  });

  it('say what a pass found: the state, findings by id, counts and the lag per side, the pass itself', async () => {
    const body = await exposition();
    expect(
      [
        'sr_parity_in_sync',
        'sr_parity_last_pass_verdict',
        'sr_parity_last_pass_start_timestamp_seconds',
        'sr_parity_last_pass_duration_seconds',
        'sr_parity_last_verdict_timestamp_seconds',
        'sr_parity_up{side="source"}',
        'sr_parity_versions{side="source"}',
        'sr_parity_versions{side="target"}',
        'sr_parity_versions_only_on{side="source"}',
        'sr_parity_versions_only_on{side="target"}',
        'sr_parity_passes_total{outcome="drift"}',
        'sr_parity_findings{finding="soft-deleted-version-lost",check="versions-equal",severity="error"}',
      ].map((s) => value(body, s)),
    ).toEqual(['0', '1', '1700000000', '1.5', '1700000000', '1', '10', '9', '1', '0', '1', '1']);
  });

  it('mark a side it could not read, keep the last counts, and count the pass as no verdict', async () => {
    const metrics = new ParityMetrics();
    metrics.record({ startedAt: new Date(), durationMs: 5, state: 'no-verdict', down: 'target' });
    const body = (await metrics.exposition(undefined)).body;
    expect([
      value(body, 'sr_parity_in_sync'),
      value(body, 'sr_parity_up{side="target"}'),
      value(body, 'sr_parity_last_pass_verdict'),
      value(body, 'sr_parity_passes_total{outcome="no-verdict"}'),
    ]).toEqual(['0', '0', '0', '1']);
  });

  it('are the only metrics the shipped dashboard and alerting rules query', async () => {
    const served = new Set([...(await exposition()).matchAll(/^# TYPE (\w+) /gm)].map((m) => m[1]!));
    const named = (text: string) => [...text.matchAll(/\bsr_parity_\w+/g)].map((m) => m[0]);
    const dashboard = JSON.parse(readFileSync(join(ROOT, 'docs', 'watch', 'grafana-dashboard.json'), 'utf8')) as {
      panels: { targets: { expr: string }[] }[];
    };
    const queries = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
    const alerts = readFileSync(join(ROOT, 'docs', 'watch', 'alerts.yaml'), 'utf8');
    const docs = readFileSync(join(ROOT, 'docs', 'watch.md'), 'utf8');
    const unknown = [...new Set([...queries.flatMap(named), ...named(alerts), ...named(docs)])].filter(
      (m) => !served.has(m) && !m.endsWith('_'),
    );
    expect(queries.length).toBeGreaterThanOrEqual(7);
    expect(unknown).toEqual([]);
  });
});

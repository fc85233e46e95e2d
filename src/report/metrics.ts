// A watch's passes as Prometheus metrics (prom-client): the state of the last pass, its findings by id, each side's
// counts and reachability, and the history a dashboard or an alert reads (passes, last success). Labels are bounded
// sets (finding id, check, severity, side, outcome): never a subject name, so a registry of 100,000 subjects makes
// no more series than one of ten.
import { Counter, Gauge, Registry, type RegistryContentType } from 'prom-client';
import type { RunResult } from '../engine/result.js';
import type { RegistrySummary } from '../model/types.js';

/** What a pass says, as the metrics need it (workflows/watch.ts's Pass has this shape). */
export interface PassRecord {
  startedAt: Date;
  durationMs: number;
  state: 'in-sync' | 'drift' | 'no-verdict';
  run?: RunResult;
  /** The side that could not be read, when one could not. */
  down?: string;
  /** The Schema Exporters the live sides define, and their states. */
  exporters?: { side: string; name: string; state: string; offset?: number; ts?: number }[];
}

export interface Exposition {
  contentType: string;
  body: string;
}

const OPEN_METRICS = 'application/openmetrics-text; version=1.0.0';

const COUNTS: [keyof RegistrySummary, string, string][] = [
  ['subjects', 'subjects', 'Subjects a side holds (soft-deleted ones included)'],
  ['subjectsDeleted', 'subjects_deleted', 'Soft-deleted subjects a side holds'],
  ['versions', 'versions', 'Versions a side holds (soft-deleted ones included)'],
  ['versionsDeleted', 'versions_deleted', 'Soft-deleted versions a side holds'],
  ['schemas', 'schema_ids', 'Distinct schema ids a side holds (per context)'],
  ['contexts', 'contexts', 'Contexts a side holds'],
];

/**
 * Each exposition format has its metrics of its own: prom-client renames a counter (drops `_total`) on the metric
 * object when an OpenMetrics registry renders it, so one object in both registries lost `_total` in the Prometheus
 * text after the first OpenMetrics scrape.
 */
export class ParityMetrics {
  private readonly prometheus = new MetricSet(new Registry());
  private readonly openMetrics = new MetricSet(openMetricsRegistry());

  record(pass: PassRecord): void {
    this.prometheus.record(pass);
    this.openMetrics.record(pass);
  }

  /** Both expositions, for a server that answers from them later (watch's, on its own thread). */
  async expositions(): Promise<{ prometheus: Exposition; openMetrics: Exposition }> {
    const [prometheus, openMetrics] = await Promise.all([this.exposition(undefined), this.exposition(OPEN_METRICS)]);
    return { prometheus, openMetrics };
  }

  /** The exposition: OpenMetrics where the scraper asks for it (Prometheus does), else Prometheus text 0.0.4. */
  async exposition(accept: string | undefined): Promise<Exposition> {
    const { registry } = accept?.includes('application/openmetrics-text') ? this.openMetrics : this.prometheus;
    return { contentType: registry.contentType, body: await registry.metrics() };
  }
}

function openMetricsRegistry(): Registry<typeof Registry.OPENMETRICS_CONTENT_TYPE> {
  const registry = new Registry<typeof Registry.OPENMETRICS_CONTENT_TYPE>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  return registry;
}

class MetricSet {
  private readonly inSync;
  private readonly findings;
  private readonly counts;
  private readonly onlyOn;
  private readonly up;
  private readonly lastStart;
  private readonly lastDuration;
  private readonly lastVerdict;
  private readonly lastSuccess;
  private readonly passes;
  private readonly requests;
  private readonly reads;
  private readonly exporterState;
  private readonly exporterOffset;
  private readonly exporterReported;

  constructor(readonly registry: Registry<RegistryContentType>) {
    const registers = [registry];
    const gauge = (name: string, help: string, labelNames: string[] = []) =>
      new Gauge({ name: `sr_parity_${name}`, help, labelNames, registers });
    this.inSync = gauge('in_sync', '1 when the last pass found nothing at or above fail-on, else 0 (no verdict: 0)');
    this.findings = gauge('findings', 'Findings of the last pass with a verdict, by finding id, check and severity', [
      'finding',
      'check',
      'severity',
    ]);
    this.counts = new Map(
      COUNTS.map(([key, name, help]) => [key, gauge(name, `${help}, at the last pass that read it`, ['side'])]),
    );
    this.onlyOn = gauge('versions_only_on', 'Versions one side holds and the other lacks (on source: the lag)', [
      'side',
    ]);
    this.up = gauge('up', '1 when the last pass read the side, 0 when it could not', ['side']);
    this.lastStart = gauge('last_pass_start_timestamp_seconds', 'When the last pass started (Unix time)');
    this.lastDuration = gauge('last_pass_duration_seconds', 'How long the last pass took');
    this.lastVerdict = gauge('last_pass_verdict', '1 when the last pass reached a verdict (both sides read), else 0');
    this.lastSuccess = gauge(
      'last_verdict_timestamp_seconds',
      'When the last pass that reached a verdict started (Unix time): an alert fires when it grows old',
    );
    this.passes = new Counter({
      name: 'sr_parity_passes_total',
      help: 'Passes by outcome: in-sync, drift or no-verdict',
      labelNames: ['outcome'],
      registers,
    });
    this.requests = new Counter({
      name: 'sr_parity_requests_total',
      help: 'HTTP requests the passes made to read the registries, by side and answer (HTTP status, or error)',
      labelNames: ['side', 'status'],
      registers,
    });
    this.reads = new Counter({
      name: 'sr_parity_reads_total',
      help: 'Reads of each side by the passes: whole, or the changes since the pass before (see --full-every)',
      labelNames: ['side', 'read'],
      registers,
    });
    this.exporterState = gauge('exporter_state', "1 for each exporter's current state (RUNNING, PAUSED, ERROR...)", [
      'side',
      'exporter',
      'state',
    ]);
    this.exporterOffset = gauge('exporter_offset', 'The source offset an exporter has exported up to', [
      'side',
      'exporter',
    ]);
    this.exporterReported = gauge('exporter_status_timestamp_seconds', 'When an exporter last reported its status', [
      'side',
      'exporter',
    ]);
    for (const outcome of ['in-sync', 'drift', 'no-verdict']) this.passes.inc({ outcome }, 0);
  }

  record(pass: PassRecord): void {
    const at = pass.startedAt.getTime() / 1000;
    this.lastStart.set(at);
    this.lastDuration.set(pass.durationMs / 1000);
    this.passes.inc({ outcome: pass.state });
    this.inSync.set(pass.state === 'in-sync' ? 1 : 0);
    this.lastVerdict.set(pass.run ? 1 : 0);
    if (pass.down) this.up.set({ side: pass.down }, 0);
    // exporters are few and named by their owners: a bounded label set, refreshed whole each pass
    this.exporterState.reset();
    this.exporterOffset.reset();
    this.exporterReported.reset();
    for (const e of pass.exporters ?? []) {
      this.exporterState.set({ side: e.side, exporter: e.name, state: e.state }, 1);
      if (e.offset !== undefined) this.exporterOffset.set({ side: e.side, exporter: e.name }, e.offset);
      if (e.ts !== undefined) this.exporterReported.set({ side: e.side, exporter: e.name }, e.ts / 1000);
    }
    const run = pass.run;
    if (!run) return;
    this.lastSuccess.set(at);
    this.findings.reset();
    for (const o of run.outcomes)
      for (const f of o.findings) this.findings.inc({ finding: f.id, check: o.check, severity: f.severity });
    for (const side of ['source', 'target'] as const) {
      const info = run[side];
      if (!info) continue;
      this.up.set({ side }, 1);
      for (const [key, g] of this.counts) g.set({ side }, info.summary[key]);
      if (run.versionsOnly) this.onlyOn.set({ side }, run.versionsOnly[side]);
      for (const [status, n] of Object.entries(info.responses ?? {})) this.requests.inc({ side, status }, n);
      this.reads.inc({ side, read: info.refreshed ? 'changes' : 'whole' });
    }
  }
}

// A Confluent Schema Exporter, as its source registry reports it: running (or paused, when declared), no error trace,
// a recent status, and the subject filter and context settings the migration expects. Read-only GETs.
import { defineFindings, finding } from '../../engine/finding.js';
import type { Finding, IoContext } from '../../engine/types.js';
import { defineProbe } from '../../engine/types.js';
import { excerpt } from '../../lib/errors.js';

const F = defineFindings({
  'exporter-missing': {
    severity: 'error',
    description: 'The declared exporter (or any exporter, when none is named) is not defined on the source.',
    hint: 'Create the exporter on the source (POST /exporters), or correct the name in the spec.',
  },
  'exporter-failed': {
    severity: 'error',
    description: 'The exporter is in state ERROR or reports an error trace.',
    hint:
      "Read the exporter's error trace (GET /exporters/{name}/status), fix the cause (credentials, target " +
      'reachability), then resume it (PUT /exporters/{name}/resume).',
  },
  'exporter-state-unexpected': {
    severity: 'error',
    description: 'The exporter is not in the declared state (RUNNING unless `state` says otherwise).',
    hint: "Resume or start the exporter (PUT /exporters/{name}/resume), or correct the spec's expected state.",
  },
  'exporter-config-differs': {
    severity: 'error',
    description:
      'The exporter exports other subjects, or to another context, than declared (`exportedSubjects`, `contextType`, ' +
      '`context`, `subjectRenameFormat`).',
    hint:
      'Update the exporter (PUT /exporters/{name}/config) to the declared subjects and context, or correct ' +
      'the spec.',
  },
  'exporter-status-stale': {
    severity: 'warning',
    description: "The exporter's status was last updated longer ago than `maxStatusAgeSeconds`.",
    hint:
      'Check that the exporter is alive (its status should move while it runs): restart it, or raise ' +
      'maxStatusAgeSeconds.',
  },
});

interface ExporterInfo {
  name?: string;
  subjects?: string[];
  contextType?: string;
  context?: string;
  subjectRenameFormat?: string;
}

interface ExporterStatus {
  name?: string;
  state?: string;
  offset?: number;
  ts?: number;
  trace?: string;
}

const CONFIG_KEYS = ['contextType', 'context', 'subjectRenameFormat'] as const;

interface ExporterParams {
  source: string;
  exporter?: string;
  state?: string;
  exportedSubjects?: string[];
  contextType?: string;
  context?: string;
  subjectRenameFormat?: string;
  maxStatusAgeSeconds?: number;
}

export const exporterState = defineProbe<ExporterParams>({
  scope: 'probe',
  kind: 'exporter-state',
  description:
    'Reads `/exporters`, `/exporters/{name}` and `/exporters/{name}/status` on a source: the exporter exists, is ' +
    'RUNNING (or the declared `state`) without an error trace, and exports the declared subjects ' +
    '(`exportedSubjects`) to the declared context.',
  findings: Object.values(F),
  params: {
    source: { type: 'string', description: 'the source the exporter runs on (its registry URL and credentials)' },
    exporter: { type: 'string', description: 'exporter name; every exporter on the source when omitted' },
    state: {
      enum: ['RUNNING', 'PAUSED'],
      default: 'RUNNING',
      description: 'the state it must be in (PAUSED during a planned cutover)',
    },
    exportedSubjects: {
      type: 'array',
      items: { type: 'string' },
      description: 'the subject filter it must have (its `subjects`; order does not matter)',
    },
    contextType: {
      enum: ['AUTO', 'CUSTOM', 'NONE', 'DEFAULT'],
      description: 'AUTO writes to `.<exporter name>`, CUSTOM to `context`, NONE to the default context',
    },
    context: { type: 'string', description: 'the target context (contextType CUSTOM)' },
    subjectRenameFormat: { type: 'string', description: 'e.g. `${subject}-dr`' },
    maxStatusAgeSeconds: { type: 'number', description: 'warn when the status timestamp is older than this' },
  },
  required: ['source'],
  example:
    '- kind: exporter-state\n  source: source\n  exporter: to-new-cluster\n  state: RUNNING\n  contextType: AUTO\n  ' +
    'exportedSubjects: ["orders-*"]',
  async run(io, params) {
    const source = params.source;
    const get = getJson(io, source);
    const names = await get<string[]>('/exporters');
    if (!Array.isArray(names)) throw new Error(`GET ${source} /exporters: expected a list of names`);
    const findings: Finding[] = [];
    const wanted = params.exporter ? [params.exporter] : names;
    if (!wanted.length) {
      findings.push(finding(F['exporter-missing'], { place: 'exporters' }, `no exporter is defined on ${source}`));
      return { cases: ['exporters'], findings };
    }
    const cases: string[] = [];
    for (const name of wanted) {
      const place = `exporter ${name}`;
      cases.push(place);
      if (!names.includes(name)) {
        findings.push(
          finding(
            F['exporter-missing'],
            { place },
            `exporter ${name} is not defined on ${source} (it has ${names.length ? names.join(', ') : 'none'})`,
          ),
        );
        continue;
      }
      const enc = encodeURIComponent(name);
      const [info, status] = await Promise.all([
        get<ExporterInfo>(`/exporters/${enc}`),
        get<ExporterStatus>(`/exporters/${enc}/status`),
      ]);
      const state = params.state ?? 'RUNNING';
      if (status?.state === 'ERROR' || (status?.trace ?? '').trim()) {
        findings.push(
          finding(
            F['exporter-failed'],
            { place, source: state, target: status?.state },
            `exporter ${name} is ${status?.state}${status?.trace ? `: ${excerpt(status.trace, 160)}` : ''}`,
          ),
        );
      } else if (status?.state !== state) {
        findings.push(
          finding(
            F['exporter-state-unexpected'],
            { place, source: state, target: status?.state },
            `exporter ${name} is ${status?.state ?? 'in no state'}, expected ${state}`,
          ),
        );
      }
      for (const key of CONFIG_KEYS) {
        if (params[key] !== undefined) cases.push(`${place} ${key}`);
        if (params[key] !== undefined && info?.[key] !== params[key]) {
          findings.push(
            finding(
              F['exporter-config-differs'],
              { place: `${place} ${key}`, source: params[key], target: info?.[key] ?? null },
              `exporter ${name}: ${key} is ${JSON.stringify(info?.[key] ?? null)}, expected ` +
                `${JSON.stringify(params[key])}`,
            ),
          );
        }
      }
      const subjects = params.exportedSubjects;
      if (subjects) cases.push(`${place} subjects`);
      if (subjects && [...(info?.subjects ?? [])].sort().join('\n') !== [...subjects].sort().join('\n')) {
        findings.push(
          finding(
            F['exporter-config-differs'],
            { place: `${place} subjects`, source: subjects, target: info?.subjects ?? null },
            `exporter ${name} exports ${JSON.stringify(info?.subjects ?? [])}, expected ${JSON.stringify(subjects)}`,
          ),
        );
      }
      const maxAge = params.maxStatusAgeSeconds;
      if (maxAge !== undefined && typeof status?.ts === 'number' && (Date.now() - status.ts) / 1000 > maxAge) {
        findings.push(
          finding(
            F['exporter-status-stale'],
            { place, target: new Date(status.ts).toISOString() },
            `exporter ${name} last reported at ${new Date(status.ts).toISOString()}, more than ${maxAge} s ago`,
          ),
        );
      }
    }
    return { cases, findings };
  },
});

/** GET a JSON document from a named source; anything but 200 and JSON means the check cannot run. */
function getJson(io: IoContext, source: string) {
  return async <T>(path: string): Promise<T> => {
    const res = await io.request({ source, path, method: 'GET' });
    if (res.status !== 200)
      throw new Error(`GET ${res.url}: HTTP ${res.status}${res.body ? ` (${excerpt(res.body, 80)})` : ''}`);
    try {
      return JSON.parse(res.body) as T;
    } catch {
      throw new Error(`GET ${res.url}: not JSON (${excerpt(res.body, 80)})`);
    }
  };
}

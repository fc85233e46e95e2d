// A declared, read-only HTTP probe: status, JSON-path assertions on the body, and a latency budget. This is how
// endpoint smoke tests (Apicurio v2 API on 3.x, ccompat, /system/info) are written in a spec.
import { defineFindings, finding } from '../../engine/finding.js';
import type { Finding } from '../../engine/types.js';
import { defineProbe } from '../../engine/types.js';
import { jsonPath } from '../../normalize/json-path.js';
import { redactUrl } from '../../lib/errors.js';

const F = defineFindings({
  'http-request-failed': {
    severity: 'error',
    description: 'The request could not be made (connection, TLS, timeout).',
    hint:
      'Check that the URL is reachable from where the gate runs (DNS, TLS, proxy, firewall) and raise the ' +
      'timeout if the server is slow.',
  },
  'http-status-unexpected': {
    severity: 'error',
    description: 'The response status is not the expected one.',
    hint:
      "Look at the answer's status and body (in the message): an endpoint missing on this product, " +
      "credentials, or the spec's expected status.",
  },
  'http-body-unexpected': {
    severity: 'error',
    description: 'A JSON-path assertion on the response body does not hold (or the body is not JSON).',
    hint:
      "Compare the answer with the spec's JSON-path assertion: the server's answer changed, or the assertion " +
      'is wrong.',
  },
  'http-latency-exceeded': {
    severity: 'warning',
    description: 'The response took longer than `maxLatencyMs`.',
    hint: 'Find what makes the endpoint slow (load, network path), or raise maxLatencyMs if the limit is too tight.',
  },
});

interface Assertion {
  path: string;
  equals?: unknown;
  matches?: string;
  exists?: boolean;
  minLength?: number;
}

interface HttpParams {
  source?: string;
  url?: string;
  path?: string;
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  expect?: { status?: number | number[]; maxLatencyMs?: number; json?: Assertion[] };
}

export const http = defineProbe<HttpParams>({
  scope: 'probe',
  kind: 'http',
  description:
    'Sends one GET (or HEAD) to a source (`source` + `path`) or a `url`, and checks the status, JSON-path assertions ' +
    'on the body and the latency.',
  findings: Object.values(F),
  params: {
    source: { type: 'string', description: 'name of the source whose base URL and credentials to use' },
    url: { type: 'string', description: 'absolute URL, instead of source + path' },
    path: { type: 'string', description: 'path appended to the source URL', default: '' },
    method: { enum: ['GET', 'HEAD'], default: 'GET' },
    headers: { type: 'object', additionalProperties: { type: 'string' } },
    expect: {
      type: 'object',
      additionalProperties: false,
      properties: {
        status: { oneOf: [{ type: 'integer' }, { type: 'array', items: { type: 'integer' } }], default: 200 },
        maxLatencyMs: { type: 'number' },
        json: {
          type: 'array',
          items: {
            type: 'object',
            required: ['path'],
            additionalProperties: false,
            properties: {
              path: { type: 'string', pattern: '^\\$' },
              equals: {},
              matches: { type: 'string' },
              exists: { type: 'boolean' },
              minLength: { type: 'integer' },
            },
          },
        },
      },
    },
  },
  example:
    '- kind: http\n  name: v3 system info\n  source: target\n  path: /apis/registry/v3/system/info\n  expect:\n    ' +
    'status: 200\n    json:\n      - { path: $.version, matches: "^3\\\\." }\n    maxLatencyMs: 500',
  async run(io, params) {
    const expect = params.expect ?? {};
    const label =
      `${params.method ?? 'GET'} ` +
      `${params.url ? redactUrl(params.url) : `${params.source ?? ''}${params.path ?? ''}`}`;
    const findings: Finding[] = [];
    const cases = [label];
    let res: Awaited<ReturnType<typeof io.request>>;
    try {
      res = await io.request({
        source: params.source,
        url: params.url,
        path: params.path ?? '',
        method: params.method ?? 'GET',
        headers: params.headers,
      });
    } catch (err) {
      return {
        cases: [label],
        findings: [finding(F['http-request-failed'], { place: label }, `${label}: ${(err as Error).message}`)],
      };
    }
    const statuses =
      expect.status === undefined ? [200] : Array.isArray(expect.status) ? expect.status : [expect.status];
    if (!statuses.includes(res.status)) {
      findings.push(
        finding(
          F['http-status-unexpected'],
          { place: label, source: statuses, target: res.status },
          `${label}: HTTP ${res.status}, expected ${statuses.join(' or ')}`,
        ),
      );
    }
    if (expect.json?.length) {
      let body: unknown;
      try {
        body = JSON.parse(res.body);
      } catch {
        findings.push(finding(F['http-body-unexpected'], { place: label }, `${label}: body is not JSON`));
        return { cases: [label], findings };
      }
      cases.push(...expect.json.map((a) => `${label} ${a.path}`));
      for (const a of expect.json) {
        const problem = assertionProblem(a, jsonPath(body, a.path));
        if (problem)
          findings.push(
            finding(
              F['http-body-unexpected'],
              { place: `${label} ${a.path}`, source: a, target: problem.actual },
              `${label}: ${a.path} ${problem.message}`,
            ),
          );
      }
    }
    if (expect.maxLatencyMs !== undefined && res.latencyMs > expect.maxLatencyMs) {
      findings.push(
        finding(
          F['http-latency-exceeded'],
          { place: label, source: expect.maxLatencyMs, target: Math.round(res.latencyMs) },
          `${label}: answered in ${Math.round(res.latencyMs)} ms, budget ${expect.maxLatencyMs} ms`,
        ),
      );
    }
    return { cases, findings };
  },
});

function assertionProblem(
  a: Assertion,
  found: { exists: boolean; value: unknown },
): { message: string; actual: unknown } | undefined {
  const shown = found.exists ? JSON.stringify(found.value) : 'absent';
  if (a.exists !== undefined && a.exists !== found.exists)
    return { message: a.exists ? 'is absent' : `exists (${shown})`, actual: found.value };
  if (!found.exists) return a.exists === false ? undefined : { message: 'is absent', actual: undefined };
  if ('equals' in a && JSON.stringify(found.value) !== JSON.stringify(a.equals))
    return { message: `is ${shown}, expected ${JSON.stringify(a.equals)}`, actual: found.value };
  if (a.matches !== undefined && !new RegExp(a.matches).test(String(found.value)))
    return { message: `is ${shown}, expected to match /${a.matches}/`, actual: found.value };
  if (a.minLength !== undefined && !(Array.isArray(found.value) && found.value.length >= a.minLength))
    return {
      message: `has ${Array.isArray(found.value) ? found.value.length : 'no'} items, expected at least ${a.minLength}`,
      actual: found.value,
    };
  return undefined;
}

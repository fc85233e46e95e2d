import { http } from '../../src/checks/kinds/http.js';
import { answers, checkTable } from './table.js';

const info = answers({ '/system/info': { name: 'Apicurio Registry', version: '3.3.3' } });

checkTable(http, [
  {
    name: 'the status and the body as expected: nothing',
    io: info,
    params: {
      source: 'target',
      path: '/system/info',
      expect: { status: 200, json: [{ path: '$.version', matches: '^3\\.' }] },
    },
    findings: [],
  },
  {
    name: 'another status',
    io: info,
    params: { source: 'target', path: '/missing', expect: { status: 200 } },
    findings: ['error http-status-unexpected: GET target/missing: HTTP 404, expected 200'],
  },
  {
    name: 'a body assertion that does not hold',
    io: info,
    params: { source: 'target', path: '/system/info', expect: { json: [{ path: '$.version', matches: '^2\\.' }] } },
    findings: ['error http-body-unexpected: GET target/system/info: $.version is "3.3.3", expected to match /^2\\./'],
  },
  {
    name: 'slower than allowed',
    io: { request: async () => ({ status: 200, body: '{}', latencyMs: 900, url: 'http://registry/' }) },
    params: { source: 'target', path: '/', expect: { maxLatencyMs: 500 } },
    findings: ['warning http-latency-exceeded: GET target/: answered in 900 ms, budget 500 ms'],
  },
  {
    name: 'no answer at all',
    io: { request: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:1')) },
    params: { source: 'target', path: '/' },
    findings: ['error http-request-failed: GET target/: connect ECONNREFUSED 127.0.0.1:1'],
  },
  {
    name: 'a JSON path that is not one: cannot run',
    io: info,
    params: { source: 'target', path: '/', expect: { json: [{ path: 'version' }] } },
    error: 'invalid params: expect.json.0.path must match pattern "^\\$"',
  },
]);

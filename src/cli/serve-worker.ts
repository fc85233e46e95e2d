// watch's HTTP endpoints, on a thread of their own: /metrics, /status and /healthz answer from what the main thread
// last published, at once, however busy a pass keeps the main thread (its checks run on it for seconds at a time).
// Read-only, GET and HEAD only, on the address given (127.0.0.1 unless told otherwise).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';

/** What the main thread publishes after each pass (and once before the first). */
export interface Published {
  metrics: { prometheus: Exposition; openMetrics: Exposition };
  /** The last pass's report, or undefined before the first pass with a verdict. */
  status?: string;
}

export interface Exposition {
  contentType: string;
  body: string;
}

/** What this thread tells the main one: where it listens, or why it cannot. */
export type Started = { url: string } | { error: string; code?: string };

const { host, port } = workerData as { host: string; port: number };
let published: Published | undefined;
parentPort!.on('message', (p: Published) => (published = p));

const server: Server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const answer = (status: number, type: string, body: string) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return answer(405, 'text/plain', 'GET or HEAD only\n');
  if (path === '/healthz') return answer(200, 'text/plain', 'ok\n');
  if (path === '/status') {
    return published?.status === undefined
      ? answer(503, 'text/plain', 'no pass has reached a verdict yet\n')
      : answer(200, 'application/json', published.status);
  }
  if (path === '/metrics') {
    if (!published) return answer(503, 'text/plain', 'starting\n');
    const open = req.headers.accept?.includes('application/openmetrics-text');
    const { contentType, body } = open ? published.metrics.openMetrics : published.metrics.prometheus;
    return answer(200, contentType, body);
  }
  answer(404, 'text/plain', 'not found: /metrics, /status and /healthz are served\n');
});
server.once('error', (err: NodeJS.ErrnoException) =>
  parentPort!.postMessage({ error: err.message, code: err.code } satisfies Started),
);
server.listen(port, host, () => {
  const bound = (server.address() as AddressInfo).port;
  parentPort!.postMessage({ url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}` } satisfies Started);
});

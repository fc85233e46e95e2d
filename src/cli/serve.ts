// watch's HTTP endpoints: /metrics (OpenMetrics or Prometheus text), /status (the last verdict's JSON report) and
// /healthz. Read-only, GET and HEAD only, on the address given (127.0.0.1 unless told otherwise).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UsageError } from '../lib/errors.js';

export interface Endpoints {
  metrics(accept: string | undefined): Promise<{ contentType: string; body: string }>;
  /** The last pass's report, or undefined before the first pass with a verdict. */
  status(): string | undefined;
}

export interface Listening {
  url: string;
  close(): Promise<void>;
}

export async function serve(listen: string, endpoints: Endpoints): Promise<Listening> {
  const m = /^(?:\[([0-9a-f:]+)\]|([^:]+)):(\d{1,5})$/i.exec(listen);
  if (!m || Number(m[3]) > 65535)
    throw new UsageError(`--listen ${listen}: expected host:port, e.g. 127.0.0.1:9464 (port 0: any free port)`);
  const host = m[1] ?? m[2]!;
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const answer = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(405, 'text/plain', 'GET or HEAD only\n');
    if (path === '/healthz') return answer(200, 'text/plain', 'ok\n');
    if (path === '/status') {
      const status = endpoints.status();
      return status === undefined
        ? answer(503, 'text/plain', 'no pass has reached a verdict yet\n')
        : answer(200, 'application/json', status);
    }
    if (path === '/metrics')
      return void endpoints
        .metrics(req.headers.accept)
        .then(({ contentType, body }) => answer(200, contentType, body))
        .catch((err: Error) => answer(500, 'text/plain', `${err.message}\n`));
    answer(404, 'text/plain', 'not found: /metrics, /status and /healthz are served\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new UsageError(`--listen ${listen}: ${err.code === 'EADDRINUSE' ? 'the port is in use' : err.message}`)),
    );
    server.listen(Number(m[3]), host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

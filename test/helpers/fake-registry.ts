// An in-process HTTP server for error paths a real registry cannot produce on demand (429, 500, garbage, hangs).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export type Route = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

export interface FakeRegistry {
  url: string;
  hits: Map<string, number>;
  requests: { method: string; url: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

export const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/vnd.schemaregistry.v1+json', ...headers });
  res.end(JSON.stringify(body));
};

/**
 * A registry with one empty default context unless routes override paths (matched on path without query; '*' takes the
 * rest).
 */
export async function fakeRegistry(
  routes: Record<string, Route>,
  tls?: { cert: Buffer; key: Buffer },
): Promise<FakeRegistry> {
  const hits = new Map<string, number>();
  const requests: FakeRegistry['requests'] = [];
  const defaults: Record<string, Route> = {
    '/config': (_q, r) => json(r, 200, { compatibilityLevel: 'BACKWARD' }),
    '/mode': (_q, r) => json(r, 200, { mode: 'READWRITE' }),
    '/contexts': (_q, r) => json(r, 200, ['.']),
    '/subjects': (_q, r) => json(r, 200, []),
    '/schemas': (_q, r) => json(r, 200, []),
  };
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const n = (hits.get(path) ?? 0) + 1;
    hits.set(path, n);
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers });
    const route = routes[path] ?? defaults[path] ?? routes['*'];
    if (route) route(req, res, n);
    else json(res, 404, { error_code: 40401, message: 'not found' });
  };
  const server = tls ? createHttpsServer(tls, handler) : createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    hits,
    requests,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => resolve(text));
  });
}

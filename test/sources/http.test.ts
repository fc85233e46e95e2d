import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/sources/rest/http.js';
import { loadConfluent } from '../../src/sources/rest/confluent.js';
import { sourceErrorOf } from '../helpers/errors.js';
import { fakeRegistry, json, type FakeRegistry } from '../helpers/fake-registry.js';

let fake: FakeRegistry | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const client = (url: string, extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) =>
  new HttpClient({ url, backoffMs: 5, timeoutMs: 2000, ...extra });

describe('HTTP client', () => {
  it('retries a 429 after the Retry-After delay, then succeeds', async () => {
    fake = await fakeRegistry({
      '/subjects': (_q, r, n) =>
        n === 1 ? json(r, 429, { message: 'slow down' }, { 'retry-after': '1' }) : json(r, 200, ['a']),
    });
    const t0 = Date.now();
    const res = await client(fake.url).get<string[]>('/subjects');
    expect(res.body).toEqual(['a']);
    expect(fake.hits.get('/subjects')).toBe(2);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
  });

  it('halves the requests in flight after a 429 and climbs back while the server keeps up', async () => {
    let inFlight = 0;
    const seen: number[] = [];
    fake = await fakeRegistry({
      '*': (_q, r, n) => {
        if (n <= 2) return json(r, 429, { message: 'slow down' }, { 'retry-after': '0' });
        seen.push(++inFlight);
        setTimeout(() => {
          inFlight--;
          json(r, 200, {});
        }, 5);
      },
    });
    const http = client(fake.url, { concurrency: 8 });
    await http.get('/config/s'); // 429, 429, then 200
    expect(http.throttled).toBe(2);
    expect(http.inFlightLimit).toBe(2); // 8 -> 4 -> 2
    seen.length = 0;
    await Promise.all(Array.from({ length: 10 }, () => http.get('/config/s')));
    expect(Math.max(...seen.slice(0, 3))).toBe(2); // two at a time until a run of successes lets a third in
    await Promise.all(Array.from({ length: 200 }, () => http.get('/config/s')));
    expect(http.inFlightLimit).toBe(8);
    expect(Math.max(...seen)).toBeLessThanOrEqual(8);
    await http.close();
  });

  it('retries 503 up to the limit and then names the URL and status', async () => {
    fake = await fakeRegistry({ '/subjects': (_q, r) => json(r, 503, { error_code: 50301, message: 'unavailable' }) });
    const err = await sourceErrorOf(client(fake.url, { retries: 2 }).get('/subjects'));
    expect(fake.hits.get('/subjects')).toBe(3);
    expect(err.status).toBe(503);
    expect(err.message).toBe(`GET ${fake.url}/subjects: HTTP 503 (error_code 50301: unavailable)`);
  });

  it('does not retry a 500 or a 401', async () => {
    fake = await fakeRegistry({
      '/a': (_q, r) => json(r, 500, { error_code: 50001, message: 'boom' }),
      '/b': (_q, r) => json(r, 401, { error_code: 40101, message: 'Unauthorized' }),
    });
    const c = client(fake.url);
    expect((await sourceErrorOf(c.get('/a'))).message).toMatch(/HTTP 500 \(error_code 50001: boom\)$/);
    expect((await sourceErrorOf(c.get('/b'))).message).toMatch(/HTTP 401 \(error_code 40101: Unauthorized\)$/);
    expect(fake.hits.get('/a')).toBe(1);
  });

  it('says HTML instead of JSON when a proxy answers with a page', async () => {
    fake = await fakeRegistry({
      '/subjects': (_q, r) => {
        r.writeHead(200, { 'content-type': 'text/html' });
        r.end('<html><body>Login</body></html>');
      },
    });
    expect((await sourceErrorOf(client(fake.url).get('/subjects'))).message).toMatch(
      /HTTP 200 returned HTML instead of JSON: <html><body>Login/,
    );
  });

  it('reports a truncated JSON body', async () => {
    fake = await fakeRegistry({
      '/subjects': (_q, r) => {
        r.writeHead(200, { 'content-type': 'application/json' });
        r.end('["a", "b');
      },
    });
    expect((await sourceErrorOf(client(fake.url).get('/subjects'))).message).toMatch(
      /returned a body that is not valid JSON: \["a", "b/,
    );
  });

  it('times out a server that never answers', async () => {
    fake = await fakeRegistry({ '/subjects': () => undefined });
    expect((await sourceErrorOf(client(fake.url, { timeoutMs: 300, retries: 0 }).get('/subjects'))).message).toMatch(
      /no answer within 300 ms \(timeout\)/,
    );
  });

  it('asks a read that got no answer once more: a registry that lost one request answers the next', async () => {
    fake = await fakeRegistry({ '/subjects': (_q, r, n) => (n === 1 ? undefined : json(r, 200, ['a'])) });
    const http = client(fake.url, { timeoutMs: 300, retries: 2 });
    expect((await http.get<string[]>('/subjects')).body).toEqual(['a']);
    expect([fake.hits.get('/subjects'), http.requests, http.timedOut]).toEqual([2, 2, 1]);
  });

  it('asks a silent read at most twice whatever --retries says, and once with --retries 0', async () => {
    fake = await fakeRegistry({ '/subjects': () => undefined });
    for (const [retries, hits] of [
      [4, 2],
      [0, 1],
    ] as const) {
      const before = fake.hits.get('/subjects') ?? 0;
      const err = await sourceErrorOf(client(fake.url, { timeoutMs: 200, retries }).get('/subjects'));
      expect(err.message).toMatch(/no answer within 200 ms \(timeout\)$/);
      expect((fake.hits.get('/subjects') ?? 0) - before, `--retries ${retries}`).toBe(hits);
    }
  });

  it('never asks a write again after a timeout: it may have been carried out', async () => {
    fake = await fakeRegistry({ '/mode': () => undefined });
    const err = await sourceErrorOf(client(fake.url, { timeoutMs: 200, retries: 4 }).write('PUT', '/mode', {}));
    expect(err.message).toMatch(/PUT .*\/mode: no answer within 200 ms/);
    expect(fake.hits.get('/mode')).toBe(1);
  });

  it(
    'times out a body trickling in a byte at a time: the timeout bounds each try, body ' +
      'included, and ends the read',
    async () => {
      fake = await fakeRegistry({
        '/subjects': (_q, r) => {
          r.writeHead(200, { 'content-type': 'application/json' });
          const drip = setInterval(() => (r.writableEnded ? clearInterval(drip) : r.write(' ')), 100);
          r.on('close', () => clearInterval(drip));
        },
      });
      const t0 = Date.now();
      const err = await sourceErrorOf(client(fake.url, { timeoutMs: 500, retries: 2 }).get('/subjects'));
      expect(err.message).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/subjects: no answer within 500 ms \(timeout\)$/);
      expect(Date.now() - t0).toBeLessThan(5000); // a bound on the test, not a speed claim: it ran forever before
    },
  );

  it('reports a refused connection', async () => {
    expect((await sourceErrorOf(client('http://127.0.0.1:9', { retries: 0 }).get('/subjects'))).message).toMatch(
      /connection refused/,
    );
  });

  it('sends basic auth from the URL but never prints the password', async () => {
    fake = await fakeRegistry({ '/subjects': (_q, r) => json(r, 401, { message: 'bad' }) });
    const withCreds = fake.url.replace('http://', 'http://alice:s3cret@');
    const err = await sourceErrorOf(client(withCreds).get('/subjects'));
    expect(fake.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
    expect(err.message).not.toContain('s3cret');
    expect(err.message).not.toContain('alice');
  });

  it('sends a bearer token and extra headers', async () => {
    fake = await fakeRegistry({});
    await client(fake.url, { token: 'tok', headers: { 'X-Tenant': 't1' } }).get('/subjects');
    expect(fake.requests[0]!.headers.authorization).toBe('Bearer tok');
    expect(fake.requests[0]!.headers['x-tenant']).toBe('t1');
  });

  it('keeps at most --concurrency requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    fake = await fakeRegistry({
      '/x': (_q, r) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        setTimeout(() => {
          inFlight--;
          json(r, 200, {});
        }, 20);
      },
    });
    const c = client(fake.url, { concurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, () => c.get('/x')));
    expect(peak).toBe(3);
  });
});

describe('Confluent loader against odd servers', () => {
  it('falls back to per-version reads where GET /schemas does not exist', async () => {
    const v = { subject: 's', version: 1, id: 7, schema: '"string"' };
    fake = await fakeRegistry({
      '/schemas': (_q, r) => json(r, 404, { error_code: 404, message: 'HTTP 404 Not Found' }),
      '/subjects': (_q, r) => json(r, 200, ['s']),
      '/subjects/s/versions': (_q, r) => json(r, 200, [1]),
      '/subjects/s/versions/1': (_q, r) => json(r, 200, v),
    });
    const reg = await loadConfluent(client(fake.url));
    expect(reg.subjects.get('s')!.versions).toEqual([
      { subject: 's', version: 1, id: 7, schemaType: 'AVRO', schema: '"string"', references: [], deleted: false },
    ]);
    expect(fake.hits.get('/subjects/s/versions/1')).toBe(1);
  });

  it('rejects a subject list that is not a list', async () => {
    fake = await fakeRegistry({ '/subjects': (_q, r) => json(r, 200, { subjects: [] }) });
    expect((await sourceErrorOf(loadConfluent(client(fake.url)))).message).toMatch(
      /\/subjects\?deleted=true: expected a JSON array, got object/,
    );
  });
});

// The one HTTP client every REST adapter shares: auth, TLS, timeouts, retries, a concurrency limit,
// request counting, and errors that name the URL (never the credentials).
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import type * as Undici from 'undici';
import { SourceError, excerpt, redactUrl } from '../../lib/errors.js';
import { firstInvalidUtf8 } from '../../lib/utf8.js';
import type { ConnectionOptions } from '../../model/connection.js';
import { Slots } from './slots.js';

export type HttpOptions = ConnectionOptions;

export interface HttpResponse<T> {
  status: number;
  body: T;
}

const RETRY_STATUS = new Set([429, 502, 503, 504]);
const RETRY_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET', 'ETIMEDOUT']);
const MAX_RETRY_AFTER_MS = 60_000;
/**
 * A read with no answer within the timeout is asked once more (unless --retries is 0): a registry that lost one
 * request answers the next, and one that answers neither is down (two timeouts are the most a dead one costs).
 */
const TIMEOUT_RETRIES = 1;

let undici: Promise<typeof Undici> | undefined;
/** undici is loaded when a registry is first asked, not at every start (a tenth of a second, files need none of it). */
function loadUndici() {
  return (undici ??= import('undici'));
}

export class HttpClient {
  readonly base: string;
  readonly display: string;
  /** The base URL split as the agent takes it: scheme, host and port; the path every request starts with. */
  private readonly origin: string;
  private readonly prefix: string;
  /** Requests in flight at most. */
  readonly concurrency: number;
  requests = 0;
  /** Answers by HTTP status (`error`: none came: a refused connection, a timeout), for watch's request metrics. */
  readonly responses: Record<string, number> = {};
  /** 429 answers received. */
  throttled = 0;
  /** Reads asked again after no answer came within the timeout. */
  timedOut = 0;
  private streak = 0;
  private readonly headers: Record<string, string>;
  private agent: Undici.Agent | undefined;
  private readonly agentOptions: Undici.Agent.Options;
  private readonly limit: Slots;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;

  constructor(opts: HttpOptions) {
    const u = new URL(opts.url);
    let username = opts.username;
    let password = opts.password;
    if (u.username || u.password) {
      username ??= decodeURIComponent(u.username);
      password ??= decodeURIComponent(u.password);
      u.username = '';
      u.password = '';
    }
    this.base = u.toString().replace(/\/+$/, '');
    this.display = redactUrl(this.base);
    this.origin = u.origin;
    this.prefix = this.base.slice(this.origin.length);
    this.headers = { accept: 'application/vnd.schemaregistry.v1+json, application/json;q=0.9', ...opts.headers };
    if (opts.token) this.headers.authorization = `Bearer ${opts.token}`;
    else if (username !== undefined && username !== '') {
      this.headers.authorization = `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`;
    }
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.retries = opts.retries ?? 4;
    this.backoffMs = opts.backoffMs ?? 250;
    this.concurrency = Math.max(1, opts.concurrency ?? 8);
    this.limit = new Slots(this.concurrency);
    this.agentOptions = {
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      connections: Math.max(1, opts.concurrency ?? 8),
      connect: {
        ca: opts.caFile ? readFileSync(opts.caFile) : undefined,
        cert: opts.certFile ? readFileSync(opts.certFile) : undefined,
        key: opts.keyFile ? readFileSync(opts.keyFile) : undefined,
        rejectUnauthorized: !opts.insecure,
      },
    };
  }

  /** The connection pool, made at the first request. */
  private async dispatcher(): Promise<{ agent: Undici.Agent; request: typeof Undici.request }> {
    const lib = await loadUndici();
    this.agent ??= new lib.Agent(this.agentOptions);
    return { agent: this.agent, request: lib.request };
  }

  url(path: string): string {
    return this.base + path;
  }

  private answered(status: number | 'error'): void {
    this.responses[status] = (this.responses[status] ?? 0) + 1;
  }

  /** GET a JSON document. 2xx and the statuses in `accept` resolve; anything else throws SourceError. */
  get<T>(path: string, accept: number[] = []): Promise<HttpResponse<T>> {
    return this.limit.run(() => this.send<T>('GET', path, undefined, accept));
  }

  /** GET a body as text (Apicurio serves artifact content raw: Avro, Protobuf, XML, YAML...). */
  getText(path: string): Promise<string> {
    return this.limit.run(async () => (await this.send<string>('GET', path, undefined, [], true)).body);
  }

  /** Writes exist for apply only; compare, verify and snapshot never call this. */
  write<T>(
    method: 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
    accept: number[] = [],
  ): Promise<HttpResponse<T>> {
    return this.limit.run(() => this.send<T>(method, path, body, accept));
  }

  /** One read-only request that reports any status instead of throwing (for declared endpoint probes). */
  probe(
    method: 'GET' | 'HEAD',
    path: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: string; latencyMs: number; url: string }> {
    return this.limit.run(async () => {
      const url = this.base + path;
      const t0 = performance.now();
      const deadline = new ExchangeDeadline(this.timeoutMs);
      try {
        this.requests++;
        const { agent, request } = await this.dispatcher();
        // Through the whole URL, unlike send(): a declared path may be empty or hold `..` that the URL resolves.
        const res = await request(url, {
          method,
          headers: { ...this.headers, accept: 'application/json, */*', ...headers },
          dispatcher: agent,
          signal: deadline,
        });
        const body = await res.body.text();
        this.answered(res.statusCode);
        return { status: res.statusCode, body, latencyMs: performance.now() - t0, url: redactUrl(url) };
      } catch (err) {
        this.answered('error');
        throw new SourceError(`${method} ${this.display}${path}`, describeNetworkError(err, this.timeoutMs));
      } finally {
        deadline.clear();
      }
    });
  }

  /**
   * The JSON at `path` where the server answers with 200, else undefined (any other status, no answer, not JSON): for
   * asking what a server has without failing the run where it has nothing.
   */
  async probeJsonValue(path: string): Promise<unknown> {
    try {
      const res = await this.probe('GET', path);
      return res.status === 200 ? (JSON.parse(res.body) as unknown) : undefined;
    } catch {
      return undefined;
    }
  }

  /** A JSON object at `path` (as probeJsonValue), else undefined: for asking what a server is. */
  async probeJson(path: string): Promise<Record<string, unknown> | undefined> {
    const body = await this.probeJsonValue(path);
    return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  }

  /**
   * `POST /compatibility/subjects/{s}/versions/{v}`: asks whether a schema would be accepted. It registers nothing;
   * it is the only non-GET request compare, verify and snapshot can send.
   */
  async testCompatibility(
    subjectPath: string,
    version: string,
    body: unknown,
  ): Promise<{ compatible: boolean; messages: string[] }> {
    const res = await this.limit.run(() =>
      this.send<{ is_compatible?: boolean; messages?: string[] }>(
        'POST',
        `/compatibility/subjects/${subjectPath}/versions/${encodeURIComponent(version)}?verbose=true`,
        body,
        [],
      ),
    );
    if (typeof res.body?.is_compatible !== 'boolean')
      throw new SourceError(
        `POST ${this.display}/compatibility/subjects/${subjectPath}`,
        'answer has no is_compatible',
      );
    return { compatible: res.body.is_compatible, messages: res.body.messages ?? [] };
  }

  async close(): Promise<void> {
    await this.agent?.close();
  }

  private async send<T>(
    method: string,
    path: string,
    body: unknown,
    accept: number[],
    raw = false,
  ): Promise<HttpResponse<T>> {
    const where = `${method} ${this.display}${path}`;
    let timeouts = 0;
    for (let attempt = 0; ; attempt++) {
      let answer: Answer;
      try {
        this.requests++;
        const { agent } = await this.dispatcher();
        answer = await exchange(agent, this.timeoutMs, where, {
          origin: this.origin,
          path: this.prefix + path,
          method: method as 'GET',
          headers:
            body === undefined
              ? this.headers
              : { ...this.headers, 'content-type': 'application/vnd.schemaregistry.v1+json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (err) {
        this.answered('error');
        if (err instanceof SourceError) throw err;
        const code = (err as { code?: string }).code ?? '';
        if (attempt < this.retries && RETRY_CODES.has(code)) {
          await sleep(this.backoff(attempt));
          continue;
        }
        // Only reads: a write that timed out may have been carried out.
        if (method === 'GET' && attempt < this.retries && isTimeout(err) && timeouts++ < TIMEOUT_RETRIES) {
          this.timedOut++;
          continue;
        }
        throw new SourceError(where, describeNetworkError(err, this.timeoutMs));
      }
      const { status, contentType, retryAfter, text } = answer;
      this.answered(status);
      if (status === 429) this.slowDown();
      if (RETRY_STATUS.has(status) && attempt < this.retries) {
        await sleep(this.retryDelay(retryAfter, attempt));
        continue;
      }
      const ok = (status >= 200 && status < 300) || accept.includes(status);
      if (ok) this.speedUp();
      if (!ok) throw new SourceError(where, `HTTP ${status}${errorDetail(text)}`, status);
      return { status, body: raw ? (text as T) : parseJson<T>(text, contentType, where, status) };
    }
  }

  /**
   * Concurrency adapts: a 429 halves the requests in flight, and each run of successes as long as the current limit
   * adds one back, up to --concurrency. A local server is never throttled; a rate-limited remote one settles below
   * its limit instead of being hammered with retries.
   */
  private slowDown(): void {
    this.throttled++;
    this.streak = 0;
    this.limit.limit = Math.max(1, Math.floor(this.limit.limit / 2));
  }

  private speedUp(): void {
    if (this.limit.limit >= this.concurrency || ++this.streak < this.limit.limit) return;
    this.streak = 0;
    this.limit.limit++;
  }

  /** Requests allowed in flight now (at most `concurrency`; lower after 429s). */
  get inFlightLimit(): number {
    return this.limit.limit;
  }

  private backoff(attempt: number): number {
    return this.backoffMs * 2 ** attempt * (0.75 + Math.random() * 0.5);
  }

  private retryDelay(retryAfter: string | undefined, attempt: number): number {
    if (retryAfter) {
      const secs = Number(retryAfter);
      const ms = Number.isFinite(secs) ? secs * 1000 : Date.parse(retryAfter) - Date.now();
      if (Number.isFinite(ms) && ms >= 0) return Math.min(ms, MAX_RETRY_AFTER_MS);
    }
    return this.backoff(attempt);
  }
}

/** An answer larger than this is refused: the largest real ones (a bulk page of big schemas) are tens of MB. */
export const MAX_BODY_BYTES = 256 << 20;

/** A whole answer: status, the two headers the client reads, and the body as text. */
interface Answer {
  status: number;
  contentType: string;
  retryAfter: string | undefined;
  text: string;
}

/**
 * One request and its whole answer through undici's dispatch handler: no body stream, async iterator or promise per
 * chunk (a live read sends 100,000s of small requests; the stream API was a fifth of the reader's CPU). The timeout
 * covers the whole exchange, body included, so a body trickling in a byte at a time never resets it. The body is
 * bounded in size and strict UTF-8 (a replaced byte could make two schemas compare equal). Network failures reject
 * with undici's error (retried by the caller); a body refused rejects with a SourceError naming `where`.
 */
function exchange(
  agent: Undici.Dispatcher,
  timeoutMs: number,
  where: string,
  options: Undici.Dispatcher.DispatchOptions,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let abort: ((reason: Error) => void) | undefined;
    let late: Error | undefined;
    const stop = (reason: Error) => (abort ? abort(reason) : (late = reason));
    const timer = setTimeout(
      () => stop(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')),
      timeoutMs,
    );
    const chunks: Buffer[] = [];
    let size = 0;
    const answer: Answer = { status: 0, contentType: '', retryAfter: undefined, text: '' };
    // The legacy handler interface is the one undici's core calls; a handler of the newer one is wrapped per request.
    agent.dispatch(options, {
      onConnect(abortRequest: (reason: Error) => void) {
        abort = abortRequest;
        if (late) abort(late);
      },
      onHeaders(statusCode: number, rawHeaders: Buffer[]) {
        answer.status = statusCode;
        for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
          const name = rawHeaders[i]!;
          if (name.length !== 12 && name.length !== 11) continue;
          const lower = name.toString('latin1').toLowerCase();
          if (lower === 'content-type') answer.contentType = rawHeaders[i + 1]!.toString('latin1');
          else if (lower === 'retry-after') answer.retryAfter = rawHeaders[i + 1]!.toString('latin1');
        }
        return true;
      },
      onData(chunk: Buffer) {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) stop(new SourceError(where, `answer larger than ${MAX_BODY_BYTES >> 20} MiB`));
        else chunks.push(chunk);
        return true;
      },
      onComplete() {
        clearTimeout(timer);
        const buf = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        const bad = firstInvalidUtf8(buf);
        if (bad)
          return reject(new SourceError(where, `answer is not valid UTF-8 (line ${bad.line}, byte ${bad.byte})`));
        answer.text = buf.toString('utf8');
        resolve(answer);
      },
      onError(err: Error) {
        clearTimeout(timer);
        reject(err);
      },
    } as Undici.Dispatcher.DispatchHandler);
  });
}

function parseJson<T>(text: string, contentType: string, where: string, status: number): T {
  if (text === '') return null as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    const what =
      /html/i.test(contentType) || /^\s*</.test(text) ? 'HTML instead of JSON' : 'a body that is not valid JSON';
    throw new SourceError(where, `HTTP ${status} returned ${what}: ${excerpt(text, 80)}`, status);
  }
}

function errorDetail(text: string): string {
  try {
    const j = JSON.parse(text) as { error_code?: number; message?: string; detail?: string; title?: string };
    const msg = j.message ?? j.detail ?? j.title;
    if (msg) return j.error_code ? ` (error_code ${j.error_code}: ${excerpt(msg)})` : ` (${excerpt(msg)})`;
  } catch {
    /* not JSON: fall through to the raw excerpt */
  }
  return text.trim() ? ` (${excerpt(text, 80)})` : '';
}

function isTimeout(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code;
  const timedOut = err instanceof Error && err.name === 'TimeoutError';
  return timedOut || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
}

function describeNetworkError(err: unknown, timeoutMs: number): string {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code;
  if (isTimeout(err)) return `no answer within ${timeoutMs} ms (timeout)`;
  if (code === 'ECONNREFUSED') return 'connection refused (is the registry running?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  // An https:// URL at a port that speaks plain HTTP: the first bytes back are no TLS record
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG')
    return `TLS error: the server speaks plain HTTP at this port (use http://, or the port that speaks TLS) [${code}]`;
  if (code && /CERT|SSL|TLS/.test(code)) return `TLS error: ${code}`;
  if (code === 'UND_ERR_SOCKET') return `connection closed by the server (${e.message})`;
  if (code === 'ECONNRESET') return 'connection reset by the server or a proxy on the way (ECONNRESET)';
  if (code === 'EPIPE') return 'connection closed by the server while the request was sent (EPIPE)';
  return `${code ? `${code}: ` : ''}${e.message ?? String(err)}`;
}

/**
 * The timeout of one exchange, body included (a body trickling in a byte at a time never resets it), cleared when the
 * exchange ends. AbortSignal.timeout would keep each signal, its timer and what undici hung on it (the request and its
 * answer) alive for the whole timeout: 30 s of every request a live read makes, promoted to the old generation. undici
 * takes an EventEmitter as the signal, a fraction of an AbortController's cost at tens of thousands of requests.
 */
class ExchangeDeadline extends EventEmitter {
  aborted = false;
  reason: Error | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(ms: number) {
    super();
    this.timer = setTimeout(() => {
      this.aborted = true;
      this.reason = new DOMException(`no answer within ${ms} ms`, 'TimeoutError');
      this.emit('abort');
    }, ms);
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

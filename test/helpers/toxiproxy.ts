// Toxiproxy (scripts/registries builds and starts it): a TCP proxy per server, with toxics that the fault tests add
// and remove through its HTTP API (github.com/Shopify/toxiproxy/v2, api.go: /proxies, /proxies/{name}/toxics).
import { onceMoreIfClosed } from './seed.js';

export type ToxicType = 'latency' | 'bandwidth' | 'timeout' | 'reset_peer' | 'slow_close' | 'limit_data' | 'slicer';

export interface Toxic {
  type: ToxicType;
  /** Which way the toxic acts: downstream is the server's answers (the default here), upstream the requests. */
  stream?: 'upstream' | 'downstream';
  attributes: Record<string, number>;
}

export class Toxiproxy {
  constructor(private readonly api: string) {}

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    // A new connection each call, asked once more if it closes under us: Toxiproxy's API closes idle connections,
    // and one kept and found closed failed a call ("other side closed").
    const send = () =>
      fetch(`${this.api}${path}`, {
        method,
        headers: { 'content-type': 'application/json', connection: 'close' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const res = await onceMoreIfClosed(send);
    const text = await res.text();
    if (!res.ok && res.status !== 404) throw new Error(`toxiproxy ${method} ${path} -> ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }

  /** A proxy in front of `upstream` (host:port), on a port Toxiproxy picks; its address as host:port. */
  async proxy(name: string, upstream: string): Promise<Proxy> {
    await this.call('DELETE', `/proxies/${name}`);
    const made = (await this.call('POST', '/proxies', { name, listen: '127.0.0.1:0', upstream, enabled: true })) as {
      listen: string;
    };
    return new Proxy(this, name, made.listen);
  }

  /** @internal */
  async toxic(proxy: string, name: string, toxic: Toxic): Promise<void> {
    await this.call('POST', `/proxies/${proxy}/toxics`, { name, stream: 'downstream', toxicity: 1, ...toxic });
  }

  /** @internal */
  async clear(proxy: string): Promise<void> {
    const toxics = (await this.call('GET', `/proxies/${proxy}/toxics`)) as
      { name: string; type: string; attributes: { delay?: number } }[] | null;
    for (const t of toxics ?? []) await this.call('DELETE', `/proxies/${proxy}/toxics/${t.name}`);
    // Toxiproxy 2.5.0 panics (ToxicLink.AddToxic: index out of range) when a toxic is added to a link that a removed
    // slow_close still holds open: its connections are let close first.
    const slowClose = (toxics ?? []).find((t) => t.type === 'slow_close');
    if (slowClose) await new Promise((r) => setTimeout(r, (slowClose.attributes.delay ?? 0) + 300));
  }

  /** @internal */
  async enable(proxy: string, enabled: boolean): Promise<void> {
    await this.call('POST', `/proxies/${proxy}`, { enabled });
  }

  async remove(proxy: string): Promise<void> {
    await this.call('DELETE', `/proxies/${proxy}`);
  }
}

export class Proxy {
  constructor(
    private readonly toxiproxy: Toxiproxy,
    readonly name: string,
    /** host:port */
    readonly listen: string,
  ) {}

  get url(): string {
    return `http://${this.listen}`;
  }

  async add(toxic: Toxic, name: string = toxic.type): Promise<void> {
    await this.toxiproxy.toxic(this.name, name, toxic);
  }

  async clear(): Promise<void> {
    await this.toxiproxy.clear(this.name);
  }

  /** A disabled proxy closes its connections and refuses new ones: a server gone. */
  async enable(enabled: boolean): Promise<void> {
    await this.toxiproxy.enable(this.name, enabled);
  }
}

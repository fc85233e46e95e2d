// The read-only probes of a spec's `http` and `compatibility` checks: through a named source's client (its
// credentials) or a plain one for an absolute URL. Nothing here writes.
import { urlForFlavor } from '../model/flavor.js';
import { isUrl } from '../model/connection.js';
import type { Spec } from '../spec/load.js';
import { HttpClient } from '../sources/rest/http.js';
import { encodeSubject } from '../sources/rest/confluent.js';
import type { IoContext } from '../engine/types.js';

/** Probes for `http` checks: through a named source's client (its credentials) or a plain one for an absolute URL. */
export function probesFor(spec: Spec): IoContext & { close(): Promise<void> } {
  const clients = new Map<string, HttpClient>();
  const client = (key: string, make: () => HttpClient) => clients.get(key) ?? clients.set(key, make()).get(key)!;
  const named = (source: string, root = false) => {
    const decl = spec.sources[source];
    if (!decl?.url || !isUrl(decl.url)) throw new Error(`source "${source}" is not a live registry (no http(s) url)`);
    // The server root: the URL without its API path (/apis/registry/v3, /apis/ccompat/v7), same credentials.
    const url = root ? decl.url.replace(/\/apis\/.*$/, '').replace(/\/+$/, '') : urlForFlavor(decl.url, decl.flavor);
    return client(`${root ? 'root:' : ''}${source}`, () => new HttpClient({ ...decl, url }));
  };
  return {
    compatibility({ source, subject, version, schema, schemaType, references }) {
      const body: Record<string, unknown> = { schema };
      if (schemaType && schemaType !== 'AVRO') body.schemaType = schemaType;
      if (references?.length) body.references = references;
      // Some servers (AxonOps) call anything compatible with a subject that does not exist: make a typo fail.
      const http = named(source);
      return http
        .get(`/subjects/${encodeSubject(subject)}/versions`)
        .then(() => http.testCompatibility(encodeSubject(subject), version, body));
    },
    request({ source, url, path, method, headers, root }) {
      if (url) {
        const u = new URL(url);
        return client(u.origin, () => new HttpClient({ url: u.origin })).probe(method, u.pathname + u.search, headers);
      }
      if (!source) throw new Error('an http check needs a url, or a source and a path');
      return named(source, root).probe(method, path ?? '', headers);
    },
    async close() {
      await Promise.all([...clients.values()].map((c) => c.close()));
    },
  };
}

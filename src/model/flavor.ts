// Which API a registry URL speaks. Confluent-style roots, Apicurio's ccompat API and its two native APIs.
import { SourceError } from '../lib/errors.js';

export type Flavor = 'confluent' | 'apicurio-ccompat' | 'apicurio-v2' | 'apicurio-v3';
export const FLAVORS: Flavor[] = ['confluent', 'apicurio-ccompat', 'apicurio-v2', 'apicurio-v3'];

/** The API a URL's path names: Apicurio's ccompat, v2 or v3 API, else a Confluent-style root. */
export function flavorOf(base: string): Flavor {
  const path = new URL(base).pathname.replace(/\/+$/, '');
  if (/\/apis\/ccompat\/v\d+$/.test(path)) return 'apicurio-ccompat';
  const native = /\/apis\/registry\/(v[23])$/.exec(path);
  return native ? (`apicurio-${native[1]}` as Flavor) : 'confluent';
}

/**
 * The URL to load with a declared flavor: a server root gets the API's path appended; a URL that names another
 * Apicurio API is refused, saying which one it names.
 */
export function urlForFlavor(url: string, flavor: Flavor | undefined): string {
  if (!flavor) return url;
  const named = flavorOf(url);
  if (named === flavor) return url;
  if (named === 'confluent') {
    // No Apicurio API in the path: a server root, or a gateway's prefix; the declared API's path goes after it.
    const u = new URL(url);
    const api = flavor === 'apicurio-ccompat' ? '/apis/ccompat/v7' : `/apis/registry/${flavor.slice(-2)}`;
    u.pathname = `${u.pathname.replace(/\/+$/, '')}${api}`;
    return u.toString();
  }
  throw new SourceError(url, `is ${describeFlavor(named)}, but --flavor ${flavor} asks for ${describeFlavor(flavor)}`);
}

function describeFlavor(f: Flavor): string {
  return f === 'confluent'
    ? 'a Confluent-compatible API'
    : f === 'apicurio-ccompat'
      ? "Apicurio's ccompat API"
      : `Apicurio's ${f.slice(-2)} API (/apis/registry/${f.slice(-2)})`;
}

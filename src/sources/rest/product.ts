// Which registry software answers a Confluent-style URL, from the endpoints each product has of its own. Read-only,
// and never fatal: a server that answers neither is of a product not known (the verdict then says less).
import type { HttpClient } from './http.js';
import { apicurioProduct, type Product } from '../../model/product.js';
import type { Flavor } from '../../model/flavor.js';

/**
 * Apicurio's ccompat API: the version its native API reports (`/apis/registry/v3/system/info`, else v2's).
 * Elsewhere, `GET /v1/metadata/version`: Confluent answers `{version, commitId}`, AxonOps
 * `{version, commit, build_time}`; `GET /_health`: Karapace answers `{karapace_version, ...}`. Anything else
 * (Redpanda, a gateway that hides them, an error) is undefined.
 */
export async function detectProduct(http: HttpClient, flavor: Flavor): Promise<Product | undefined> {
  if (flavor === 'apicurio-ccompat') {
    // From /apis/ccompat/v7 up to /apis/registry/...: the URL resolves the dots.
    for (const api of ['v3', 'v2']) {
      const info = await http.probeJson(`/../../registry/${api}/system/info`);
      if (info) return apicurioProduct(typeof info.version === 'string' ? info.version : undefined);
    }
    return undefined;
  }
  const version = await http.probeJson('/v1/metadata/version');
  if (version && ('build_time' in version || 'commit' in version)) return 'axonops';
  if (version && 'commitId' in version) return 'confluent';
  const health = await http.probeJson('/_health');
  return health && typeof health.karapace_version === 'string' ? 'karapace' : undefined;
}

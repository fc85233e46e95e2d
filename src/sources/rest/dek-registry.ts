// The DEK registry of a Confluent-compatible server (`/dek-registry/v1`: KEKs and the DEKs they wrap), read-only.
// A server without it (404) has none: undefined, not an error.
import { sha } from '../../lib/hash.js';
import type { Dek, DekRegistry, Kek } from '../../model/types.js';
import type { HttpClient } from './http.js';

const BASE = '/dek-registry/v1/keks';
const enc = encodeURIComponent;

export async function loadDekRegistry(http: HttpClient): Promise<DekRegistry | undefined> {
  const listed = await http.get<unknown>(`${BASE}?deleted=true`, [404, 405]);
  if (listed.status !== 200 || !Array.isArray(listed.body)) return undefined;
  const names = (listed.body as unknown[]).filter((n): n is string => typeof n === 'string').sort();
  const keks: Kek[] = [];
  const deks: Dek[] = [];
  for (const name of names) {
    const k = (await http.get<Record<string, unknown>>(`${BASE}/${enc(name)}?deleted=true`, [404])).body;
    if (!k || typeof k !== 'object') continue;
    keks.push({
      name,
      kmsType: String(k.kmsType ?? ''),
      kmsKeyId: String(k.kmsKeyId ?? ''),
      kmsPropsDigest: propsDigest(k.kmsProps),
      doc: typeof k.doc === 'string' ? k.doc : null,
      shared: k.shared === true,
      deleted: k.deleted === true,
    });
    const subjects = (await http.get<unknown>(`${BASE}/${enc(name)}/deks?deleted=true`, [404])).body;
    for (const subject of Array.isArray(subjects) ? (subjects as unknown[]).filter((s) => typeof s === 'string') : []) {
      const path = `${BASE}/${enc(name)}/deks/${enc(subject as string)}/versions`;
      const versions = (await http.get<unknown>(`${path}?deleted=true`, [404])).body;
      for (const v of Array.isArray(versions) ? (versions as unknown[]).filter((x) => typeof x === 'number') : []) {
        const d = (await http.get<Record<string, unknown>>(`${path}/${v as number}?deleted=true`, [404])).body;
        if (!d || typeof d !== 'object') continue;
        deks.push({
          kek: name,
          subject: subject as string,
          version: v as number,
          algorithm: String(d.algorithm ?? ''),
          material: typeof d.encryptedKeyMaterial === 'string' ? d.encryptedKeyMaterial : null,
          deleted: d.deleted === true,
        });
      }
    }
  }
  return { keks, deks };
}

/** KMS properties as a digest: equal properties give equal digests, and no credential is kept. */
export function propsDigest(props: unknown): string | null {
  if (!props || typeof props !== 'object' || !Object.keys(props).length) return null;
  const sorted = Object.fromEntries(
    Object.entries(props as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  return sha(JSON.stringify(sorted));
}

/**
 * A KEK's KMS properties as the server holds them, for apply to create the KEK on a target: kept in memory only (they
 * can hold credentials). Null where the KEK is gone or has none.
 */
export async function readKekProps(http: HttpClient, name: string): Promise<Record<string, string> | null> {
  const k = (await http.get<Record<string, unknown>>(`${BASE}/${enc(name)}?deleted=true`, [404])).body;
  const props = k && typeof k === 'object' ? k.kmsProps : null;
  if (!props || typeof props !== 'object' || !Object.keys(props).length) return null;
  return Object.fromEntries(Object.entries(props as Record<string, unknown>).map(([key, v]) => [key, String(v)]));
}

// Loads a whole Apicurio Registry through its native REST API: v2 (`/apis/registry/v2`, 2.x and 3.x's compatibility
// layer) or v3 (`/apis/registry/v3`). Read-only: GET requests only. The two APIs differ in field names (v2 `id`/`type`,
// labels + properties; v3 `artifactId`/`artifactType`, one labels map) and v3 adds branches; both gather the raw shape
// model/apicurio.ts turns into the registry.
import { apicurioProduct } from '../../model/product.js';
import type { HttpClient } from './http.js';
import { SourceChangedError, SourceError } from '../../lib/errors.js';
import { subjectMatcher, type SubjectFilter } from '../../model/filter.js';
import {
  apicurioRegistry,
  artifactSubject,
  groupOf,
  v2Labels,
  v3Labels,
  type RawApicurio,
  type RawArtifact,
  type RawReference,
  type RawVersion,
} from '../../model/apicurio.js';
import type { Labels, Registry } from '../../model/types.js';
import type { LoadProgress } from './confluent.js';
import { flavorOf } from '../../model/flavor.js';
import { dictionary } from '../../model/copy.js';

interface SystemInfo {
  name?: string;
  version?: string;
}

interface Dialect {
  api: 'v2' | 'v3';
  artifactId(row: Record<string, unknown>): string;
  artifactType(row: Record<string, unknown>): string;
  labels(row: Record<string, unknown>): Labels;
  /** The id of a row of `/groups`. */
  groupRowId(row: Record<string, unknown>): string | undefined;
}

const V2: Dialect = {
  api: 'v2',
  artifactId: (r) => String(r.id),
  artifactType: (r) => String(r.type),
  labels: (r) => v2Labels(r.labels, r.properties),
  groupRowId: (r) => (typeof r.id === 'string' ? r.id : undefined),
};

const V3: Dialect = {
  api: 'v3',
  artifactId: (r) => String(r.artifactId),
  artifactType: (r) => String(r.artifactType),
  labels: (r) => v3Labels(r.labels),
  groupRowId: (r) => (typeof r.groupId === 'string' ? r.groupId : undefined),
};

const PAGE = 500;

export async function loadApicurio(
  http: HttpClient,
  opts: { filter?: SubjectFilter; onProgress?: (p: LoadProgress) => void } = {},
): Promise<Registry> {
  const flavor = flavorOf(http.base);
  if (flavor !== 'apicurio-v2' && flavor !== 'apicurio-v3')
    throw new SourceError(http.display, 'not an Apicurio native API URL (/apis/registry/v2 or /apis/registry/v3)');
  const d = flavor === 'apicurio-v2' ? V2 : V3;
  const info = await systemInfo(http, d.api);
  const keep = subjectMatcher(opts.filter ?? {});
  // Found live: 3.x's v2 API lists versions with `labels: []` and no properties; only each version's /meta has them.
  const metaPerVersion = d.api === 'v2' && !/^[012]\./.test(info.version ?? '');

  const [globalRules, groupRows, artifactRows] = await Promise.all([
    readRules(http, '/admin/rules'),
    paged(http, '/groups', 'groups', true), // 2.x before 2.4 has no /groups: groups are then known by their artifacts
    paged(http, '/search/artifacts', 'artifacts'),
  ]);
  const groups: RawApicurio['groups'] = dictionary();
  await Promise.all(
    groupRows.map(async (g) => {
      const id = d.groupRowId(g);
      if (!id) return;
      // Found live: 2.6's /groups rows carry no properties (its /groups/{id} does): each group is read on its own.
      const meta = (await http.get<Record<string, unknown>>(`/groups/${encodeURIComponent(id)}`)).body ?? {};
      groups[id] = { description: (meta.description as string | undefined) ?? null, labels: d.labels(meta) };
      // 3.x has group rules (between artifact and global rules); 2.x has none
      if (d.api === 'v3') groups[id].rules = await readRules(http, `/groups/${encodeURIComponent(id)}/rules`);
    }),
  );
  const wanted = artifactRows.filter((row) => keep(artifactSubject(row.groupId as string | null, d.artifactId(row))));

  const contents = new Map<number, Promise<{ content: string; references: RawReference[] }>>();
  const contentOf = (id: number) => {
    let hit = contents.get(id);
    if (!hit) {
      hit = Promise.all([
        http.getText(`/ids/contentIds/${id}`),
        http.get<RawReference[] | null>(`/ids/contentIds/${id}/references`),
      ]).then(([content, refs]) => ({ content, references: refs.body ?? [] }));
      contents.set(id, hit);
    }
    return hit;
  };

  const artifacts: RawArtifact[] = [];
  let done = 0;
  opts.onProgress?.({ phase: 'subjects', done, total: wanted.length });
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(wanted.length, 2 * http.concurrency) }, async () => {
      for (let i = next++; i < wanted.length; i = next++) {
        artifacts.push(await loadArtifact(http, d, wanted[i]!, contentOf, metaPerVersion));
        opts.onProgress?.({ phase: 'subjects', done: ++done, total: wanted.length });
      }
    }),
  );
  return apicurioRegistry(
    { api: d.api, systemVersion: info.version ?? '', globalRules, groups, artifacts },
    {
      kind: 'rest',
      location: http.display,
      flavor,
      product: apicurioProduct(info.version), // a 3.x serving the v2 API is 3.x
      capturedAt: new Date().toISOString(),
    },
  );
}

async function loadArtifact(
  http: HttpClient,
  d: Dialect,
  row: Record<string, unknown>,
  contentOf: (id: number) => Promise<{ content: string; references: RawReference[] }>,
  metaPerVersion: boolean,
): Promise<RawArtifact> {
  const groupId = groupOf(row.groupId as string | null);
  const artifactId = d.artifactId(row);
  const path = `/groups/${encodeURIComponent(groupId)}/artifacts/${encodeURIComponent(artifactId)}`;
  const [versionRows, rules, branches] = await Promise.all([
    paged(http, `${path}/versions`, 'versions'),
    readRules(http, `${path}/rules`),
    d.api === 'v3' ? readBranches(http, path) : undefined,
  ]);
  const versions = await Promise.all(
    versionRows.map(async (v): Promise<RawVersion> => {
      if (!Number.isSafeInteger(v.globalId) || !Number.isSafeInteger(v.contentId) || typeof v.version !== 'string') {
        throw new SourceError(
          `${http.display}${path}/versions`,
          'a version without globalId, contentId (whole numbers) or version',
        );
      }
      const [globalId, contentId] = [v.globalId as number, v.contentId as number];
      const [{ content, references }, meta] = await Promise.all([
        contentOf(contentId),
        metaPerVersion
          ? http
              .get<Record<string, unknown>>(`${path}/versions/${encodeURIComponent(v.version)}/meta`)
              .then((r) => r.body)
          : v,
      ]);
      return {
        version: v.version,
        globalId,
        contentId,
        order: globalId,
        state: (v.state as string | undefined) ?? null,
        name: (v.name as string | undefined) ?? null,
        description: (v.description as string | undefined) ?? null,
        labels: d.labels(meta),
        content,
        references,
      };
    }),
  );
  const artifact: RawArtifact = { groupId, artifactId, artifactType: d.artifactType(row), rules, versions };
  if (d.api === 'v3') {
    // 3.x keeps artifact metadata of its own (2.6's artifact metadata is its latest version's).
    artifact.name = (row.name as string | undefined) ?? null;
    artifact.description = (row.description as string | undefined) ?? null;
    artifact.labels = d.labels(row);
    artifact.branches = branches;
  }
  return artifact;
}

/** `/system/info`; a 404 probes the other API version so the error can say what this server is. */
async function systemInfo(http: HttpClient, api: 'v2' | 'v3'): Promise<SystemInfo> {
  const res = await http.get<SystemInfo | null>('/system/info', [404]);
  if (res.status === 200 && typeof res.body?.version === 'string') return res.body;
  const other = api === 'v2' ? 'v3' : 'v2';
  const alt = await fetchOther(http, other);
  throw new SourceError(
    `${http.display}/system/info`,
    alt
      ? `HTTP ${res.status}: this server (Apicurio ${alt}) serves no ${api} API; use /apis/registry/${other}`
      : `HTTP ${res.status}: no Apicurio ${api} API here`,
  );
}

/** The version the other native API reports, or null (a relative path climbing out of this API's base). */
async function fetchOther(http: HttpClient, other: 'v2' | 'v3'): Promise<string | null> {
  const info = await http.probeJson(`/../${other}/system/info`);
  return typeof info?.version === 'string' ? info.version : null;
}

/**
 * A listing that pages with offset/limit and answers `{count, <key>: [...]}`. It ends when the rows reach the count
 * or a page brings nothing new (a server that ignores offset); a count that moves between pages, or rows that end
 * short of it, mean the registry changed while being read (or pages wrongly), never a shorter list.
 */
async function paged(
  http: HttpClient,
  path: string,
  key: string,
  optional = false,
): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  const sep = path.includes('?') ? '&' : '?';
  let count: number | undefined;
  for (;;) {
    const where = `${path}${sep}offset=${rows.length}&limit=${PAGE}`;
    const res = await http.get<Record<string, unknown> | null>(where, optional ? [404] : []);
    if (res.status === 404) return rows;
    const page = res.body?.[key];
    if (!Array.isArray(page)) throw new SourceError(`${http.display}${path}`, `answer has no "${key}" array`);
    const pageCount = typeof res.body?.count === 'number' ? res.body.count : undefined;
    if (count !== undefined && pageCount !== count) {
      throw new SourceChangedError(
        `${http.display}${where}`,
        `the count went from ${count} to ${pageCount} between pages`,
      );
    }
    count = pageCount;
    const before = rows.length;
    for (const row of page as Record<string, unknown>[]) {
      const id = JSON.stringify(row);
      if (!seen.has(id)) rows.push(row);
      seen.add(id);
    }
    if (count !== undefined && rows.length > count)
      throw new SourceChangedError(`${http.display}${where}`, `more rows than the count ${count}`);
    if (rows.length === before || rows.length === count) {
      if (count !== undefined && rows.length < count) {
        throw new SourceChangedError(
          `${http.display}${where}`,
          `${rows.length} rows of the ${count} counted: a page repeated or came back empty`,
        );
      }
      return rows;
    }
  }
}

/** Rule types listed at `path`, each read for its config: `{COMPATIBILITY: 'BACKWARD'}`. */
async function readRules(http: HttpClient, path: string): Promise<Record<string, string>> {
  const types = (await http.get<string[] | null>(path)).body ?? [];
  const out: Record<string, string> = {};
  await Promise.all(
    types.map(async (t) => {
      const r = (await http.get<{ config?: string }>(`${path}/${encodeURIComponent(t)}`)).body;
      out[t] = String(r?.config ?? '');
    }),
  );
  return out;
}

/** 3.x branches with their versions, oldest first (the API lists them newest first). */
async function readBranches(http: HttpClient, artifactPath: string): Promise<Record<string, string[]>> {
  const rows = await paged(http, `${artifactPath}/branches`, 'branches');
  const out: Record<string, string[]> = dictionary();
  await Promise.all(
    rows.map(async (b) => {
      const id = String(b.branchId);
      const versions = await paged(http, `${artifactPath}/branches/${encodeURIComponent(id)}/versions`, 'versions');
      out[id] = versions.map((v) => String(v.version)).reverse();
    }),
  );
  return out;
}

// The table every check's own test is written in: rows of registries (source and target, or the one a single check
// reads), params and options, each with the exact findings the check gives (`severity id: message`) or the reason it
// could not run. A row runs through the one runner the product uses (compare, verify and records all do), as one
// declared check, so a table row and a spec line are the same thing.
import { appendFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDeclared } from '../../src/engine/runner.js';
import type { CheckDecl } from '../../src/engine/declarations.js';
import type { CheckDefinition, Finding, IoContext } from '../../src/engine/types.js';
import { fromSnapshot, type SnapshotFile } from '../../src/sources/files/native.js';
import type { RecordSample } from '../../src/model/records.js';
import type { SubjectMapping } from '../../src/model/mapping.js';
import type { SchemaVersion } from '../../src/model/types.js';

export interface Row {
  name: string;
  /** Pair checks: both sides. Single checks read `target` (the registry named by `on`); `others` are the rest. */
  source?: SnapshotFile;
  target?: SnapshotFile;
  others?: Record<string, SnapshotFile>;
  params?: Record<string, unknown>;
  ids?: 'preserved' | 'not-preserved';
  deleted?: 'compare' | 'ignore';
  allowExtra?: boolean;
  /** Source id -> target id, keyed as `idKey` keys them: `1` in the default context, `.eu:1` in another. */
  idMap?: Record<string, number>;
  mapping?: SubjectMapping;
  /** Probes: the answers a server would give. */
  io?: Partial<IoContext>;
  /** The `target` was read from a live registry (as checks of a server's own endpoints require), not a file. */
  live?: boolean;
  records?: RecordSample;
  /** Every finding, `severity id: message`, in the order the check gives them. */
  findings?: string[];
  /** The check could not run: the reason it gives. */
  error?: string | RegExp;
}

export function checkTable(def: CheckDefinition, rows: Row[]): void {
  describe(`${def.kind} (${def.scope})`, () => {
    for (const row of rows) {
      it(row.name, async () => {
        const outcome = await runRow(def, row);
        if (process.env.TABLE_FILL) return fill(def.kind, row.name, outcome);
        if (row.error !== undefined) {
          expect(outcome.status).toBe('error');
          if (typeof row.error === 'string') expect(outcome.error).toBe(row.error);
          else expect(outcome.error).toMatch(row.error);
          return;
        }
        expect(outcome.error).toBeUndefined();
        expect(outcome.findings.map((f) => `${f.severity} ${f.id}: ${f.message}`)).toEqual(row.findings ?? []);
      });
    }
  });
}

/** Writing a table: `TABLE_FILL=1` records what each row gives, for review, instead of asserting it. */
function fill(kind: string, name: string, outcome: { status: string; error?: string; findings: Finding[] }): void {
  const dir = join(tmpdir(), 'table-fill');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${kind}.jsonl`);
  const found = outcome.findings.map((f) => `${f.severity} ${f.id}: ${f.message}`);
  appendFileSync(file, `${JSON.stringify({ name, error: outcome.error, findings: found })}\n`);
}

async function runRow(def: CheckDefinition, row: Row) {
  const load = (doc: SnapshotFile | undefined, name: string) => {
    const reg = fromSnapshot(doc ?? registry({}), `${name}.json`);
    if (row.live && name === 'target') reg.info = { ...reg.info, kind: 'rest', location: 'http://registry' };
    return reg;
  };
  const registries = new Map([
    ['source', load(row.source, 'source')],
    ['target', load(row.target, 'target')],
    ...Object.entries(row.others ?? {}).map(([n, doc]) => [n, load(doc, n)] as const),
  ]);
  const decl: CheckDecl = {
    def,
    name: def.kind,
    filter: {},
    ignore: [],
    uses: def.scope === 'pair' ? ['source', 'target'] : def.scope === 'single' ? ['target'] : [],
    ids: row.ids,
    idMap: row.idMap ? 'ids.json' : undefined,
    deleted: row.deleted,
    allowExtra: row.allowExtra,
    mapping: row.mapping,
    params: row.params ?? {},
  };
  const io: IoContext = {
    compatibility: () => Promise.reject(new Error('no compatibility answer in this row')),
    request: () => Promise.reject(new Error('no request answer in this row')),
    ...row.io,
  };
  const run = await runDeclared({
    tool: 'test',
    command: 'test',
    registries,
    checks: [decl],
    idMaps: new Map(row.idMap ? [['ids.json', new Map(Object.entries(row.idMap))]] : []),
    io,
    records: row.records ? new Map([[decl, row.records]]) : undefined,
    failOn: 'error',
  });
  return run.outcomes[0]!;
}

type Version = Partial<Omit<SchemaVersion, 'subject'>>;
type SubjectDoc = Partial<Omit<SnapshotFile['subjects'][number], 'versions' | 'name'>> & { versions?: Version[] };

/** An Avro record schema: the texts most rows need, told apart by name and fields. */
export const avro = (name: string, ...fields: string[]) =>
  JSON.stringify({ type: 'record', name, fields: fields.map((f) => ({ name: f, type: 'string' })) });

/**
 * A registry as a snapshot: subjects as lists of versions (numbered from 1, ids from 1 in order unless given) or as
 * subject documents; the rest (global config and mode, contexts, product) as `extra` says.
 */
export function registry(
  subjects: Record<string, Version[] | SubjectDoc>,
  extra: Partial<Omit<SnapshotFile, 'subjects'>> = {},
): SnapshotFile {
  let id = 0;
  return {
    formatVersion: 1,
    tool: 'test',
    capturedAt: '2026-01-01T00:00:00.000Z',
    source: { location: 'test' },
    global: { config: { compatibility: 'BACKWARD' }, mode: 'READWRITE' },
    contexts: ['.'],
    ...extra,
    subjects: Object.entries(subjects).map(([name, s]) => {
      const doc: SubjectDoc = Array.isArray(s) ? { versions: s } : s;
      return {
        name,
        deleted: doc.deleted ?? false,
        config: doc.config ?? null,
        mode: doc.mode ?? null,
        ...(doc.apicurio ? { apicurio: doc.apicurio } : {}),
        versions: (doc.versions ?? []).map((v, i) => ({
          version: v.version ?? i + 1,
          id: v.id ?? ++id,
          schemaType: v.schemaType ?? 'AVRO',
          schema: v.schema ?? avro(`S${name.replace(/\W/g, '')}v${v.version ?? i + 1}`),
          references: v.references ?? [],
          deleted: v.deleted ?? false,
          ...(v.metadata !== undefined ? { metadata: v.metadata } : {}),
          ...(v.ruleSet !== undefined ? { ruleSet: v.ruleSet } : {}),
          ...(v.apicurio !== undefined ? { apicurio: v.apicurio } : {}),
          ...(v.guid !== undefined ? { guid: v.guid } : {}),
        })),
      };
    }),
  };
}

/**
 * Servers as `IoContext.request` sees them: answers by path, or by `source path` where two sources answer apart
 * (JSON bodies are stringified; an Error is a request that failed), 404 elsewhere.
 */
export function answers(byPath: Record<string, unknown | { status: number; body: unknown }>): Partial<IoContext> {
  return {
    request: async ({ path = '', url, source }) => {
      const key = url ?? path;
      const a = byPath[`${source} ${key}`] ?? byPath[key];
      if (a instanceof Error) throw a;
      if (a === undefined) return { status: 404, body: '', latencyMs: 1, url: `http://registry${key}` };
      const full =
        a !== null && typeof a === 'object' && 'status' in a ? (a as { status: number; body: unknown }) : null;
      const body = full ? full.body : a;
      return {
        status: full?.status ?? 200,
        body: typeof body === 'string' ? body : JSON.stringify(body),
        latencyMs: 1,
        url: `http://registry${key}`,
      };
    },
  };
}

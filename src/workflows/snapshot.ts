// snapshot and baseline capture: one side read and written to a file (atomically), read-only on the registry.
import { loadSource } from '../sources/index.js';
import { snapshotLines } from '../sources/files/native.js';
import { toKoraAudit } from '../sources/files/kora-audit.js';
import { toBaseline } from '../normalize/baseline.js';
import { writeAtomic, writeLines } from '../lib/files.js';
import { TOOL } from '../lib/version.js';
import type { SubjectFilter } from '../model/filter.js';
import { summarize, type Registry, type RegistrySummary } from '../model/types.js';
import { sideSpec, type Hooks, type Side } from './sides.js';

export interface SnapshotInput {
  source: Side;
  /** The file to write. */
  output: string;
  filter?: SubjectFilter;
  /** sr-parity (default): read back by every command; kora-audit: the audit JSON of Karapace -> Kora migrations. */
  format?: 'sr-parity' | 'kora-audit';
}

export interface Written {
  output: string;
  summary: RegistrySummary;
  /** Requests the read took (a live registry). */
  requests?: number;
}

export async function snapshot(input: SnapshotInput, hooks: Hooks = {}): Promise<Written> {
  const reg = await read(input.source, input.filter, hooks, 'snapshot');
  if (input.format === 'kora-audit') await writeAtomic(input.output, `${JSON.stringify(toKoraAudit(reg), null, 1)}\n`);
  else await writeLines(input.output, snapshotLines(reg, TOOL));
  return { output: input.output, summary: summarize(reg), requests: reg.info.requests };
}

export interface BaselineInput {
  source: Side;
  output: string;
  filter?: SubjectFilter;
}

/** Counts and a content hash of every version (no schema texts), for a later `baseline` check. */
export async function captureBaseline(input: BaselineInput, hooks: Hooks = {}): Promise<Written> {
  const reg = await read(input.source, input.filter, hooks, 'baseline');
  const base = toBaseline(reg, TOOL);
  await writeAtomic(input.output, `${JSON.stringify(base, null, 1)}\n`);
  return { output: input.output, summary: summarize(reg), requests: reg.info.requests };
}

async function read(side: Side, filter: SubjectFilter | undefined, hooks: Hooks, what: string): Promise<Registry> {
  const reg = await loadSource(sideSpec(side), filter ?? {}, hooks.progress?.(what));
  for (const note of reg.info.notes ?? []) hooks.note?.(note);
  return reg;
}

// The check API: what a check is given (the registries, their resolvers, options, probes, loaded files, records)
// and how it is defined (scope, params, findings).
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import type * as AjvModule from 'ajv';
import type { Registry } from '../model/types.js';
import type { ReferenceResolver } from '../normalize/references.js';
import type { SubjectFilter } from '../model/filter.js';
import type { RecordSample } from '../model/records.js';
import type { Finding, Severity } from './result.js';
import type { Pairing } from './pairing.js';
import type { CompareOptions } from './compare-options.js';

export type { CompareOptions } from './compare-options.js';

export interface CheckContext {
  source: Registry;
  target: Registry;
  sourceRefs: ReferenceResolver;
  targetRefs: ReferenceResolver;
  options: CompareOptions;
  pairs: Pairing;
  /** Records sampled from Kafka, for checks that declare `samplesRecords`. */
  records?: RecordSample;
}

/** What a `single` check examines: one registry, named in the spec. */
export interface SingleContext {
  name: string;
  registry: Registry;
  refs: ReferenceResolver;
  /** Every loaded registry by name, for checks that relate two (counts with `compareWith`). */
  registries: Map<string, Registry>;
  /** The check's subject filter (already applied to `registry`), for checks that compare against a file. */
  filter: SubjectFilter;
  /** Read-only requests, for checks that hold a live registry's endpoints against what was loaded from it. */
  io?: IoContext;
  /** A shared target (spec `allowExtra`): more on this registry than on the one it is compared with is info. */
  allowExtra?: boolean;
  /** The spec's id map (source -> target ids, key `idKey(context, id)`), for counts that relate two registries. */
  idMap?: Map<string, number>;
}

/** A param named in `reads`, as the caller hands it over. */
export interface LoadedText {
  path: string;
  text: string;
}

/** A param named in `loads`, as the caller hands it over. */
export interface LoadedFile {
  path: string;
  document: unknown;
}

/** Read-only network access for checks that probe endpoints (`http`); provided by the caller, never written with. */
export interface CompatibilityQuery {
  source: string;
  subject: string;
  version: string;
  schema: string;
  schemaType?: string;
  references?: { name: string; subject: string; version: number }[];
}

export interface IoContext {
  /** Asks the named source whether a schema would be accepted (read-only). */
  compatibility(q: CompatibilityQuery): Promise<{ compatible: boolean; messages: string[] }>;
  /** GET/HEAD against a named source's base URL (its server root with `root`), or an absolute URL. */
  request(req: {
    source?: string;
    url?: string;
    path?: string;
    method: 'GET' | 'HEAD';
    headers?: Record<string, string>;
    root?: boolean;
  }): Promise<{ status: number; body: string; latencyMs: number; url: string }>;
}

export interface FindingType {
  id: string;
  severity: Severity;
  description: string;
  /** What to do about such a finding, in general: each finding carries it unless it says something more exact. */
  hint: string;
}

export interface CheckResult {
  cases: string[];
  findings: Finding[];
}

type JsonSchema = Record<string, unknown>;

export interface CheckBase {
  kind: string;
  description: string;
  findings: FindingType[];
  /** JSON Schema of the check's own parameters (beyond name, severity, subjects, ignore, on/source/target). */
  params?: Record<string, JsonSchema>;
  required?: string[];
  /** A YAML example for the docs. */
  example?: string;
  /** Params naming JSON files: the caller reads them and passes the parsed document instead (checks do no I/O). */
  loads?: string[];
  /** Params naming text files: the caller reads them and passes a `LoadedText` instead. */
  reads?: string[];
  /** Params naming another source of the spec: checked to exist, and loaded with the check's own. */
  sourceParams?: string[];
  /** The caller samples Kafka for this check (its `topics`, `sample`, `from`) and hands the records over. */
  samplesRecords?: boolean;
}

/** Params as a check declares them; the spec is validated against `params` before `run` sees them. */
type Params = Record<string, unknown>;

type PairDefinition<P> = CheckBase & {
  scope: 'pair';
  /** The id mode this kind implies, whatever the spec's defaults say. */
  ids?: 'preserved' | 'not-preserved';
  run(ctx: CheckContext, params: P): CheckResult;
};
type SingleDefinition<P> = CheckBase & {
  scope: 'single';
  run(ctx: SingleContext, params: P): CheckResult | Promise<CheckResult>;
};
type ProbeDefinition<P> = CheckBase & { scope: 'probe'; run(ctx: IoContext, params: P): Promise<CheckResult> };

export type CheckDefinition = PairDefinition<Params> | SingleDefinition<Params> | ProbeDefinition<Params>;

// A check's params get their TypeScript type where the check is defined, next to their JSON Schema (`params`), and
// every run validates them against it first (as Spectral's createRulesetFunction does): a check called with params
// its schema refuses cannot run (status error, saying which), whoever called it. The one cast is here.
export const definePairCheck = <P = Params>(def: PairDefinition<P>) => validating(def) as unknown as PairCheck;
export const defineSingleCheck = <P = Params>(def: SingleDefinition<P>) => validating(def) as unknown as SingleCheck;
export const defineProbe = <P = Params>(def: ProbeDefinition<P>) => validating(def) as unknown as ProbeCheck;

let ajv: Ajv | undefined;
// Loaded on the first params to validate (compare's checks are given none): ajv costs a start about 80 ms.
const newAjv = (): Ajv => {
  const { Ajv } = createRequire(import.meta.url)('ajv') as typeof AjvModule;
  return new Ajv({ allErrors: true, strict: false });
};

function validating<D extends CheckBase & { run(ctx: never, params: never): unknown }>(def: D): D {
  let validate: ValidateFunction | undefined;
  const run = def.run;
  const needsSome = Boolean(def.required?.length);
  return {
    ...def,
    run(ctx: never, params: never) {
      // no params where none is required is valid under any schema of optional ones: nothing to load
      if (needsSome || Object.keys(params ?? {}).length) {
        validate ??= (ajv ??= newAjv()).compile(paramsSchema(def));
        if (!validate(params)) throw new Error(`invalid params: ${paramErrors(validate.errors ?? [])}`);
      }
      return run(ctx, params);
    },
  };
}

/** The schema of the params `run` is given: those naming files arrive read (`reads`, `loads`), as objects. */
export function paramsSchema(def: CheckBase): JsonSchema {
  const read = (p: string) =>
    def.loads?.includes(p) ? ['path', 'document'] : def.reads?.includes(p) ? ['path', 'text'] : undefined;
  const properties = Object.fromEntries(
    Object.entries(def.params ?? {}).map(([p, schema]) => {
      const fields = read(p);
      return [p, fields ? { type: 'object', required: fields } : schema];
    }),
  );
  return { type: 'object', properties, required: def.required ?? [], additionalProperties: false };
}

function paramErrors(errors: ErrorObject[]): string {
  // "must match exactly one schema in oneOf" says nothing the errors of its branches do not
  const said = errors.filter((e) => e.keyword !== 'oneOf' || errors.length === 1);
  return said
    .map((e) => {
      const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : 'params';
      const p = e.params as { additionalProperty?: string; allowedValues?: unknown[]; missingProperty?: string };
      const what = e.instancePath ? 'field' : 'param';
      if (p.additionalProperty !== undefined) return `${where}: unknown ${what} "${p.additionalProperty}"`;
      if (p.missingProperty !== undefined) return `${where}: missing ${what} "${p.missingProperty}"`;
      const allowed = p.allowedValues ? ` (${p.allowedValues.map((v) => JSON.stringify(v)).join(', ')})` : '';
      return `${where} ${e.message}${allowed}`;
    })
    .join('; ');
}

export type SingleCheck = Extract<CheckDefinition, { scope: 'single' }>;
export type ProbeCheck = Extract<CheckDefinition, { scope: 'probe' }>;
export type PairCheck = Extract<CheckDefinition, { scope: 'pair' }>;

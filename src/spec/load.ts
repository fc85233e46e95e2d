// Reads a verify spec: YAML -> variables -> schema validation -> semantic checks. Every problem is collected and
// reported at once as file:line:col, before anything touches a registry.
import type { Flavor } from '../model/flavor.js';
import type { Product } from '../model/product.js';
import { existsSync } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { firstInvalidUtf8 } from '../lib/utf8.js';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { load, YAMLException } from 'js-yaml';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { CheckDefinition, Severity } from '../engine/types.js';
import type { SubjectMapping } from '../model/mapping.js';
import { isUrl, type ConnectionOptions } from '../model/connection.js';
import { bootstrapServers, type SaslMechanism } from '../model/records.js';
import { BY_KIND, CATALOGUE } from '../checks/catalogue.js';
import { checkSchema, commonProperties, specSchema } from './schema.js';
import { escape, positionsOf } from './positions.js';
import { SpecError, type SpecProblem } from '../lib/errors.js';
import { didYouMean } from '../lib/text.js';

/** A spec's source: the shared HTTP client's options, and where the registry is (a URL or a snapshot file). */
export type SourceDecl = Omit<ConnectionOptions, 'url' | 'backoffMs'> & {
  /** The variables the spec fills this source's login from (`username: ${TARGET_USERNAME:-}`), for advice. */
  loginVariables?: string[];
  url?: string;
  snapshot?: string;
  flavor?: Flavor;
  product?: Product;
  /** The topic a Kafka-backed registry keeps its state in, on the spec's kafka cluster (watch reads it). */
  schemasTopic?: string;
};

export type { CheckDecl, IgnoreRule } from '../engine/declarations.js';
import type { CheckDecl, IgnoreRule } from '../engine/declarations.js';

/** A spec's Kafka cluster, for records-resolve checks. */
export interface KafkaDecl {
  bootstrap: string[];
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
  tls?: { caFile?: string; certFile?: string; keyFile?: string; insecure?: boolean };
  timeoutMs?: number;
}

export interface Spec {
  file: string;
  sources: Record<string, SourceDecl>;
  kafka?: KafkaDecl;
  failOn?: Severity;
  checks: CheckDecl[];
  /** Variables given (--set) that the spec never uses, each with the one it uses that is closest, if any. */
  unusedVariables: { name: string; hint?: string }[];
  /** Variables given by a former name the spec still reads (`${SOURCE_URL:-${SOURCE}}` with SOURCE set). */
  renamedVariables: { name: string; formerly: string }[];
}

// Checks are validated one by one against their own kind's schema: the published schema's if/then per kind gives
// editors completion, but its errors would name every kind a check is not. Validators are compiled when a spec first
// needs them (compiling every kind's took a quarter of a second at each start of every command).
let ajv: Ajv | undefined;
let validateTop: ValidateFunction | undefined;
const validateCheck = new Map<string, ValidateFunction>();

function compiler(): Ajv {
  return (ajv ??= new Ajv({ allErrors: true, strict: false, verbose: true }));
}

function topValidator(): ValidateFunction {
  if (validateTop) return validateTop;
  const schema = specSchema(CATALOGUE);
  return (validateTop = compiler().compile({
    ...schema,
    properties: { ...(schema.properties as object), checks: { type: 'array', minItems: 1, items: { type: 'object' } } },
  }));
}

function checkValidator(def: CheckDefinition): ValidateFunction {
  let validate = validateCheck.get(def.kind);
  if (!validate) validateCheck.set(def.kind, (validate = compiler().compile(checkSchema(def))));
  return validate;
}

/** A spec is a page of YAML; a larger file is not one (and would cost its size many times over to check). */
export const MAX_SPEC_BYTES = 1 << 20;
/** YAML aliases a spec may use: enough for shared defaults, too few for a billion laughs. */
export const MAX_ALIASES = 100;

/** Values a spec may hold once its aliases are expanded: far above any real spec. */
export const MAX_SPEC_VALUES = 100_000;

function expandsBeyond(doc: unknown, limit: number): boolean {
  const stack = [doc];
  for (let seen = 0; stack.length;) {
    const x = stack.pop();
    if (++seen > limit) return true;
    if (x && typeof x === 'object') stack.push(...Object.values(x));
  }
  return false;
}

export async function loadSpec(file: string, vars: Record<string, string> = {}): Promise<Spec> {
  let bytes: Buffer;
  const refuse = (message: string, line = 1): never => {
    throw new SpecError([{ file, line, col: 1, message }]);
  };
  try {
    const fh = await open(file, 'r');
    try {
      // One byte more than allowed is read, so a larger file is known without reading all of it; reads go on
      // from where the last stopped (no offset), so a pipe is read as a file is.
      const buf = Buffer.alloc(MAX_SPEC_BYTES + 1);
      let filled = 0;
      for (let got = 1; got > 0 && filled < buf.length; filled += got) {
        got = (await fh.read(buf, filled, buf.length - filled, null)).bytesRead;
      }
      bytes = buf.subarray(0, filled);
    } finally {
      await fh.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') return refuse(`cannot read (${code})`);
    const near = await nearbySpec(file);
    return refuse(`no such spec file${near ? ` (did you mean ${near}?)` : ''}`);
  }
  if (bytes.length > MAX_SPEC_BYTES) refuse(`larger than ${MAX_SPEC_BYTES >> 20} MiB: not a spec`);
  const bad = firstInvalidUtf8(bytes);
  if (bad) refuse(`not valid UTF-8 (byte ${bad.byte})`, bad.line);
  return parseSpec(bytes.toString('utf8'), file, vars);
}

/** The spec beside a missing one whose name is closest (`cutover-gate.yml` for `cutover-gate.yaml`), if any. */
async function nearbySpec(file: string): Promise<string | undefined> {
  const names = await readdir(dirname(file) || '.').catch(() => [] as string[]);
  const specs = names.filter((n) => /\.ya?ml$/.test(n));
  const base = basename(file);
  const best = specs.find((n) => n.replace(/\.ya?ml$/, '') === base.replace(/\.ya?ml$/, '')) ?? didYouMean(base, specs);
  return best && join(dirname(file), best);
}

export function parseSpec(text: string, file: string, vars: Record<string, string> = {}): Spec {
  let doc: unknown;
  try {
    doc = load(text, { filename: file, maxAliases: MAX_ALIASES });
  } catch (err) {
    if (err instanceof YAMLException) {
      const m = (err as YAMLException & { mark?: { line: number; column: number } }).mark;
      throw new SpecError([
        {
          file,
          line: (m?.line ?? 0) + 1,
          col: (m?.column ?? 0) + 1,
          message: `YAML: ${err.reason ?? err.message.split('\n')[0]}`,
        },
      ]);
    }
    throw err;
  }
  // Aliases share one node, so a few dozen can stand for billions of values (a billion laughs): the document is
  // measured as it would be expanded, up to a bound, before anything walks it.
  if (expandsBeyond(doc, MAX_SPEC_VALUES)) {
    throw new SpecError([
      { file, line: 1, col: 1, message: `expands to more than ${MAX_SPEC_VALUES} values (aliases nested in aliases?)` },
    ]);
  }
  const pos = positionsOf(text);
  const problems: SpecProblem[] = [];
  const at = (path: string, message: string) => problems.push({ file, ...pos.at(path), message });

  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    at('', 'a spec is a YAML mapping with version, sources and checks');
    throw new SpecError(problems);
  }
  const loginVars = loginVariables(doc);
  doc = substitute(doc, '', vars, at);
  const validTop = topValidator();
  if (!validTop(doc)) for (const e of readable(validTop.errors)) at(...describe(e, ''));
  const spec = doc as {
    sources?: Record<string, SourceDecl>;
    kafka?: RawKafka;
    defaults?: Record<string, unknown>;
    checks?: unknown[];
  };
  const sourceNames = Object.keys(spec.sources ?? {});
  const checks: CheckDecl[] = [];
  (Array.isArray(spec.checks) ? spec.checks : []).forEach((raw, i) => {
    const path = `/checks/${i}`;
    if (!raw || typeof raw !== 'object') return;
    const c = raw as Record<string, unknown>;
    const def = typeof c.kind === 'string' ? BY_KIND.get(c.kind) : undefined;
    if (!def) {
      const hint = typeof c.kind === 'string' ? didYouMean(c.kind, BY_KIND.keys()) : undefined;
      at(
        `${path}/kind`,
        c.kind === undefined
          ? 'check has no kind'
          : `unknown check kind "${String(c.kind)}"${hint ? `; did you mean "${hint}"?` : ''} (sr-parity ` +
              `checks lists them)`,
      );
      return;
    }
    const validate = checkValidator(def);
    if (!validate(c)) for (const e of readable(validate.errors)) at(...describe(e, path));
    const uses = usesOf(def, c, sourceNames);
    for (const [key, name] of uses) {
      if (!sourceNames.includes(name)) {
        const hint = didYouMean(name, sourceNames);
        at(
          `${path}/${key in c ? key : 'kind'}`,
          `no source named "${name}"${hint ? `; did you mean "${hint}"?` : ''} (sources: ` +
            `${sourceNames.join(', ') || 'none'})`,
        );
      }
    }
    const defaults = spec.defaults ?? {};
    const common = new Set(Object.keys(commonProperties(def)));
    const params = Object.fromEntries(Object.entries(c).filter(([k]) => !common.has(k)));
    for (const p of [...(def.reads ?? []), ...(def.loads ?? [])])
      if (typeof params[p] === 'string') params[p] = resolvePath(file, params[p] as string);
    for (const p of def.sourceParams ?? [])
      if (typeof c[p] === 'string' && !sourceNames.includes(c[p])) at(`${path}/${p}`, `no source named "${c[p]}"`);
    const subjects = { ...(defaults.subjects as object | undefined), ...(c.subjects as object | undefined) } as {
      include?: string[];
      exclude?: string[];
      prefix?: string;
      context?: string;
    };
    checks.push({
      def,
      name: typeof c.name === 'string' ? c.name : def.kind,
      severity: (c.severity ?? defaults.severity) as Severity | undefined,
      filter: {
        include: subjects.include,
        exclude: subjects.exclude,
        subjectPrefix: subjects.prefix,
        context: subjects.context,
      },
      ignore: (c.ignore as IgnoreRule[] | undefined) ?? [],
      uses: uses.map(([, n]) => n),
      ids: (c.ids ?? defaults.ids) as CheckDecl['ids'],
      // An empty map (`idMap: ${ID_MAP:-}` left unset) is no map.
      idMap: resolvePath(file, ((c.idMap ?? defaults.idMap) as string | undefined) || undefined),
      deleted: (c.deleted ?? defaults.deleted) as CheckDecl['deleted'],
      allowExtra: (c.allowExtra ?? defaults.allowExtra) as boolean | undefined,
      mapping:
        def.scope === 'pair'
          ? mappingOf(
              (c.targetContext ?? defaults.targetContext) as string | undefined,
              (c.rename ?? defaults.rename) as string[] | undefined,
            )
          : undefined,
      params,
    });
  });
  // Files the spec names must exist before anything runs (URLs and variables already resolved).
  const mustExist = (path: string, value: unknown) => {
    if (typeof value !== 'string' || value === '' || isUrl(value)) return;
    const abs = resolvePath(file, value)!;
    if (!existsSync(abs))
      at(path, `no such file: ${value}${isAbsolute(value) ? '' : ' (paths are relative to the spec)'}`);
  };
  for (const [n, s] of Object.entries(spec.sources ?? {})) {
    for (const k of ['url', 'snapshot', 'caFile', 'certFile', 'keyFile'] as const)
      mustExist(`/sources/${n}/${k}`, s?.[k]);
    if (s?.schemasTopic !== undefined && !(s.url && isUrl(s.url)))
      at(`/sources/${n}/schemasTopic`, 'a topic is read for a live registry (url: http://...), not a file');
    else if (s?.schemasTopic !== undefined && !spec.kafka)
      at(
        `/sources/${n}/schemasTopic`,
        "the topic is read on the spec's kafka cluster: add kafka: { bootstrap: host:port }",
      );
  }
  if (spec.defaults?.idMap !== undefined) mustExist('/defaults/idMap', spec.defaults.idMap);
  for (const k of ['caFile', 'certFile', 'keyFile'] as const) mustExist(`/kafka/${k}`, spec.kafka?.[k]);
  (Array.isArray(spec.checks) ? spec.checks : []).forEach((raw, i) => {
    const kind = (raw as Record<string, unknown> | null)?.kind;
    if (typeof kind === 'string' && BY_KIND.get(kind)?.samplesRecords && !spec.kafka)
      at(`/checks/${i}/kind`, `${kind} reads records: the spec needs a kafka entry (kafka: { bootstrap: host:port })`);
  });
  (Array.isArray(spec.checks) ? spec.checks : []).forEach((raw, i) => {
    const c = (raw ?? {}) as Record<string, unknown>;
    const def = typeof c.kind === 'string' ? BY_KIND.get(c.kind) : undefined;
    for (const k of ['idMap', ...(def?.reads ?? []), ...(def?.loads ?? [])]) mustExist(`/checks/${i}/${k}`, c[k]);
  });
  const names = new Map<string, number>();
  checks.forEach((c, i) => {
    if (names.has(c.name))
      at(
        `/checks/${i}`,
        `two checks are named "${c.name}" (checks ${names.get(c.name)! + 1} and ${i + 1}); give each a distinct name`,
      );
    names.set(c.name, i);
  });
  if (problems.length) throw new SpecError(problems.sort((a, b) => a.line - b.line || a.col - b.col));
  const sources = Object.fromEntries(
    Object.entries(spec.sources ?? {}).map(([n, s]) => [
      n,
      {
        ...s,
        url: s.url && !isUrl(s.url) ? resolvePath(file, s.url) : s.url,
        snapshot: resolvePath(file, s.snapshot),
        caFile: resolvePath(file, s.caFile),
        certFile: resolvePath(file, s.certFile),
        keyFile: resolvePath(file, s.keyFile),
        ...(loginVars[n]?.length ? { loginVariables: loginVars[n] } : {}),
      },
    ]),
  );
  const used = new Set([...text.matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]!));
  const unusedVariables = Object.keys(vars)
    .filter((name) => !used.has(name))
    .map((name) => ({ name, hint: didYouMean(name, used) }));
  const renamedVariables = [...text.matchAll(VAR)]
    .flatMap(([, name, fallback]) => {
      const formerly = fallback !== undefined ? FORMER.exec(fallback)?.[1] : undefined;
      return formerly !== undefined ? [{ name: name!, formerly }] : [];
    })
    .filter((r) => variable(r.name, vars) === undefined && variable(r.formerly, vars) !== undefined);
  return {
    file,
    sources,
    kafka: kafkaOf(spec.kafka, file),
    failOn: spec.defaults?.failOn as Severity | undefined,
    checks,
    unusedVariables,
    renamedVariables,
  };
}

type RawKafka = Omit<KafkaDecl, 'bootstrap' | 'tls'> & {
  bootstrap: string | string[];
  tls?: boolean;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  insecure?: boolean;
};

/** The spec's kafka entry: brokers as a list, TLS on when anything TLS is set, files relative to the spec. */
function kafkaOf(k: RawKafka | undefined, file: string): KafkaDecl | undefined {
  if (!k) return undefined;
  const tls = k.tls || k.insecure || [k.caFile, k.certFile, k.keyFile].some((f) => f !== undefined);
  const files = { caFile: k.caFile, certFile: k.certFile, keyFile: k.keyFile };
  return {
    bootstrap: bootstrapServers([k.bootstrap].flat()),
    sasl: k.sasl,
    timeoutMs: k.timeoutMs,
    tls: tls
      ? {
          ...Object.fromEntries(Object.entries(files).map(([n, f]) => [n, resolvePath(file, f)])),
          insecure: k.insecure,
        }
      : undefined,
  };
}

/** Which sources a check reads, as [spec key, source name]. */
function usesOf(def: CheckDefinition, c: Record<string, unknown>, names: string[]): [string, string][] {
  if (def.scope === 'pair')
    return [
      ['source', (c.source as string) ?? 'source'],
      ['target', (c.target as string) ?? 'target'],
    ];
  if (def.scope === 'single')
    return [['on', (c.on as string) ?? (names.includes('target') ? 'target' : (names[0] ?? 'source'))]];
  return (['source', 'target'] as const).filter((k) => typeof c[k] === 'string').map((k) => [k, c[k] as string]);
}

function resolvePath(specFile: string, p: string | undefined): string | undefined {
  return p === undefined || isAbsolute(p) ? p : resolve(dirname(specFile), p);
}

// Upper-case names only, so an exporter's `${subject}` stays literal. A default may itself name variables
// (`${CTX:-.${EXPORTER}}`), one level deep.
const VAR = /\$\{([A-Z_][A-Z0-9_]*)(?::-((?:[^{}]|\$\{[^{}]*\})*))?\}/g;
/** A default that is another variable alone: that variable's former name (`${SOURCE_URL:-${SOURCE}}`). */
const FORMER = /^\$\{([A-Z_][A-Z0-9_]*)\}$/;

/** Fields holding a file location (or a URL): where a relative path is resolved. */
const PATH_FIELDS = new Set(['url', 'snapshot', 'caFile', 'certFile', 'keyFile', 'idMap', 'schemaFile', 'file']);

/**
 * A path field that is one variable given by --set or the environment was typed relative to the current directory,
 * not to the spec: it comes back absolute, so the spec-relative resolution that follows leaves it alone.
 */
function callerPath(node: string, path: string, vars: Record<string, string>): string | undefined {
  const whole = new RegExp(`^${VAR.source}$`).exec(node);
  if (!whole || !PATH_FIELDS.has(path.slice(path.lastIndexOf('/') + 1))) return undefined;
  const value = variable(whole[1]!, vars);
  if (!value || isUrl(value) || isAbsolute(value)) return undefined;
  return resolve(value);
}

/**
 * A spec variable: --set, else the environment as NAME, else as SR_NAME (the prefix every option of this tool reads
 * from the environment: a job that exports SR_TARGET_URL and SR_TARGET_PASSWORD for compare serves a spec too).
 */
function variable(name: string, vars: Record<string, string>): string | undefined {
  return vars[name] ?? process.env[name] ?? process.env[`SR_${name}`];
}

/** ${NAME} and ${NAME:-default} in string values, from --set then the environment. */
function substitute(
  node: unknown,
  path: string,
  vars: Record<string, string>,
  at: (path: string, msg: string) => void,
): unknown {
  if (typeof node === 'string') {
    const given = callerPath(node, path, vars);
    if (given !== undefined) return given;
    return node.replace(VAR, (_, name: string, fallback: string | undefined) => {
      const v = variable(name, vars);
      if (v !== undefined) return v; // a value is used as given, never substituted again
      // `${NEW:-${OLD}}`: OLD is a variable's former name, still read; with neither set, the one to set is NEW
      const formerly = fallback !== undefined ? FORMER.exec(fallback)?.[1] : undefined;
      if (formerly !== undefined && variable(formerly, vars) === undefined) fallback = undefined;
      if (fallback !== undefined) return substitute(fallback, path, vars, at) as string;
      const typo = didYouMean(name, Object.keys(vars));
      const given = typo ? `; --set ${typo} was given: did you mean ${name}?` : '';
      at(path, `variable \${${name}} is not set (export ${name}=... or pass --set ${name}=...${given})`);
      return '';
    });
  }
  if (Array.isArray(node)) return node.map((n, i) => substitute(n, `${path}/${i}`, vars, at));
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [k, substitute(v, `${path}/${escape(k)}`, vars, at)]),
    );
  }
  return node;
}

/** A oneOf mismatch also reports why each alternative failed; only the oneOf itself is worth a line. */
function readable(errors: ErrorObject[] | null | undefined): ErrorObject[] {
  const list = errors ?? [];
  const oneOfPaths = new Set(list.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  return list.filter(
    (e) => e.keyword === 'oneOf' || !oneOfPaths.has(e.instancePath) || e.keyword === 'additionalProperties',
  );
}

const TYPE_NAMES: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
};
const typeName = (t: unknown) =>
  Array.isArray(t) ? t.map((x) => TYPE_NAMES[x] ?? x).join(' or ') : (TYPE_NAMES[String(t)] ?? String(t));

/** One ajv error as [path, message], worded for people. */
function describe(e: ErrorObject, base: string): [string, string] {
  const path = base + e.instancePath;
  const field = e.instancePath.split('/').pop() || base.split('/').pop() || 'spec';
  switch (e.keyword) {
    case 'additionalProperties': {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys(((e.parentSchema as { properties?: object })?.properties ?? {}) as object);
      const hint = didYouMean(extra, allowed);
      return [`${path}/${extra}`, `unknown field "${extra}"${hint ? `; did you mean "${hint}"?` : ''}`];
    }
    case 'required':
      return [path, `missing required field "${(e.params as { missingProperty: string }).missingProperty}"`];
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const hint = typeof e.data === 'string' ? didYouMean(e.data, allowed) : undefined;
      return [path, `${field} must be one of ${allowed.join(', ')}${hint ? ` (did you mean ${hint}?)` : ''}`];
    }
    case 'const':
      return [path, `${field} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`];
    case 'type':
      return [path, `${field} must be ${typeName((e.params as { type: unknown }).type)}`];
    case 'oneOf':
      if (e.instancePath.startsWith('/sources/')) return [path, 'a source needs exactly one of url or snapshot'];
      return [
        path,
        `${field} must be ${(e.schema as { type?: unknown }[]).map((alt) => typeName(alt.type)).join(', or ')}`,
      ];
    default:
      return [path, `${field} ${e.message}`];
  }
}

function mappingOf(targetContext: string | undefined, rename: string[] | undefined): SubjectMapping | undefined {
  if (targetContext === '') targetContext = undefined; // `${TARGET_CONTEXT:-}` left unset: no mapping
  return targetContext === undefined && !rename?.length ? undefined : { targetContext, rename };
}

/** Each source's login variables, read before substitution: the names a refused login's advice can give. */
function loginVariables(doc: object): Record<string, string[]> {
  const sources = (doc as { sources?: unknown }).sources;
  if (!sources || typeof sources !== 'object') return {};
  return Object.fromEntries(
    Object.entries(sources as Record<string, unknown>).map(([name, s]) => {
      const fields = s && typeof s === 'object' ? (s as Record<string, unknown>) : {};
      const text = ['username', 'password', 'token']
        .map((f) => (typeof fields[f] === 'string' ? fields[f] : ''))
        .join(' ');
      return [name, [...new Set([...text.matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]!))]];
    }),
  );
}

// Option groups shared by the commands, and their translation into source specs.
import type { Argv } from 'yargs';
import { UsageError } from '../lib/errors.js';
import type { SourceSpec } from '../workflows/sides.js';
import { FLAVORS, type Flavor } from '../model/flavor.js';
import { PRODUCTS, type Product } from '../model/product.js';
import type { SubjectFilter } from '../model/filter.js';

export function connectionOptions<T>(y: Argv<T>, withTarget: boolean, timeout = 'timeout') {
  const side = (prefix: string, label: string) =>
    ({
      [`${prefix}username`]: {
        type: 'string',
        describe: `basic-auth user for the ${label} (env SR_${prefix.toUpperCase().replace('-', '_')}USERNAME)`,
        group: 'Connection:',
      },
      [`${prefix}password`]: { type: 'string', describe: `basic-auth password for the ${label}`, group: 'Connection:' },
      [`${prefix}basic-auth-user-info`]: {
        type: 'string',
        describe:
          `USER:PASSWORD for the ${label}, as Confluent's clients take ` +
          `it${prefix ? '' : ' (env SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO)'}`,
        group: 'Connection:',
      },
      [`${prefix}token`]: { type: 'string', describe: `bearer token for the ${label}`, group: 'Connection:' },
      [`${prefix}header`]: {
        type: 'string',
        array: true,
        describe: `extra header "Name: value" for the ${label} (repeatable)`,
        group: 'Connection:',
      },
      [`${prefix}flavor`]: {
        choices: FLAVORS,
        describe:
          `the ${label}'s API when its URL is a server root (default: from the URL's path: ` +
          `/apis/registry/v2|v3, /apis/ccompat/v7, else confluent)`,
        group: 'Connection:',
      },
      [`${prefix}product`]: {
        choices: PRODUCTS,
        describe:
          `the ${label}'s registry software, where it cannot be told (a gateway, a Confluent older than ` +
          `/v1/metadata/version, a file that does not say): it decides which spellings are the same schema`,
        group: 'Connection:',
      },
    }) as const;
  return y
    .options(side('', 'source'))
    .options(withTarget ? side('target-', 'target') : {})
    .options({
      'ca-file': { type: 'string', describe: 'PEM file of CAs to trust (both sides)', group: 'Connection:' },
      'cert-file': { type: 'string', describe: 'client certificate PEM (mTLS)', group: 'Connection:' },
      'key-file': { type: 'string', describe: 'client key PEM (mTLS)', group: 'Connection:' },
      insecure: { type: 'boolean', describe: 'do not verify TLS certificates', group: 'Connection:' },
      [timeout]: {
        type: 'number',
        default: 30000,
        coerce: wholeNumber(timeout, 1),
        describe: 'per-request timeout in ms',
        group: 'Connection:',
      },
      retries: {
        type: 'number',
        default: 4,
        coerce: wholeNumber('retries', 0),
        describe: 'retries on 429/502/503/504 and dropped connections (a read that timed out: once)',
        group: 'Connection:',
      },
      concurrency: {
        type: 'number',
        default: 8,
        coerce: wholeNumber('concurrency', 1),
        describe: 'requests in flight per registry',
        group: 'Connection:',
      },
    });
}

/** A duration option (`--deadline 15m`, `--every 30s`) in ms; a bare number is seconds. */
export function duration(name: string): (value: unknown) => number | undefined {
  return (value) => {
    if (value === undefined) return undefined;
    const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(String(value).trim());
    const ms = m ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? 's']! : NaN;
    if (!(ms >= 1)) throw new UsageError(`--${name} must be a duration such as 90s, 15m or 1h (got ${String(value)})`);
    return ms;
  };
}

/** A numeric option checked when the command line is parsed: `--timeout abc` or `-5` is a usage error (exit 2). */
export function wholeNumber(name: string, min: number): (value: unknown) => number {
  return (value) => {
    const n = typeof value === 'number' ? value : Number(value);
    const got = Number.isNaN(n) ? 'something else' : String(value);
    if (Number.isInteger(n) && n >= min) return n;
    throw new UsageError(`--${name} must be a whole number of at least ${min} (got ${got})`);
  };
}

export function filterOptions<T>(y: Argv<T>) {
  return y.options({
    'subject-prefix': { type: 'string', describe: 'only subjects starting with this', group: 'Filters:' },
    context: { type: 'string', describe: 'only this context (e.g. .prod)', group: 'Filters:' },
    include: { type: 'string', array: true, describe: 'only subjects matching these globs', group: 'Filters:' },
    exclude: { type: 'string', array: true, describe: 'skip subjects matching these globs', group: 'Filters:' },
  });
}

/** The options of a command that reads one registry and writes one file (snapshot, baseline capture). */
export function oneSourceToFile<T>(y: Argv<T>, what: string) {
  return filterOptions(connectionOptions(y, false))
    .positional('source', { type: 'string', describe: 'registry URL or snapshot file (or --url)' })
    .options({
      url: { type: 'string', alias: 'u', describe: 'registry URL (env SR_URL or SCHEMA_REGISTRY_URL)' },
      output: { type: 'string', alias: 'o', describe: `${what} to write (atomically)`, demandOption: true },
      quiet: { type: 'boolean', alias: 'q', describe: 'print nothing on success' },
    });
}

/** SOURCE and TARGET, as positionals or --url and --target-url: compare, apply and records take them alike. */
export function sideOptions<T>(y: Argv<T>, target: string) {
  return y
    .positional('source', { type: 'string', describe: 'source registry URL or snapshot file (or --url)' })
    .positional('target', { type: 'string', describe: `target ${target} (or --target-url)` })
    .options({
      url: { type: 'string', alias: 'u', describe: 'source registry URL (env SR_URL or SCHEMA_REGISTRY_URL)' },
      'target-url': { type: 'string', describe: 'target registry URL (env SR_TARGET_URL)' },
    });
}

/** The two sides given, or a usage error saying how to give them. */
export function requireSides(
  args: Record<string, unknown>,
  command: string,
  what: string,
  saved?: { source: string; target: string },
): [string, string] {
  const source = (args.source ?? args.url ?? saved?.source) as string | undefined;
  const target = (args.target ?? args.targetUrl ?? saved?.target) as string | undefined;
  if (!source || !target)
    throw new UsageError(
      `${command} needs a source and a target: \`${command} SOURCE TARGET\` or --url and --target-url (${what})`,
    );
  return [source, target];
}

export function requireSource(args: { source?: unknown; url?: unknown }, usage: string): string {
  const src = (args.source ?? args.url) as string | undefined;
  if (!src) throw new UsageError(`${usage} needs a source: \`${usage} URL -o FILE\` or --url`);
  return src;
}

type Args = Record<string, unknown>;

function headers(list: unknown): Record<string, string> | undefined {
  if (!Array.isArray(list) || !list.length) return undefined;
  const out: Record<string, string> = {};
  for (const h of list as string[]) {
    const i = h.indexOf(':');
    // The value is not repeated: a mistyped header is often an Authorization header.
    if (i <= 0)
      throw new UsageError('--header needs "Name: value" (one was given without a colon; its text is not shown)');
    out[h.slice(0, i).trim()] = h.slice(i + 1).trim();
  }
  return out;
}

export function sourceSpec(args: Args, location: string, prefix: '' | 'target-', timeout = 'timeout'): SourceSpec {
  const camel = (k: string) => k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const get = (k: string) => args[camel(prefix + k)] as string | undefined;
  const userInfo = get('basic-auth-user-info');
  const colon = userInfo?.indexOf(':') ?? -1;
  if (userInfo !== undefined && colon <= 0)
    throw new UsageError(`--${prefix}basic-auth-user-info needs USER:PASSWORD (its text is not shown)`);
  return {
    location,
    username: get('username') ?? userInfo?.slice(0, colon),
    password: get('password') ?? userInfo?.slice(colon + 1),
    token: get('token'),
    headers: headers(args[camel(`${prefix}header`)]),
    flavor: get('flavor') as Flavor | undefined,
    product: get('product') as Product | undefined,
    caFile: args.caFile as string | undefined,
    certFile: args.certFile as string | undefined,
    keyFile: args.keyFile as string | undefined,
    insecure: args.insecure as boolean | undefined,
    timeoutMs: args[camel(timeout)] as number,
    retries: args.retries as number,
    concurrency: args.concurrency as number,
  };
}

export function subjectFilter(args: Args): SubjectFilter {
  return {
    subjectPrefix: args.subjectPrefix as string | undefined,
    context: args.context as string | undefined,
    include: args.include as string[] | undefined,
    exclude: args.exclude as string[] | undefined,
  };
}

// Do v2-API clients still get the same answers after 2.6 -> 3.x? The same read-only v2 requests go to both servers
// and the answers are compared structurally: everything the reference (2.6) answered must be in the other's answer
// with the same value; fields the other adds are fine (a v2 client ignores them). Timestamps are compared as
// instants (2.6 writes +0000, 3.x Z); who/when-modified fields and, in listings, labels/properties (found live:
// 3.x's v2 listings carry `labels: []`, its per-version /meta has them) are not compared. Content is compared
// byte for byte. The built-in suite is derived from the reference's own listing; `requests` adds more.
import { defineFindings, finding } from '../../engine/finding.js';
import type { Finding, IoContext } from '../../engine/types.js';
import { defineProbe } from '../../engine/types.js';

const F = defineFindings({
  'apicurio-v2-request-failed': {
    severity: 'error',
    description: 'A v2-API request could not be made on one of the servers (connection, timeout).',
    hint: 'Check that both servers are reachable at their v2 API URLs (…/apis/registry/v2), then run again.',
  },
  'apicurio-v2-status-differs': {
    severity: 'error',
    description: 'The two servers answer a v2-API request with different HTTP statuses.',
    hint:
      'Clients of the v2 API get another answer after the upgrade: check the endpoint on the new server (its v2 ' +
      'compatibility layer) and the data behind it.',
  },
  'apicurio-v2-answer-differs': {
    severity: 'error',
    description: "The other server's answer lacks or changes something the reference answered (content: any byte).",
    hint:
      "Clients of the v2 API read other data after the upgrade: re-import the artifact, or check what 3.x's v2 layer " +
      'serves differently (see the message).',
  },
  'apicurio-v2-disabled-served': {
    severity: 'info',
    description:
      "A DISABLED version's content is served by globalId where the reference answered 404 (found live: " +
      '3.x does, 2.6 does not); v2 clients get content they could not get before.',
    hint: 'Nothing to do unless v2 clients relied on DISABLED content being refused: 3.x serves it by globalId.',
  },
});

const V2 = '/apis/registry/v2';
const NEVER_COMPARED = ['modifiedOn', 'modifiedBy', 'createdBy', 'owner'];
const LISTING = [...NEVER_COMPARED, 'labels', 'properties'];

interface Read {
  path: string; // from the server root
  text?: boolean; // content: compared byte for byte
  ignore?: string[];
  /** The version read is DISABLED on the reference: 404 there and content on the other is reported as info. */
  disabled?: boolean;
  /** A listing the API defines no order for (subject names, rule types): its arrays compare as sets. */
  unordered?: boolean;
}

export const apicurioV2Compat = defineProbe<{
  source: string;
  target: string;
  maxArtifacts: number;
  requests?: Read[];
}>({
  scope: 'probe',
  kind: 'apicurio-v2-compat',
  description:
    'Replays v2-API reads (search, groups, artifact and version metadata, version lists, each version, content by ' +
    "globalId and contentId, references, artifact and global rules, ccompat subjects and the default group's subject " +
    'versions) against `source` (2.6) and `target` (3.x, through its v2 API) and compares the answers structurally.',
  findings: Object.values(F),
  params: {
    source: {
      type: 'string',
      default: 'source',
      description: 'the reference server (2.6): a source whose URL is on that server',
    },
    target: { type: 'string', default: 'target', description: 'the server that must answer the same (3.x)' },
    maxArtifacts: {
      type: 'integer',
      minimum: 1,
      default: 200,
      description: 'artifacts whose reads are replayed (all of them up to this many)',
    },
    requests: {
      type: 'array',
      description: 'more v2 reads to compare: a path from the server root, and keys not to compare',
      items: {
        type: 'object',
        required: ['path'],
        additionalProperties: false,
        properties: {
          path: { type: 'string', pattern: '^/' },
          ignore: { type: 'array', items: { type: 'string' } },
          text: { type: 'boolean' },
        },
      },
    },
  },
  example:
    '- kind: apicurio-v2-compat\n  source: source\n  target: target\n  requests:\n    - path: ' +
    '/apis/registry/v2/search/artifacts?labels=pii',
  async run(io, params) {
    const ref = params.source;
    const other = params.target;
    const findings: Finding[] = [];
    const cases: string[] = [];
    const get = async (path: string) => {
      const [a, b] = await Promise.allSettled([
        io.request({ source: ref, path, method: 'GET', root: true }),
        io.request({ source: other, path, method: 'GET', root: true }),
      ]);
      return { a, b };
    };
    const compare = async (read: Read) => {
      cases.push(read.path);
      const { a, b } = await get(read.path);
      for (const [name, r] of [
        [ref, a],
        [other, b],
      ] as const) {
        if (r.status === 'rejected') {
          findings.push(
            finding(
              F['apicurio-v2-request-failed'],
              { place: read.path },
              `GET ${read.path} on ${name}: ${(r.reason as Error).message}`,
            ),
          );
          return undefined;
        }
      }
      const ra = (a as PromiseFulfilledResult<Awaited<ReturnType<IoContext['request']>>>).value;
      const rb = (b as PromiseFulfilledResult<Awaited<ReturnType<IoContext['request']>>>).value;
      if (read.disabled && ra.status === 404 && rb.status === 200) {
        findings.push(
          finding(
            F['apicurio-v2-disabled-served'],
            { place: read.path },
            `GET ${read.path}: a DISABLED version, 404 on ${ref} but served by ${other}`,
          ),
        );
        return undefined;
      }
      if (ra.status !== rb.status) {
        findings.push(
          finding(
            F['apicurio-v2-status-differs'],
            { place: read.path, source: ra.status, target: rb.status },
            `GET ${read.path}: HTTP ${ra.status} on ${ref}, ${rb.status} on ${other}`,
          ),
        );
        return undefined;
      }
      if (read.text && ra.status === 200) {
        // content; an error answer is JSON, compared as below
        if (ra.body !== rb.body)
          findings.push(
            finding(
              F['apicurio-v2-answer-differs'],
              { place: read.path },
              `GET ${read.path}: the content differs (${ra.body.length} bytes on ${ref}, ${rb.body.length} on ` +
                `${other})`,
            ),
          );
        return ra.body;
      }
      const ja = parse(ra.body);
      const jb = parse(rb.body);
      const rules = { ignore: new Set([...NEVER_COMPARED, ...(read.ignore ?? [])]), unordered: !!read.unordered };
      const notJson = ra.body === rb.body ? undefined : '(not JSON): the bodies differ';
      const diff = ja === undefined || jb === undefined ? notJson : missingIn(ja, jb, rules, '$');
      if (diff)
        findings.push(
          finding(
            F['apicurio-v2-answer-differs'],
            { place: read.path, source: ja ?? ra.body, target: jb ?? rb.body },
            `GET ${read.path}: ${diff}`,
          ),
        );
      return ja;
    };

    const rules = async (base: string) => {
      const types = await compare({ path: `${base}/rules`, unordered: true });
      for (const t of Array.isArray(types) ? (types as string[]) : [])
        await compare({ path: `${base}/rules/${encodeURIComponent(t)}` });
    };
    await rules(`${V2}/admin`);
    await compare({ path: `${V2}/groups?limit=1000`, ignore: LISTING });
    const search = (await compare({ path: `${V2}/search/artifacts?limit=1000&orderby=name`, ignore: LISTING })) as
      { artifacts?: Record<string, unknown>[] } | undefined;
    for (const art of (search?.artifacts ?? []).slice(0, params.maxArtifacts)) {
      const [group, id] = [String(art.groupId ?? 'default'), String(art.id)].map(encodeURIComponent);
      const base = `${V2}/groups/${group}/artifacts/${id}`;
      await compare({ path: `${base}/meta` });
      await compare({ path: base, text: true });
      await rules(base);
      const list = (await compare({ path: `${base}/versions?limit=1000`, ignore: LISTING })) as
        { versions?: Record<string, unknown>[] } | undefined;
      for (const v of list?.versions ?? []) {
        const vbase = `${base}/versions/${encodeURIComponent(String(v.version))}`;
        await compare({ path: vbase, text: true, disabled: v.state === 'DISABLED' });
        await compare({ path: `${vbase}/meta` });
        await compare({ path: `${vbase}/references` });
        await compare({
          path: `${V2}/ids/globalIds/${String(v.globalId)}`,
          text: true,
          disabled: v.state === 'DISABLED',
        });
        await compare({ path: `${V2}/ids/contentIds/${String(v.contentId)}`, text: true });
      }
    }
    await compare({ path: '/apis/ccompat/v7/subjects', unordered: true }); // 2.6 and 3.x list in different orders
    // ccompat sees the default group's artifacts as subjects: their versions and latest (its id, schema, type)
    for (const art of (search?.artifacts ?? [])
      .filter((a) => !a.groupId || a.groupId === 'default')
      .slice(0, params.maxArtifacts)) {
      const subject = `/apis/ccompat/v7/subjects/${encodeURIComponent(String(art.id))}`;
      await compare({ path: `${subject}/versions` });
      await compare({ path: `${subject}/versions/latest` });
    }
    for (const extra of params.requests ?? []) await compare(extra);
    return { cases, findings };
  },
});

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)$/;

interface Rules {
  ignore: Set<string>;
  unordered: boolean;
}

/**
 * The first thing `ref` has that `got` lacks or holds differently, as `$.path: a → b`; absent and empty are alike.
 */
function missingIn(ref: unknown, got: unknown, rules: Rules, path: string): string | undefined {
  if (isEmpty(ref) && isEmpty(got)) return undefined;
  if (typeof ref === 'string' && typeof got === 'string' && TIMESTAMP.test(ref) && TIMESTAMP.test(got)) {
    return instant(ref) === instant(got) ? undefined : `${path}: ${ref} → ${got}`;
  }
  if (Array.isArray(ref)) {
    if (!Array.isArray(got) || got.length !== ref.length)
      return `${path}: ${ref.length} item(s) → ${Array.isArray(got) ? `${got.length} item(s)` : show(got)}`;
    if (rules.unordered) return unmatched(ref, got, rules, path);
    for (let i = 0; i < ref.length; i++) {
      const d = missingIn(ref[i], got[i], rules, `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (ref && typeof ref === 'object') {
    if (!got || typeof got !== 'object' || Array.isArray(got)) return `${path}: an object → ${show(got)}`;
    for (const [k, v] of Object.entries(ref)) {
      if (rules.ignore.has(k)) continue;
      const d = missingIn(v, (got as Record<string, unknown>)[k], rules, `${path}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return ref === got ? undefined : `${path}: ${show(ref)} → ${show(got)}`;
}

/** Arrays as sets: each item of `ref` must match an item of `got` not matched yet. */
function unmatched(ref: unknown[], got: unknown[], rules: Rules, path: string): string | undefined {
  const free = [...got];
  for (const item of ref) {
    const i = free.findIndex((g) => missingIn(item, g, rules, path) === undefined);
    if (i < 0) return `${path}: ${show(item)} → absent`;
    free.splice(i, 1);
  }
  return undefined;
}

function isEmpty(v: unknown): boolean {
  return (
    v === undefined ||
    v === null ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === 'object' && v !== null && Object.keys(v).length === 0)
  );
}

function instant(t: string): number {
  return Date.parse(t.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
}

function show(v: unknown): string {
  if (v === undefined) return 'absent';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

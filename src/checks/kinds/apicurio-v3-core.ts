// The v3 core API of a 3.x registry after the move: it answers, reports 3.x, and what its search, admin and branch
// endpoints say agrees with the registry loaded through that same API.
import { defineFindings, finding } from '../../engine/finding.js';
import { defineSingleCheck } from '../../engine/types.js';
import type { Finding, IoContext } from '../../engine/types.js';
import { isEmptyFilter } from '../../model/filter.js';

const F = defineFindings({
  'apicurio-v3-request-failed': {
    severity: 'error',
    description: 'A v3 core endpoint did not answer 200 with JSON.',
    hint: 'Check the v3 API URL (…/apis/registry/v3) and that the server is 3.x and reachable.',
  },
  'apicurio-v3-not-3x': {
    severity: 'error',
    description: '/system/info does not report a 3.x version.',
    hint: "Point the check at an Apicurio 3.x server's v3 API.",
  },
  'apicurio-v3-count-differs': {
    severity: 'error',
    description: 'A search count (artifacts, groups, versions) differs from the registry loaded through the API.',
    hint:
      "Rebuild the server's search index or wait for it to settle: its search endpoints disagree with its own " +
      'listings.',
  },
  'apicurio-v3-rules-differ': {
    severity: 'error',
    description: 'The global rules /admin/rules lists differ from the loaded ones.',
    hint: 'Set the global rules (/admin/rules) as the import should have left them.',
  },
  'apicurio-v3-artifact-type-unsupported': {
    severity: 'error',
    description: "An artifact's type is not among the types /admin/config/artifactTypes lists.",
    hint:
      'Enable the artifact type on the server (its configured artifact types), or re-create the artifact with ' +
      'a supported type.',
  },
  'apicurio-v3-latest-branch': {
    severity: 'error',
    description: "An artifact has no `latest` branch, or it does not list the artifact's versions in order.",
    hint:
      'Re-import the artifact: 3.x keeps a `latest` branch listing every version in order, which a broken ' +
      'import leaves wrong.',
  },
});

export const apicurioV3Core = defineSingleCheck({
  scope: 'single',
  kind: 'apicurio-v3-core',
  description:
    'The v3 core API of the registry `on` (loaded through /apis/registry/v3) answers and agrees with itself: ' +
    '/system/info reports 3.x; search artifacts, groups and versions count what was loaded; /admin/rules lists the ' +
    'global rules; /admin/config/properties answers; /admin/config/artifactTypes lists every artifact type in use; ' +
    'every artifact has a `latest` branch listing its versions.',
  findings: Object.values(F),
  example: '- kind: apicurio-v3-core\n  on: target',
  async run({ name, registry, filter, io }) {
    if (registry.apicurio?.api !== 'v3' || registry.info.kind !== 'rest' || !io) {
      throw new Error(
        `apicurio-v3-core needs "${name}" to be a live Apicurio 3.x loaded through /apis/registry/v3 (it is ` +
          `${registry.info.flavor ?? registry.info.kind}: ${registry.info.location})`,
      );
    }
    const findings: Finding[] = [];
    const cases: string[] = [];
    const get = async (path: string): Promise<Record<string, unknown> | unknown[] | undefined> => {
      cases.push(path.split('?')[0]!);
      const fail = (why: string) => {
        findings.push(
          finding(F['apicurio-v3-request-failed'], { place: path.split('?')[0] }, `GET ${path} on ${name}: ${why}`),
        );
        return undefined;
      };
      let res: Awaited<ReturnType<IoContext['request']>>;
      try {
        res = await io.request({ source: name, path, method: 'GET' });
      } catch (err) {
        return fail((err as Error).message);
      }
      if (res.status !== 200) return fail(`HTTP ${res.status}`);
      try {
        return JSON.parse(res.body) as Record<string, unknown>;
      } catch {
        return fail('body is not JSON');
      }
    };

    const info = (await get('/system/info')) as { version?: string } | undefined;
    if (info && !String(info.version).startsWith('3.')) {
      findings.push(
        finding(
          F['apicurio-v3-not-3x'],
          { place: '/system/info', target: info.version },
          `/system/info on ${name} reports version ${String(info.version)}, not 3.x`,
        ),
      );
    }
    const versions = [...registry.subjects.values()].reduce((n, s) => n + s.versions.length, 0);
    const expected: [string, number][] = [
      ['/search/artifacts', registry.subjects.size],
      ['/search/groups', Object.keys(registry.apicurio.groups).length],
      ['/search/versions', versions],
    ];
    for (const [path, loaded] of expected) {
      const page = (await get(`${path}?limit=1`)) as { count?: number } | undefined;
      if (page && isEmptyFilter(filter) && page.count !== loaded) {
        findings.push(
          finding(
            F['apicurio-v3-count-differs'],
            { place: path, source: loaded, target: page.count },
            `${path} on ${name} counts ${String(page.count)}, the registry loaded through the API holds ${loaded}`,
          ),
        );
      }
    }
    const rules = (await get('/admin/rules')) as string[] | undefined;
    const loadedRules = Object.keys(registry.globalConfig ?? {})
      .map((k) => k.toUpperCase())
      .sort();
    if (rules && JSON.stringify([...rules].sort()) !== JSON.stringify(loadedRules)) {
      findings.push(
        finding(
          F['apicurio-v3-rules-differ'],
          { place: '/admin/rules', source: loadedRules, target: rules },
          `/admin/rules on ${name} lists ${JSON.stringify(rules)}, loaded ${JSON.stringify(loadedRules)}`,
        ),
      );
    }
    await get('/admin/config/properties');
    // 3.3.3 has no /system/limits (a v2-API endpoint); the artifact types it supports are checked instead.
    const types = (await get('/admin/config/artifactTypes')) as { name?: string }[] | undefined;
    if (Array.isArray(types)) {
      const supported = new Set(types.map((t) => t.name));
      for (const type of new Set(
        [...registry.subjects.values()].map((s) => s.apicurio?.artifactType ?? s.versions[0]?.schemaType),
      )) {
        cases.push(`artifact type ${type}`);
        if (type && !supported.has(type)) {
          findings.push(
            finding(
              F['apicurio-v3-artifact-type-unsupported'],
              { place: `artifact type ${type}`, target: [...supported] },
              `artifact type ${type} is in use but /admin/config/artifactTypes on ${name} does not list it`,
            ),
          );
        }
      }
    }
    for (const s of registry.subjects.values()) {
      cases.push(s.name);
      const latest = s.apicurio?.branches?.latest;
      const all = s.versions.map((v) => v.apicurio?.version ?? String(v.version));
      if (!latest)
        findings.push(
          finding(
            F['apicurio-v3-latest-branch'],
            { subject: s.name, place: 'branch latest' },
            `${s.name} has no latest branch`,
          ),
        );
      else if (latest.join('\u0000') !== all.join('\u0000')) {
        findings.push(
          finding(
            F['apicurio-v3-latest-branch'],
            { subject: s.name, place: 'branch latest', source: all, target: latest },
            `${s.name}: the latest branch lists ${JSON.stringify(latest)}, the artifact has ${JSON.stringify(all)}`,
          ),
        );
      }
    }
    return { cases, findings };
  },
});

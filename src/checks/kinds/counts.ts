import { defineFindings, extraFinding, finding } from '../../engine/finding.js';
import { defineSingleCheck } from '../../engine/types.js';
import type { Finding } from '../../engine/types.js';
import { idKey, summarize, type RegistrySummary } from '../../model/types.js';

const F = defineFindings({
  'count-unexpected': {
    severity: 'error',
    description: 'A count is outside what the spec expects.',
    hint:
      'Look at what the count covers (subjects, versions, ids): a copy still running or a filter in the spec; ' +
      'correct the spec if the expectation is wrong.',
  },
  'count-differs': {
    severity: 'error',
    description:
      'A count differs from the same count of the registry named by `compareWith` (a higher count is info with ' +
      'allowExtra).',
    hint:
      'Fix the first difference this count follows from (a missing subject or version); the count agrees once ' +
      'that is copied.',
  },
});

export const METRICS: (keyof RegistrySummary)[] = [
  'subjects',
  'subjectsDeleted',
  'versions',
  'versionsDeleted',
  'schemas',
  'contexts',
];

const expectation = {
  oneOf: [
    { type: 'integer', minimum: 0 },
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        min: { type: 'integer' },
        max: { type: 'integer' },
        equals: { type: 'integer' },
        tolerance: { type: ['integer', 'string'], pattern: '^\\d+(\\.\\d+)?%$' },
      },
    },
  ],
};

type Expectation = number | { min?: number; max?: number; equals?: number; tolerance?: number | string };

interface CountsParams {
  expect?: Partial<Record<keyof RegistrySummary, Expectation>>;
  compareWith?: string;
  allowExtra?: boolean;
}

export const counts = defineSingleCheck<CountsParams>({
  scope: 'single',
  kind: 'counts',
  description:
    'Counts of the registry named by `on` (subjects, versions, soft-deleted ones, schema ids, contexts) match ' +
    '`expect` (a number, or min/max, or equals with a tolerance such as 5 or "1%"), or equal those of `compareWith`.',
  findings: Object.values(F),
  sourceParams: ['compareWith'],
  params: {
    expect: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(METRICS.map((m) => [m, expectation])),
    },
    compareWith: { type: 'string', description: 'name of another source whose counts must be equal' },
    allowExtra: {
      type: 'boolean',
      description: 'with compareWith: a shared registry may hold more than the other one',
    },
  },
  example:
    '- kind: counts\n  on: target\n  expect:\n    subjects: 4212\n    versions: { equals: 20000, tolerance: "1%" }',
  run({ registry, registries, name, allowExtra, idMap }, params) {
    const mine = summarize(registry);
    const findings: Finding[] = [];
    const expectations = Object.entries(params.expect ?? {}) as [keyof RegistrySummary, Expectation][];
    for (const [metric, e] of expectations) {
      const v = mine[metric];
      const spec = typeof e === 'number' ? { equals: e } : e;
      let lo = spec.min ?? -Infinity;
      let hi = spec.max ?? Infinity;
      if (spec.equals !== undefined) {
        const tol =
          typeof spec.tolerance === 'string'
            ? (spec.equals * Number.parseFloat(spec.tolerance)) / 100
            : (spec.tolerance ?? 0);
        lo = Math.max(lo, spec.equals - tol);
        hi = Math.min(hi, spec.equals + tol);
      }
      if (v < lo || v > hi) {
        const range = lo === hi ? `${lo}` : `${Number.isFinite(lo) ? lo : '-∞'}..${Number.isFinite(hi) ? hi : '∞'}`;
        findings.push(
          finding(
            F['count-unexpected'],
            { place: metric, source: range, target: v },
            `${name} has ${v} ${metric}, expected ${range}`,
          ),
        );
      }
    }
    if (params.compareWith !== undefined) {
      const other = registries.get(params.compareWith);
      if (!other) throw new Error(`compareWith: no source named ${params.compareWith}`);
      // Through the id map, ids a deduplicating migration merged count once, as they do on the target.
      const theirs = summarize(other, idMap && ((ctx, id) => idMap.get(idKey(ctx, id)) ?? id));
      for (const m of METRICS) {
        if (theirs[m] === mine[m]) continue;
        const message = `${m}: ${theirs[m]} on ${params.compareWith}, ${mine[m]} on ${name}`;
        const where = { place: m, source: theirs[m], target: mine[m] };
        const shared = (params.allowExtra ?? allowExtra) === true && mine[m] > theirs[m];
        findings.push(extraFinding(F['count-differs'], where, message, shared));
      }
    }
    return { cases: METRICS.map(String), findings };
  },
});

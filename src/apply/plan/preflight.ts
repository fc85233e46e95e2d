// What refuses a plan before any step is made: a target that cannot take the source (no Confluent API, no IMPORT
// mode for preserved ids, no contexts), types it cannot register, subjects of its own; and the Apicurio rules that
// have no Confluent equivalent.
import { DEFAULT_CONTEXT, userMetadata, type Config, type Registry, type SchemaVersion } from '../../model/types.js';
import type { PlanProblem, Step, Strategy } from '../../model/plan.js';

const CONFLUENT_TYPES = new Set(['AVRO', 'JSON', 'PROTOBUF']);

/**
 * An Apicurio source's rules are config (`compatibility`, `validity`, `integrity`): only compatibility has a
 * Confluent equivalent; the others are dropped, and the plan says so.
 */
export function confluentRules(source: Registry, notes: string[]): Registry {
  if (!source.apicurio) return source;
  let dropped = 0;
  const keep = (c: Config | null): Config | null => {
    if (!c) return c;
    const { compatibility, ...rest } = c;
    dropped += Object.keys(rest).length;
    return compatibility === undefined ? null : { compatibility };
  };
  const subjects = new Map([...source.subjects].map(([n, s]) => [n, { ...s, config: keep(s.config) }]));
  const out = { ...source, globalConfig: keep(source.globalConfig), subjects };
  if (dropped)
    notes.push(`${dropped} Apicurio VALIDITY/INTEGRITY rule(s) have no Confluent equivalent and are not copied`);
  return out;
}

/**
 * Whether registering with explicit ids (IMPORT mode) can work; executing a plan still checks every id it gets back.
 */
export function canPreserveIds(target: Registry): boolean {
  return target.globalMode !== null && target.info.flavor !== 'apicurio-ccompat';
}

/** What the target cannot take from this source, whatever the steps. */
export function targetProblems(source: Registry, target: Registry, strategy: Strategy): PlanProblem[] {
  const problems: PlanProblem[] = [];
  if (target.apicurio) {
    problems.push({
      kind: 'not-confluent-api',
      message:
        `apply writes through the Confluent API; the target is Apicurio's native ${target.apicurio.api} API: ` +
        `use its /apis/ccompat/v7 (or Apicurio's own export/import)`,
    });
  }
  const unsupported = [...source.subjects.values()].filter((s) =>
    s.versions.some((v) => !CONFLUENT_TYPES.has(v.schemaType.toUpperCase())),
  );
  if (unsupported.length) {
    const list = unsupported
      .slice(0, 5)
      .map((s) => `${s.name} (${s.versions[0]!.schemaType})`)
      .join(', ');
    problems.push({
      kind: 'unsupported-type',
      message:
        `${unsupported.length} subject(s) hold types the Confluent API does not register (only AVRO, JSON, ` +
        `PROTOBUF): ${list}${unsupported.length > 5 ? ', …' : ''}; leave them out with --exclude`,
    });
  }
  if (strategy === 'preserve' && !canPreserveIds(target)) {
    const why =
      target.globalMode === null
        ? 'has no modes (GET /mode is not found)'
        : "is Apicurio's ccompat API, which accepts IMPORT mode but assigns its own ids";
    problems.push({
      kind: 'no-import-mode',
      message: `the target ${why}, so it cannot keep the source's ids; use --ids not-preserved`,
    });
  }
  const inContexts = [...source.subjects.values()].filter((s) => s.context !== DEFAULT_CONTEXT);
  if (inContexts.length && target.info.flavor === 'apicurio-ccompat') {
    problems.push({
      kind: 'no-contexts',
      message:
        `${inContexts.length} subject(s) are in contexts (e.g. ${inContexts[0]!.name}), which Apicurio's ` +
        `ccompat API does not have; select them with --context, or map them with --target-context .`,
    });
  }
  return problems;
}

/**
 * Apicurio's ccompat API (3.3.3, tried) lists a soft-deleted subject but answers 404 for each of its versions, even
 * with ?deleted=true: copied, such a subject could not be read back (soft-deleted versions of a live one can).
 */
export function unkeepable(
  source: Registry,
  target: Registry,
  carried: Set<SchemaVersion>,
  strategy: Strategy,
): PlanProblem[] {
  const problems = strategy === 'preserve' ? contractsDroppedOnImport(source, target, carried) : [];
  const unservable = [...source.subjects.values()].filter((s) => s.deleted && s.versions.some((v) => carried.has(v)));
  if (target.info.flavor !== 'apicurio-ccompat' || !unservable.length) return problems;
  const names = unservable.slice(0, 5).map((s) => s.name);
  return [
    ...problems,
    {
      kind: 'target-cannot-keep',
      message:
        `${unservable.length} soft-deleted subject(s) (${names.join(', ')}${unservable.length > 5 ? ', …' : ''}) ` +
        "cannot be kept by Apicurio's ccompat API, which lists a soft-deleted subject but serves none of its " +
        'versions; pass --no-include-deleted to leave soft-deleted history out (the verification then reports it, ' +
        'and compare --deleted ignore passes)',
    },
  ];
}

/**
 * AxonOps (0.2.1, tried) keeps no metadata and no rule set of a version registered with its id in IMPORT mode: it
 * answers 200 and stores the schema bare, so the copy would lose its data contracts (an encryption rule among them).
 * A normal registration keeps them: ids not preserved.
 */
function contractsDroppedOnImport(source: Registry, target: Registry, carried: Set<SchemaVersion>): PlanProblem[] {
  if (target.info.product !== 'axonops') return [];
  const bearing = [...carried].filter((v) => v.ruleSet || userMetadata(v.metadata));
  if (!bearing.length) return [];
  const names = bearing.slice(0, 5).map((v) => `${v.subject} v${v.version}`);
  return [
    {
      kind: 'target-cannot-keep',
      message:
        `${bearing.length} version(s) (${names.join(', ')}${bearing.length > 5 ? ', …' : ''}) carry metadata or a ` +
        'rule set, which AxonOps drops from a version registered with its id (IMPORT mode); pass --ids ' +
        'not-preserved (a registration without an id keeps them), or copy them another way',
    },
  ];
}

/**
 * Config fields beyond compatibility (alias, normalize, validateFields, compatibilityGroup, default/override metadata
 * and rule sets: data contracts of a subject) that the target would answer 200 to and drop: Karapace 5.2 and 6.2 and
 * Apicurio's ccompat API (3.3.3) keep only the compatibility (tried). AxonOps keeps them all.
 */
export function configsDropped(target: Registry, steps: Step[]): PlanProblem[] {
  return [...fieldsDropped(target, steps), ...compatibilityless(target, steps)];
}

function fieldsDropped(target: Registry, steps: Step[]): PlanProblem[] {
  const keeper =
    target.info.flavor === 'apicurio-ccompat'
      ? "Apicurio's ccompat API"
      : target.info.product === 'karapace'
        ? 'Karapace'
        : null;
  if (!keeper) return [];
  const dropped = steps.flatMap((st) =>
    st.op === 'set-config' && st.config
      ? [{ at: st.at || '(global)', fields: Object.keys(st.config).filter((k) => k !== 'compatibility') }]
      : [],
  );
  const lost = dropped.filter((d) => d.fields.length);
  if (!lost.length) return [];
  const fields = [...new Set(lost.flatMap((d) => d.fields))].sort();
  const where = lost.slice(0, 5).map((d) => d.at);
  return [
    {
      kind: 'target-cannot-keep',
      message:
        `${lost.length} config(s) (${where.join(', ')}${lost.length > 5 ? ', …' : ''}) set ${fields.join(', ')}, ` +
        `which ${keeper} drops (it keeps a config's compatibility only)`,
    },
  ];
}

/**
 * AxonOps (0.2.1, handlers.SetConfig) takes a config without a compatibility for a read: it answers 200 with the
 * current config and writes nothing, so an alias or another field set alone (a subject that only aliases another)
 * would be lost without an error.
 */
function compatibilityless(target: Registry, steps: Step[]): PlanProblem[] {
  if (target.info.product !== 'axonops') return [];
  const lost = steps.flatMap((st) =>
    st.op === 'set-config' && st.config && st.config.compatibility === undefined ? [st.at || '(global)'] : [],
  );
  if (!lost.length) return [];
  return [
    {
      kind: 'target-cannot-keep',
      message:
        `${lost.length} config(s) (${lost.slice(0, 5).join(', ')}${lost.length > 5 ? ', …' : ''}) set no ` +
        'compatibility, and AxonOps writes no config without one (it answers 200 and keeps what it had), so it ' +
        'cannot hold them as the source does; leave those subjects out (--exclude) and decide how to carry them',
    },
  ];
}

/** The target's subjects the source does not have: a refusal, or with allowNonEmpty a note. */
export function foreignSubjects(
  source: Registry,
  target: Registry,
  allowNonEmpty: boolean,
  problems: PlanProblem[],
  notes: string[],
): string[] {
  const foreign = [...target.subjects.keys()].filter((s) => !source.subjects.has(s));
  if (!foreign.length) return foreign;
  const list = `${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? `, … (${foreign.length} in all)` : ''}`;
  if (allowNonEmpty)
    notes.push(
      `the target holds ${foreign.length} subject(s) the source does not (${list}); they are left as they are`,
    );
  else
    problems.push({
      kind: 'target-not-empty',
      message:
        `the target holds ${foreign.length} subject(s) the source does not: ${list}; pass --allow-non-empty ` +
        `to write next to them (no subject and no setting of the target is overwritten)`,
    });
  return foreign;
}

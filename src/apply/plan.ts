// Pure: from the loaded source and target, the ordered steps that make the target hold the source. No I/O.
import type { ExistingVersion, Plan, PlanProblem, RegisterStep, Step, Strategy } from '../model/plan.js';
import {
  DEFAULT_CONTEXT,
  contextOf,
  idContextOf,
  idKey,
  userMetadata,
  versionsById,
  type Config,
  type Registry,
  type SchemaVersion,
  type Subject,
} from '../model/types.js';
import { mapRegistry, type SubjectMapping } from '../model/mapping.js';
import { ReferenceResolver } from '../normalize/references.js';
import {
  compareContext,
  compareLevel,
  contextValue,
  contextsOf,
  own,
  settingKey,
  type Setting,
} from '../model/inheritance.js';

export interface PlanOptions {
  strategy: Strategy;
  includeDeleted: boolean;
  allowNonEmpty: boolean;
  /** A shared target's own settings (global, context) are replaced by the source's; otherwise each is a conflict. */
  overwriteSettings?: boolean;
  mapping: SubjectMapping;
}

const CONFLUENT_TYPES = new Set(['AVRO', 'JSON', 'PROTOBUF']);

/**
 * An Apicurio source's rules are config (`compatibility`, `validity`, `integrity`): only compatibility has a
 * Confluent equivalent; the others are dropped, and the plan says so.
 */
function confluentRules(source: Registry, notes: string[]): Registry {
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

export function planApply(
  sourceRegistry: Registry,
  target: Registry,
  o: PlanOptions,
  createdAt = new Date().toISOString(),
): Plan {
  const problems: PlanProblem[] = [];
  const notes: string[] = [];
  const source = confluentRules(mapRegistry(sourceRegistry, o.mapping), notes);
  const srcRefs = new ReferenceResolver(source);
  const tgtRefs = new ReferenceResolver(target);
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
  const steps: Step[] = [];
  const existing: ExistingVersion[] = [];

  if (o.strategy === 'preserve' && !canPreserveIds(target)) {
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
  const carried = carriedVersions(source, srcRefs, target, o.includeDeleted, problems, notes);
  // Apicurio's ccompat API (3.3.3, tried) lists a soft-deleted subject but answers 404 for each of its versions, even
  // with ?deleted=true: copied, such a subject could not be read back (soft-deleted versions of a live one can).
  const unservable = [...source.subjects.values()].filter((s) => s.deleted && s.versions.some((v) => carried.has(v)));
  if (target.info.flavor === 'apicurio-ccompat' && unservable.length)
    problems.push({
      kind: 'target-cannot-keep',
      message:
        `${unservable.length} soft-deleted subject(s) (${unservable
          .slice(0, 5)
          .map((s) => s.name)
          .join(', ')}` +
        `${unservable.length > 5 ? ', …' : ''}) cannot be kept by Apicurio's ccompat API, which lists a soft-deleted ` +
        'subject but serves none of its versions; pass --no-include-deleted to leave soft-deleted history out (the ' +
        'verification then reports it, and compare --deleted ignore passes)',
    });
  problems.push(...cycles(source, srcRefs, carried));

  const foreign = [...target.subjects.keys()].filter((s) => !source.subjects.has(s));
  if (foreign.length) {
    const list = `${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? `, … (${foreign.length} in all)` : ''}`;
    if (o.allowNonEmpty)
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
  }

  // Each (context, id) or, without ids, each content registers once before its other subjects reuse it.
  const firstWith = new Map<string, string>();
  // --ids preserved: the first version written with each (target context, id). Ids are numbered per context, so a
  // mapping that merges contexts can ask for one id twice with different content: the target would refuse (42205).
  const idHolders = new Map<string, SchemaVersion>();
  const targetIds = versionsById(target);
  const registerKey = (s: string, v: number) => `register ${s} v${v}`;
  const referenced = new Set<string>();

  for (const s of source.subjects.values()) {
    const t = target.subjects.get(s.name);
    const match = matchTarget(s, t, carried, srcRefs, tgtRefs, o.strategy, problems);
    if (!match) continue;
    for (const [sv, tv] of match.existing) {
      const context = idContextOf(s); // an id map keys ids by the context they were numbered in
      const ids = { sourceId: sv.id, targetId: tv.id };
      existing.push({ subject: s.name, version: sv.version, targetVersion: tv.version, context, ...ids });
    }
    const todo = match.todo;
    // A subject with no versions is only its settings (configured before its first registration): they are carried.
    if (!todo.length && !match.existing.length && s.versions.length) continue;
    const tempConfig =
      o.strategy === 'new' && todo.length > 0 && effectiveCompatibility(target, s.name, s.context) !== 'NONE';
    if (tempConfig) {
      steps.push({
        key: `config ${s.name} (temporary)`,
        phase: 'write',
        after: [],
        op: 'set-config',
        at: s.name,
        config: { compatibility: 'NONE' },
        temporary: true,
      });
    }
    let previous: string | undefined = tempConfig ? `config ${s.name} (temporary)` : undefined;
    for (const v of todo) {
      const key = registerKey(s.name, v.version);
      const after = previous ? [previous] : [];
      for (const r of v.references) {
        const dep = srcRefs.resolve(r);
        if (dep && carried.has(dep)) {
          after.push(registerKey(dep.subject, dep.version));
          referenced.add(registerKey(dep.subject, dep.version));
        }
      }
      const sameKey = o.strategy === 'preserve' ? `${s.context}|${v.id}` : `${s.context}|${srcRefs.closure(v)}`;
      const first = firstWith.get(sameKey);
      if (first) after.push(first);
      else firstWith.set(sameKey, key);
      if (o.strategy === 'preserve') {
        const holder = idHolders.get(sameKey);
        if (!holder) idHolders.set(sameKey, v);
        else if (!srcRefs.sameContent(holder, srcRefs, v)) {
          problems.push(idCollision(s.name, v, holder, sourceRegistry, o.mapping));
        }
        const taken = targetIds.get(idKey(s.context, v.id));
        if (taken && !srcRefs.sameContent(v, tgtRefs, taken)) {
          problems.push({
            kind: 'id-taken',
            subject: s.name,
            message:
              `${s.name} v${v.version}: id ${v.id} is taken on the target by other content (${taken.subject} ` +
              `v${taken.version})`,
          });
        }
      }
      steps.push({
        key,
        phase: 'write',
        after,
        op: 'register',
        subject: s.name,
        version: v.version,
        sourceId: v.id,
        ...(s.sourceContext !== undefined ? { sourceContext: s.sourceContext } : {}),
        ...(o.strategy === 'preserve' ? { id: v.id } : {}),
        schemaType: v.schemaType,
        schema: v.schema,
        references: v.references,
        ...contracts(v),
        needVersion: false,
      });
      previous = key;
    }
    const softDeletes = [
      ...match.existing.filter(([sv, tv]) => sv.deleted && !tv.deleted).map(([sv]) => sv),
      ...todo.filter((v) => v.deleted),
    ];
    for (const v of softDeletes)
      steps.push({
        key: `soft-delete ${s.name} v${v.version}`,
        phase: 'settle',
        after: [],
        op: 'soft-delete',
        subject: s.name,
        version: v.version,
      });
    const config = subjectSetting(source, target, s, 'config');
    // After a temporary NONE: the source's value where it differs, else what the target had.
    const finalConfig = config !== undefined ? config : t ? ownOf(target, t, 'config') : null;
    if (config !== undefined || tempConfig)
      steps.push({
        key: `config ${s.name}`,
        phase: 'settle',
        after: [],
        op: 'set-config',
        at: s.name,
        config: finalConfig as Config | null,
      });
    const mode = subjectSetting(source, target, s, 'mode');
    if (mode !== undefined)
      steps.push({
        key: `mode ${s.name}`,
        phase: 'modes',
        after: [],
        op: 'set-mode',
        at: s.name,
        mode: mode as string | null,
      });
  }

  // A version that is referenced or soft-deleted later needs its target version number (ids new: not the source's).
  for (const st of steps) if (st.op === 'soft-delete') referenced.add(registerKey(st.subject, st.version));
  for (const st of steps)
    if (st.op === 'register' && o.strategy === 'new' && referenced.has(st.key)) st.needVersion = true;

  for (const c of contextsOf(source, target).filter(
    (c) => source.contexts.includes(c) || [...source.subjects.values()].some((s) => s.context === c),
  )) {
    // The source's own value, or none (the target's own is removed) where the source inherits.
    const own = (pick: 'config' | 'mode') => source.contextSettings[c]?.[pick] ?? null;
    if (compareContext([source, target], c, 'config')?.verdict)
      steps.push({
        key: `config context ${c}`,
        phase: 'settle',
        after: [],
        op: 'set-config',
        at: `:${c}:`,
        config: own('config') as Config | null,
      });
    if (compareContext([source, target], c, 'mode')?.verdict)
      steps.push({
        key: `mode context ${c}`,
        phase: 'modes',
        after: [],
        op: 'set-mode',
        at: `:${c}:`,
        mode: own('mode') as string | null,
      });
  }
  // A target that holds subjects of its own is shared: its global and context settings are its owners', and apply
  // changes none of them unless told to (each is listed, before anything is written).
  if (foreign.length && !o.overwriteSettings) problems.push(...settingConflicts(source, target, steps));
  if (source.globalConfig && settingKey(source.globalConfig) !== settingKey(target.globalConfig)) {
    steps.push({
      key: 'config global',
      phase: 'settle',
      after: [],
      op: 'set-config',
      at: '',
      config: source.globalConfig,
    });
  }
  if (target.globalMode === 'IMPORT' && source.globalMode !== 'IMPORT') {
    // What a killed apply leaves behind, where its state file (which knows the mode it found) is not at hand
    notes.push(
      `the target is in IMPORT mode and the source is not: an earlier apply that stopped part-way leaves it so (its ` +
        'state file, given with --state, restores the mode that apply found). This run copies what is missing, ' +
        'skips what is there, and leaves the target in IMPORT: set READWRITE when the copy is done, or cut over',
    );
  } else if ((source.globalMode ?? 'READWRITE') !== (target.globalMode ?? 'READWRITE')) {
    notes.push(
      `the global mode is not copied: the target stays ${target.globalMode ?? 'READWRITE'} (the source is ` +
        `${source.globalMode ?? 'READWRITE'}); set it at cutover`,
    );
  }

  const importContexts =
    o.strategy === 'preserve' && steps.some((s) => s.op === 'register') ? importContextsOf(steps) : [];
  const previousModes: Record<string, string | null> = {};
  for (const c of importContexts)
    previousModes[c] = c === DEFAULT_CONTEXT ? (target.globalMode ?? null) : (target.contextSettings[c]?.mode ?? null);
  if (o.strategy === 'new')
    notes.push(
      'ids are assigned by the target (--ids not-preserved): the source->target id map is recorded for consumers and ' +
        'for compare --id-map',
    );

  return {
    formatVersion: 1,
    kind: 'sr-parity-apply-plan',
    createdAt,
    source: sourceRegistry.info.location,
    target: target.info.location,
    strategy: o.strategy,
    includeDeleted: o.includeDeleted,
    leftOutDeleted: countLeftOut(source, carried),
    mapping: o.mapping,
    importContexts,
    previousModes,
    steps,
    existing,
    problems,
    notes,
  };
}

/**
 * Whether registering with explicit ids (IMPORT mode) can work; executing a plan still checks every id it gets back.
 */
export function canPreserveIds(target: Registry): boolean {
  return target.globalMode !== null && target.info.flavor !== 'apicurio-ccompat';
}

function idCollision(
  subject: string,
  v: SchemaVersion,
  holder: SchemaVersion,
  source: Registry,
  m: SubjectMapping,
): PlanProblem {
  const ctx = contextOf(subject);
  const merged = m.targetContext !== undefined && source.contexts.length > 1;
  const contexts = source.contexts.join(', ');
  const why = merged
    ? `--target-context puts the source's contexts (${contexts}), which number ids separately, into ${ctx}`
    : 'the mapping merges them';
  return {
    kind: 'id-collision',
    subject,
    message:
      `${subject} v${v.version} and ${holder.subject} v${holder.version} would both be id ${v.id} in context ${ctx} ` +
      `with different content (${why}); use --ids not-preserved, or copy each context on its own`,
  };
}

/** A version's metadata and ruleSet as a registration sends them. */
function contracts(v: SchemaVersion): Pick<RegisterStep, 'metadata' | 'ruleSet'> {
  const metadata = userMetadata(v.metadata);
  return { ...(metadata ? { metadata } : {}), ...(v.ruleSet ? { ruleSet: v.ruleSet } : {}) };
}

function countLeftOut(source: Registry, carried: Set<SchemaVersion>): number {
  let n = 0;
  for (const s of source.subjects.values()) for (const v of s.versions) if (v.deleted && !carried.has(v)) n++;
  return n;
}

/** Versions to copy: all, or the active ones plus soft-deleted ones that active ones reference. */
function carriedVersions(
  source: Registry,
  refs: ReferenceResolver,
  target: Registry,
  includeDeleted: boolean,
  problems: PlanProblem[],
  notes: string[],
): Set<SchemaVersion> {
  const carried = new Set<SchemaVersion>();
  const queue: SchemaVersion[] = [];
  let dropped = 0;
  for (const s of source.subjects.values()) {
    for (const v of s.versions) {
      if (includeDeleted || !v.deleted) queue.push(v);
      else dropped++;
    }
  }
  let pulledIn = 0;
  while (queue.length) {
    const v = queue.pop()!;
    if (carried.has(v)) continue;
    if (v.deleted && !includeDeleted) pulledIn++;
    carried.add(v);
    for (const r of v.references) {
      const dep = refs.resolve(r);
      if (dep) queue.push(dep);
      else if (!target.subjects.get(r.subject)?.versions.some((t) => t.version === r.version)) {
        problems.push({
          kind: 'dangling-reference',
          subject: v.subject,
          message:
            `${v.subject} v${v.version}: reference "${r.name}" points at ${r.subject} v${r.version}, which is ` +
            `neither in the selected source nor on the target`,
        });
      }
    }
  }
  if (dropped - pulledIn > 0) {
    const count = `${dropped - pulledIn} soft-deleted version(s) are not copied (--no-include-deleted)`;
    notes.push(`${count}: the target will differ from the source; compare afterwards with --deleted ignore`);
  }
  if (pulledIn)
    notes.push(
      `${pulledIn} soft-deleted version(s) are copied anyway, and soft-deleted on the target, because ` +
        `active versions reference them`,
    );
  return carried;
}

/** Reference cycles among the copied versions: no order registers them, so the plan refuses before writing. */
function cycles(source: Registry, refs: ReferenceResolver, carried: Set<SchemaVersion>): PlanProblem[] {
  const state = new Map<SchemaVersion, 'open' | 'done'>();
  const out: PlanProblem[] = [];
  const label = (v: SchemaVersion) => `${v.subject} v${v.version}`;
  const visit = (v: SchemaVersion, path: SchemaVersion[]) => {
    const st = state.get(v);
    if (st === 'done') return;
    if (st === 'open') {
      const loop = [...path.slice(path.indexOf(v)), v].map(label).join(' -> ');
      out.push({ kind: 'reference-cycle', subject: v.subject, message: `reference cycle: ${loop}` });
      return;
    }
    state.set(v, 'open');
    for (const r of v.references) {
      const dep = refs.resolve(r);
      if (dep && carried.has(dep)) visit(dep, [...path, v]);
    }
    state.set(v, 'done');
  };
  for (const s of source.subjects.values()) for (const v of s.versions) if (carried.has(v)) visit(v, []);
  return out;
}

/**
 * Which source versions the target already holds, as an identical prefix of the subject's history (same content,
 * and with --ids preserved the same version and id; versions not copied may be absent), and which are left to
 * register after them. Null, with a problem, when the target's history differs.
 */
function matchTarget(
  s: Subject,
  t: Subject | undefined,
  carried: Set<SchemaVersion>,
  srcRefs: ReferenceResolver,
  tgtRefs: ReferenceResolver,
  strategy: Strategy,
  problems: PlanProblem[],
): { existing: [SchemaVersion, SchemaVersion][]; todo: SchemaVersion[] } | null {
  const conflict = (message: string) => {
    problems.push({ kind: 'subject-conflict', subject: s.name, message: `${s.name}: ${message}; it is not written` });
    return null;
  };
  const tv = t?.versions ?? [];
  const existing: [SchemaVersion, SchemaVersion][] = [];
  const todo: SchemaVersion[] = [];
  let ti = 0;
  for (const sv of s.versions) {
    const next = tv[ti];
    if (next && srcRefs.sameContent(sv, tgtRefs, next)) {
      if (strategy === 'preserve' && (next.version !== sv.version || next.id !== sv.id)) {
        return conflict(
          `target v${next.version} (id ${next.id}) has the content of source v${sv.version} but not its version and ` +
            `id (id ${sv.id})`,
        );
      }
      if (next.deleted && !sv.deleted)
        return conflict(`v${next.version} is soft-deleted on the target but active on the source`);
      existing.push([sv, next]);
      ti++;
    } else if (carried.has(sv)) {
      const later = next && laterMatch(s, sv, next, srcRefs, tgtRefs);
      if (later)
        return conflict(
          `source v${sv.version} is missing on the target, which holds later versions (its v${next!.version} is ` +
            `source v${later.version}): was it deleted there? A version cannot be written below the ones a ` +
            'subject holds; delete the subject on the target and apply again',
        );
      if (next) return conflict(`target v${next.version} holds other content than source v${sv.version}`);
      todo.push(sv);
    }
  }
  if (ti < tv.length)
    return conflict(`the target has ${tv.length - ti} version(s) the source does not (from v${tv[ti]!.version})`);
  return { existing, todo };
}

/** The later source version the target's `next` holds (a target that lost `sv` and kept what followed), if any. */
function laterMatch(
  s: Subject,
  sv: SchemaVersion,
  next: SchemaVersion,
  srcRefs: ReferenceResolver,
  tgtRefs: ReferenceResolver,
): SchemaVersion | undefined {
  return s.versions.find((later) => later.version > sv.version && srcRefs.sameContent(later, tgtRefs, next));
}

/** The value to set on the target subject so its effective setting matches the source's (undefined: nothing to do). */
function subjectSetting(source: Registry, target: Registry, s: Subject, pick: 'config' | 'mode'): Setting | undefined {
  const t = target.subjects.get(s.name);
  const c = compareLevel(
    s[pick],
    contextValue(source, s.context, pick),
    t?.[pick] ?? null,
    contextValue(target, s.context, pick),
  );
  return c?.verdict ? ownOf(source, s, pick) : undefined;
}

function ownOf(reg: Registry, s: Subject, pick: 'config' | 'mode'): Setting {
  return own(s[pick], contextValue(reg, s.context, pick));
}

function effectiveCompatibility(reg: Registry, subject: string, context: string): string {
  const own = reg.subjects.get(subject)?.config?.compatibility;
  const parent = (contextValue(reg, context, 'config') as Config | null)?.compatibility;
  return String(own ?? parent ?? 'BACKWARD');
}

/** The settings of a shared target the plan would change: the global config, each context's config and mode. */
function settingConflicts(source: Registry, target: Registry, steps: Step[]): PlanProblem[] {
  const conflicts: { place: string; ours: unknown; theirs: unknown }[] = [];
  if (source.globalConfig && settingKey(source.globalConfig) !== settingKey(target.globalConfig))
    conflicts.push({ place: 'the global config', ours: target.globalConfig, theirs: source.globalConfig });
  for (const st of steps) {
    if ((st.op !== 'set-config' && st.op !== 'set-mode') || !/^:\.[^:]*:$/.test(st.at)) continue;
    const [c, pick] = [st.at.slice(1, -1), st.op === 'set-mode' ? 'mode' : 'config'] as const;
    const ours = target.contextSettings[c]?.[pick] ?? null;
    conflicts.push({ place: `the ${pick} of context ${c}`, ours, theirs: source.contextSettings[c]?.[pick] ?? null });
  }
  return conflicts.map(({ place, ours, theirs }) => ({
    kind: 'setting-conflict',
    message:
      `${place} is ${JSON.stringify(ours)} on the target, ${JSON.stringify(theirs)} on the source, and the target ` +
      'holds subjects of its own: apply changes no setting of a shared target; pass --overwrite-settings to take ' +
      "the source's, or make them equal first",
  }));
}

function importContextsOf(steps: Step[]): string[] {
  const set = new Set<string>([DEFAULT_CONTEXT]);
  for (const s of steps) if (s.op === 'register') set.add(contextOf(s.subject));
  return [...set].sort();
}

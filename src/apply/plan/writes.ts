// The write phase: for each subject, the versions the target lacks registered in order (after what they reference,
// and after the first registration of the same id or content), with a temporary compatibility NONE where the target
// assigns ids; and the soft deletes that follow in the settle phase.
import {
  idContextOf,
  idKey,
  userMetadata,
  versionsById,
  contextOf,
  type Registry,
  type SchemaVersion,
  type Subject,
} from '../../model/types.js';
import type { ExistingVersion, PlanProblem, RegisterStep, Step, Strategy } from '../../model/plan.js';
import type { SubjectMapping } from '../../model/mapping.js';
import type { ReferenceResolver } from '../../normalize/references.js';
import { matchTarget } from './history.js';
import { effectiveCompatibility } from './settings.js';

const registerKey = (s: string, v: number) => `register ${s} v${v}`;

export interface SubjectWrites {
  steps: Step[];
  existing: ExistingVersion[];
  /** A temporary compatibility NONE was set for the registrations: the settle phase sets the final value. */
  tempConfig: boolean;
}

export class WritePlanner {
  /** Each (context, id) or, without ids, each content registers once before its other subjects reuse it. */
  private readonly firstWith = new Map<string, string>();
  /**
   * --ids preserved: the first version written with each (target context, id). Ids are numbered per context, so a
   * mapping that merges contexts can ask for one id twice with different content: the target would refuse (42205).
   */
  private readonly idHolders = new Map<string, SchemaVersion>();
  private readonly targetIds: Map<string, SchemaVersion>;
  private readonly referenced = new Set<string>();

  constructor(
    private readonly source: Registry,
    private readonly target: Registry,
    private readonly o: { strategy: Strategy; mapping: SubjectMapping },
    private readonly refs: { source: ReferenceResolver; target: ReferenceResolver },
    private readonly carried: Set<SchemaVersion>,
    private readonly problems: PlanProblem[],
    /** The source before its mapping, for naming the contexts a mapping merged. */
    private readonly unmapped: Registry,
  ) {
    this.targetIds = versionsById(target);
  }

  /** A subject's writes, or null where it is not written (its target history conflicts, or nothing is carried). */
  subject(s: Subject): SubjectWrites | null {
    const { source: srcRefs, target: tgtRefs } = this.refs;
    const { strategy } = this.o;
    const t = this.target.subjects.get(s.name);
    const match = matchTarget(s, t, this.carried, srcRefs, tgtRefs, strategy, this.problems);
    if (!match) return null;
    const existing = match.existing.map(([sv, tv]) => ({
      subject: s.name,
      version: sv.version,
      targetVersion: tv.version,
      context: idContextOf(s), // an id map keys ids by the context they were numbered in
      sourceId: sv.id,
      targetId: tv.id,
    }));
    const todo = match.todo;
    // A subject with no versions is only its settings (configured before its first registration): they are carried.
    if (!todo.length && !match.existing.length && s.versions.length) return null;
    const steps: Step[] = [];
    const tempConfig =
      strategy === 'new' && todo.length > 0 && effectiveCompatibility(this.target, s.name, s.context) !== 'NONE';
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
      steps.push(this.register(s, v, previous));
      previous = registerKey(s.name, v.version);
    }
    const softDeletes = [
      ...match.existing.filter(([sv, tv]) => sv.deleted && !tv.deleted).map(([sv]) => sv),
      ...todo.filter((v) => v.deleted),
    ];
    for (const v of softDeletes) {
      steps.push({
        key: `soft-delete ${s.name} v${v.version}`,
        phase: 'settle',
        after: [],
        op: 'soft-delete',
        subject: s.name,
        version: v.version,
      });
      this.referenced.add(registerKey(s.name, v.version));
    }
    return { steps, existing, tempConfig };
  }

  /**
   * A version that is referenced or soft-deleted later needs its target version number (ids new: not the source's);
   * marked once every subject is planned.
   */
  markNeededVersions(steps: Step[]): void {
    for (const st of steps)
      if (st.op === 'register' && this.o.strategy === 'new' && this.referenced.has(st.key)) st.needVersion = true;
  }

  private register(s: Subject, v: SchemaVersion, previous: string | undefined): RegisterStep {
    const { source: srcRefs, target: tgtRefs } = this.refs;
    const preserve = this.o.strategy === 'preserve';
    const key = registerKey(s.name, v.version);
    const after = previous ? [previous] : [];
    for (const r of v.references) {
      const dep = srcRefs.resolve(r);
      if (dep && this.carried.has(dep)) {
        after.push(registerKey(dep.subject, dep.version));
        this.referenced.add(registerKey(dep.subject, dep.version));
      }
    }
    const sameKey = preserve ? `${s.context}|${v.id}` : `${s.context}|${srcRefs.closure(v)}`;
    const first = this.firstWith.get(sameKey);
    if (first) after.push(first);
    else this.firstWith.set(sameKey, key);
    if (preserve) {
      const holder = this.idHolders.get(sameKey);
      if (!holder) this.idHolders.set(sameKey, v);
      else if (!srcRefs.sameContent(holder, srcRefs, v))
        this.problems.push(idCollision(s.name, v, holder, this.unmapped, this.o.mapping));
      const taken = this.targetIds.get(idKey(s.context, v.id));
      if (taken && !srcRefs.sameContent(v, tgtRefs, taken)) {
        this.problems.push({
          kind: 'id-taken',
          subject: s.name,
          message:
            `${s.name} v${v.version}: id ${v.id} is taken on the target by other content (${taken.subject} ` +
            `v${taken.version})`,
        });
      }
    }
    return {
      key,
      phase: 'write',
      after,
      op: 'register',
      subject: s.name,
      version: v.version,
      sourceId: v.id,
      ...(s.sourceContext !== undefined ? { sourceContext: s.sourceContext } : {}),
      ...(preserve ? { id: v.id } : {}),
      schemaType: v.schemaType,
      schema: v.schema,
      references: v.references,
      ...contracts(v),
      needVersion: false,
    };
  }
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

// The apply planner over the compare fixture registries: which steps, in which order, and when it refuses.
// Pure: no server. A step reads `phase: key <- what it waits for`.
import { describe, expect, it } from 'vitest';
import { fromSnapshot, type SnapshotFile } from '../../src/sources/files/native.js';
import { filterRegistry } from '../../src/model/filter.js';
import { planApply, type PlanOptions } from '../../src/apply/plan/index.js';
import type { Plan } from '../../src/model/plan.js';
import { renderPlan } from '../../src/report/plan.js';
import { snapshotOf } from '../helpers/fixtures.js';

type Snap = SnapshotFile;
const load = snapshotOf;
const source = () => load('identical', 'source');
const empty = (): Snap => ({ ...source(), subjects: [], contexts: ['.'], contextSettings: {} });
const subject = (s: Snap, name: string) => s.subjects.find((x) => x.name === name)!;

function plan(src: Snap, tgt: Snap, o: Partial<PlanOptions> = {}): Plan {
  return planApply(
    fromSnapshot(src, 'source.json'),
    fromSnapshot(tgt, 'target'),
    { strategy: 'preserve', includeDeleted: false, allowNonEmpty: false, mapping: {}, ...o },
    'now',
  );
}
const lines = (p: Plan) =>
  p.steps.map((s) => `${s.phase}: ${s.key}${s.after.length ? ` <- ${s.after.join(', ')}` : ''}`);
const problems = (p: Plan) => p.problems.map((x) => `${x.kind}: ${x.message}`);

const ACTIVE_PRESERVE = [
  'write: register :.eu:orders-value v1',
  'write: register address v1',
  'write: register common-proto v1',
  'write: register customer-value v1 <- register address v1',
  'write: register events-value v1',
  'write: register orders-value v1',
  'write: register orders-value v2 <- register orders-value v1',
  'settle: config orders-value',
  'write: register users-proto v1 <- register common-proto v1',
];

describe('apply plan into an empty target', () => {
  it('registers every active version, references before their users, each subject in version order, ids kept', () => {
    const p = plan(source(), empty());
    expect(problems(p)).toEqual([]);
    expect(lines(p)).toEqual(ACTIVE_PRESERVE);
    expect(p.importContexts).toEqual(['.', '.eu']);
    expect(p.previousModes).toEqual({ '.': 'READWRITE', '.eu': null });
    expect(
      p.steps.filter((s) => s.op === 'register').map((s) => s.op === 'register' && `${s.subject}/${s.version}=${s.id}`),
    ).toContain('orders-value/2=2');
    expect(p.notes).toContain(
      '2 soft-deleted version(s) are not copied (--no-include-deleted): the target will differ from the source; ' +
        'compare afterwards with --deleted ignore',
    );
    expect(p.leftOutDeleted).toBe(2);
  });

  it('with --include-deleted, registers soft-deleted versions too and soft-deletes them once everything is in', () => {
    const p = plan(source(), empty(), { includeDeleted: true });
    expect(lines(p)).toEqual([
      ...ACTIVE_PRESERVE.slice(0, 5),
      'write: register legacy-value v1',
      'settle: soft-delete legacy-value v1',
      'write: register orders-value v1',
      'write: register orders-value v2 <- register orders-value v1',
      'write: register orders-value v3 <- register orders-value v2',
      'settle: soft-delete orders-value v3',
      'settle: config orders-value',
      'write: register users-proto v1 <- register common-proto v1',
    ]);
  });

  it(
    'with --ids new, lifts compatibility per subject while copying, and asks for the versions references and ' +
      'deletes need',
    () => {
      const p = plan(source(), empty(), { strategy: 'new', includeDeleted: true });
      expect(p.importContexts).toEqual([]);
      expect(lines(p).slice(0, 5)).toEqual([
        'write: config :.eu:orders-value (temporary)',
        'write: register :.eu:orders-value v1 <- config :.eu:orders-value (temporary)',
        'settle: config :.eu:orders-value',
        'write: config address (temporary)',
        'write: register address v1 <- config address (temporary)',
      ]);
      expect(p.steps.find((s) => s.key === 'config address (temporary)')).toMatchObject({
        config: { compatibility: 'NONE' },
      });
      expect(p.steps.find((s) => s.key === 'config address')).toMatchObject({ config: null });
      expect(p.steps.find((s) => s.key === 'config orders-value')).toMatchObject({ config: { compatibility: 'FULL' } });
      const needVersion = p.steps.flatMap((s) => (s.op === 'register' && s.needVersion ? [s.key] : []));
      expect(needVersion).toEqual([
        'register address v1',
        'register common-proto v1',
        'register legacy-value v1',
        'register orders-value v3',
      ]);
      expect(p.steps.some((s) => s.op === 'register' && s.id !== undefined)).toBe(false);
    },
  );

  it('registers the same id in a second subject only after the first', () => {
    const src = source();
    subject(src, 'events-value').versions.push({ ...subject(src, 'address').versions[0]!, version: 2 });
    const p = plan(src, empty());
    expect(lines(p)).toContain('write: register events-value v2 <- register events-value v1, register address v1');
  });

  it('copies a soft-deleted version that an active one references, and soft-deletes it afterwards', () => {
    const src = source();
    subject(src, 'address').versions[0]!.deleted = true;
    subject(src, 'address').deleted = true;
    const p = plan(src, empty());
    expect(lines(p)).toContain('settle: soft-delete address v1');
    expect(p.notes).toContain(
      '1 soft-deleted version(s) are copied anyway, and soft-deleted on the target, because active versions ' +
        'reference them',
    );
  });

  it('renames subjects and moves them into a context, references included', () => {
    const src = source();
    src.subjects = src.subjects.filter((s) => !s.name.startsWith(':'));
    const p = plan(src, empty(), { mapping: { rename: ['^(.*)-value$=>$1'], targetContext: '.migrated' } });
    expect(problems(p)).toEqual([]);
    expect(lines(p)).toContain('write: register :.migrated:customer v1 <- register :.migrated:address v1');
    expect(p.steps.find((s) => s.key === 'register :.migrated:users-proto v1')).toMatchObject({
      references: [{ name: 'common.proto', subject: ':.migrated:common-proto', version: 1 }],
    });
    expect(p.importContexts).toEqual(['.', '.migrated']);
  });

  it("takes a Schema Exporter's subjectRenameFormat as a rename", () => {
    const src = source();
    src.subjects = src.subjects.filter((s) => !s.name.startsWith(':'));
    const p = plan(src, empty(), { mapping: { rename: ['${subject}-dr'] } });
    expect(p.steps.find((s) => s.key === 'register customer-value-dr v1')).toMatchObject({
      references: [{ subject: 'address-dr' }],
    });
  });

  // Found by an operator: exporter-cutover.yaml on a source with a .eu context stopped with no advice
  it('refuses a mapping that sends two subjects to one, saying which contexts and what selects them', () => {
    expect(() => plan(source(), empty(), { mapping: { targetContext: '.x' } })).toThrow(
      'subjects ":.eu:orders-value" and "orders-value" both map to ":.x:orders-value": the target context .x takes ' +
        'the subjects of every source context (.eu and . here); select the contexts the migration copied (compare ' +
        '--context .; in a spec, subjects: {context: .} under defaults), or a rename (--rename; a spec: rename) that ' +
        'keeps them apart',
    );
  });
});

describe('apply plan refuses before writing anything', () => {
  it('a reference cycle', () => {
    const src = source();
    subject(src, 'address').versions[0]!.references = [
      { name: 'com.acme.Customer', subject: 'customer-value', version: 1 },
    ];
    expect(problems(plan(src, empty()))).toEqual([
      'reference-cycle: reference cycle: address v1 -> customer-value v1 -> address v1',
    ]);
  });

  it('a reference outside the selection that the target does not hold', () => {
    const reg = filterRegistry(fromSnapshot(source(), 'source.json'), { exclude: ['address'] });
    const p = planApply(reg, fromSnapshot(empty(), 'target'), {
      strategy: 'preserve',
      includeDeleted: false,
      allowNonEmpty: false,
      mapping: {},
    });
    expect(problems(p)).toEqual([
      'dangling-reference: customer-value v1: reference "com.acme.Address" points at address v1, which is ' +
        'neither in the selected source nor on the target',
    ]);
  });

  it('a target holding subjects the source does not, unless --allow-non-empty', () => {
    expect(problems(plan(load('subject-extra', 'source'), load('subject-extra', 'target')))).toEqual([
      'target-not-empty: the target holds 1 subject(s) the source does not: new-value; pass --allow-non-empty to ' +
        'write next to them (no subject and no setting of the target is overwritten)',
    ]);
    const allowed = plan(load('subject-extra', 'source'), load('subject-extra', 'target'), { allowNonEmpty: true });
    expect(problems(allowed)).toEqual([]);
    expect(allowed.notes).toContain(
      'the target holds 1 subject(s) the source does not (new-value); they are left as they are',
    );
  });

  it("a shared target's own global and context settings are conflicts, unless --overwrite-settings", () => {
    const src = load('subject-extra', 'source');
    const tgt = load('subject-extra', 'target');
    tgt.global.config = { compatibility: 'FULL_TRANSITIVE' };
    tgt.contextSettings = { '.eu': { config: { compatibility: 'NONE' }, mode: null } };
    expect(problems(plan(src, tgt, { allowNonEmpty: true }))).toEqual([
      'setting-conflict: the global config is {"compatibility":"FULL_TRANSITIVE"} on the target, ' +
        '{"compatibility":"BACKWARD"} on the source, and the target holds subjects of its own: apply changes no ' +
        "setting of a shared target; pass --overwrite-settings to take the source's, or make them equal first",
      'setting-conflict: the config of context .eu is {"compatibility":"NONE"} on the target, null on the source, ' +
        'and the target holds subjects of its own: apply changes no setting of a shared target; pass ' +
        "--overwrite-settings to take the source's, or make them equal first",
    ]);
    const overwriting = plan(src, tgt, { allowNonEmpty: true, overwriteSettings: true });
    expect(problems(overwriting)).toEqual([]);
    expect(overwriting.steps.filter((st) => st.op === 'set-config').map((st) => st.key)).toEqual([
      'config context .eu',
      'config global',
    ]);
    // A target without subjects of its own holds nothing to keep: its settings become the source's.
    const fresh = load('identical', 'target');
    fresh.global.config = { compatibility: 'FULL_TRANSITIVE' };
    expect(problems(plan(load('identical', 'source'), fresh))).toEqual([]);
  });

  // Found by an operator: a rerun from another directory (no state file) only noted "target stays IMPORT".
  it('a target left in IMPORT mode by an earlier apply that stopped part-way is named as such', () => {
    const tgt = load('identical', 'source');
    tgt.subjects = tgt.subjects.filter((s) => s.name !== 'orders-value'); // the copy stopped before it
    tgt.global.mode = 'IMPORT';
    const p = plan(source(), tgt);
    expect(p.notes).toContain(
      'the target is in IMPORT mode and the source is not: an earlier apply that stopped part-way leaves it so (its ' +
        'state file, given with --state, restores the mode that apply found). This run copies what is missing, ' +
        'skips what is there, and leaves the target in IMPORT: set READWRITE when the copy is done, or cut over',
    );
    expect(p.steps.filter((st) => st.op === 'register').map((st) => st.key)).toEqual([
      'register orders-value v1',
      'register orders-value v2',
    ]);
  });

  it('a subject whose history differs on the target (never overwritten)', () => {
    expect(problems(plan(load('content-differs', 'source'), load('content-differs', 'target')))).toEqual([
      'subject-conflict: orders-value: target v2 holds other content than source v2; it is not written',
    ]);
    expect(problems(plan(load('version-id-differs', 'source'), load('version-id-differs', 'target')))).toEqual([
      'subject-conflict: orders-value: target v2 (id 42) has the content of source v2 but not its version and ' +
        'id (id 2); it is not written',
    ]);
  });

  it('a version deleted on the target below the ones it kept: named as missing, and no "nothing to do"', () => {
    const tgt = load('identical', 'source');
    const orders = subject(tgt, 'orders-value');
    orders.versions = orders.versions.filter((v) => v.version !== 1); // v1 hard-deleted there
    const p = plan(source(), tgt);
    expect(problems(p)).toEqual([
      'subject-conflict: orders-value: source v1 is missing on the target, which holds later versions (its v2 is ' +
        'source v2): was it deleted there? A version cannot be written below the ones a subject holds; delete the ' +
        'subject on the target and apply again; it is not written',
    ]);
    expect(renderPlan(p)).not.toContain('nothing to do');
  });

  it('an id the target already gives to other content (--ids preserve)', () => {
    const tgt = empty();
    tgt.subjects.push({
      ...subject(load('identical', 'source'), 'events-value'),
      name: 'other',
      versions: [{ ...subject(source(), 'events-value').versions[0]!, id: 4 }],
    });
    expect(problems(plan(source(), tgt, { allowNonEmpty: true }))).toEqual([
      'id-taken: address v1: id 4 is taken on the target by other content (other v1)',
    ]);
  });

  // Ids are numbered per context: merged into one, two contexts can ask for one id with different content (42205).
  it('two source contexts merged into one target context that would give one id to different content', () => {
    const src = source();
    const eu = subject(src, ':.eu:orders-value');
    eu.name = ':.eu:payments-value';
    eu.versions[0]!.schema = JSON.stringify({ type: 'record', name: 'Payment', fields: [{ name: 'p', type: 'long' }] });
    expect(problems(plan(src, empty(), { includeDeleted: true, mapping: { targetContext: '.to-new' } }))).toEqual([
      'id-collision: :.to-new:orders-value v1 and :.to-new:payments-value v1 would both be id 1 in context ' +
        '.to-new with ' +
        "different content (--target-context puts the source's contexts (., .eu), which number ids separately, into " +
        '.to-new); use --ids not-preserved, or copy each context on its own',
    ]);
    expect(
      problems(plan(src, empty(), { strategy: 'new', includeDeleted: true, mapping: { targetContext: '.to-new' } })),
    ).toEqual([]);
    // the same content under one id in both contexts is no collision
    const same = source();
    subject(same, ':.eu:orders-value').name = ':.eu:orders-copy';
    expect(problems(plan(same, empty(), { includeDeleted: true, mapping: { targetContext: '.to-new' } }))).toEqual([]);
  });

  it("subjects in contexts into Apicurio's ccompat API, which has none", () => {
    const p = planApply(
      fromSnapshot(source(), 'source.json'),
      {
        ...fromSnapshot(empty(), 'target'),
        info: { kind: 'rest', location: 'http://apicurio/apis/ccompat/v7', flavor: 'apicurio-ccompat' },
      },
      { strategy: 'new', includeDeleted: false, allowNonEmpty: false, mapping: {} },
    );
    expect(problems(p)).toEqual([
      "no-contexts: 1 subject(s) are in contexts (e.g. :.eu:orders-value), which Apicurio's " +
        'ccompat API does not have; select them with --context, or map them with --target-context .',
    ]);
  });

  it(
    'an Apicurio source: types the Confluent API cannot register are refused; only its compatibility rules are ' +
      'copied',
    () => {
      const apicurio = load('apicurio-identical', 'source');
      const p = plan(apicurio, empty());
      expect(problems(p)).toEqual([
        'unsupported-type: 6 subject(s) hold types the Confluent API does not register (only AVRO, JSON, ' +
          'PROTOBUF): billing (WSDL), connector (KCONNECT), events-api (ASYNCAPI), payments/invoice (XSD), ' +
          'payments/schema-graph (GRAPHQL), …; leave them out with --exclude',
      ]);
      const avroJsonProto = {
        ...apicurio,
        subjects: apicurio.subjects.filter((s) => ['AVRO', 'JSON', 'PROTOBUF'].includes(s.versions[0]!.schemaType)),
      };
      const q = plan(avroJsonProto, empty(), { strategy: 'new' });
      expect(problems(q)).toEqual([]);
      // with new ids each subject takes NONE while its history is copied, then its own compatibility (or none)
      expect(
        q.steps
          .filter((x) => x.key.startsWith('config'))
          .map((x) => `${x.key} ${JSON.stringify((x as { config?: unknown }).config ?? null)}`),
      ).toEqual([
        'config com.acme/customer (temporary) {"compatibility":"NONE"}',
        'config com.acme/customer null',
        'config com.acme/order-event (temporary) {"compatibility":"NONE"}',
        'config com.acme/order-event null',
        'config com.acme/orders (temporary) {"compatibility":"NONE"}',
        'config com.acme/orders {"compatibility":"BACKWARD"}',
        'config payments/payment (temporary) {"compatibility":"NONE"}',
        'config payments/payment null',
      ]);
      expect(q.notes).toContain(
        '2 Apicurio VALIDITY/INTEGRITY rule(s) have no Confluent equivalent and are not copied',
      );
      const intoNative = planApply(
        fromSnapshot(avroJsonProto, 's'),
        fromSnapshot(load('apicurio-identical', 'target'), 't'),
        { strategy: 'new', includeDeleted: false, allowNonEmpty: true, mapping: {} },
      );
      expect(problems(intoNative)[0]).toBe(
        "not-confluent-api: apply writes through the Confluent API; the target is Apicurio's " +
          "native v3 API: use its /apis/ccompat/v7 (or Apicurio's own export/import)",
      );
    },
  );

  it('--ids preserve into a target without modes', () => {
    const tgt = empty();
    tgt.global.mode = null;
    expect(problems(plan(source(), tgt))).toEqual([
      'no-import-mode: the target has no modes (GET /mode is not found), so it cannot keep the ' +
        "source's ids; use --ids not-preserved",
    ]);
  });
});

describe('apply plan against a target that already holds part or all of the source', () => {
  it('plans nothing when the target holds the source', () => {
    const p = plan(source(), load('identical', 'target'));
    expect(lines(p)).toEqual([]);
    expect(p.existing).toHaveLength(10);
    expect(renderPlan(p)).toContain('nothing to do: the target already holds the source.');
  });

  it('continues a subject after the versions the target has', () => {
    const tgt = source();
    subject(tgt, 'orders-value').versions.splice(1);
    const p = plan(source(), tgt);
    expect(lines(p)).toEqual(['write: register orders-value v2']);
    expect(p.existing).toHaveLength(8);
  });

  it('matches by content in order with --ids new, and sets only what differs', () => {
    expect(
      lines(plan(load('ids-not-preserved', 'source'), load('ids-not-preserved', 'target'), { strategy: 'new' })),
    ).toEqual([]);
    expect(lines(plan(load('config-differs', 'source'), load('config-differs', 'target')))).toEqual([
      'settle: config address',
      'settle: config orders-value',
      'settle: config global',
    ]);
    expect(lines(plan(load('subject-mode-differs', 'source'), load('subject-mode-differs', 'target')))).toEqual([
      'modes: mode orders-value',
    ]);
    const ctx = plan(load('context-config-differs', 'source'), load('context-config-differs', 'target'));
    expect(ctx.steps).toMatchObject([{ key: 'config context .eu', at: ':.eu:', config: null }]);
  });

  it('soft-deletes what the source soft-deleted after the copy', () => {
    expect(
      lines(
        plan(load('soft-deleted-version-lost', 'source'), load('soft-deleted-version-lost', 'target'), {
          includeDeleted: true,
        }),
      ),
    ).toEqual(['write: register orders-value v3', 'settle: soft-delete orders-value v3']);
  });
});

describe('the DEK registry in a plan', () => {
  const kek = { name: 'k', kmsType: 'aws-kms', kmsKeyId: 'arn:k', kmsPropsDigest: null, doc: null, shared: false };
  const dek = { kek: 'k', subject: 'orders-value', version: 1, algorithm: 'AES256_GCM', material: 'QUFB' };
  const withKeys = (s: Snap, deleted = false): Snap => ({
    ...s,
    dekRegistry: {
      keks: [{ ...kek, deleted }],
      deks: [
        { ...dek, deleted: false },
        { ...dek, version: 2, deleted: true },
      ],
    },
  });
  const served = (s: Snap): Snap => ({ ...s, dekRegistry: { keks: [], deks: [] } });

  it('creates each KEK before its DEKs, a soft-deleted KEK deleted once they are in', () => {
    const p = plan(withKeys(source(), true), served(empty()));
    expect(lines(p).filter((l) => /kek|dek/.test(l))).toEqual([
      'write: kek k',
      'settle: kek delete k',
      'write: dek k orders-value 1 <- kek k',
      'write: dek k orders-value 2 <- kek k',
    ]);
    expect(renderPlan(p)).toContain('  DEK registry: 1 KEK(s) and 2 DEK(s) to create');
  });

  it('refuses a target without a DEK registry, one holding them otherwise, and a renaming copy', () => {
    expect(problems(plan(withKeys(source()), empty()))).toEqual([
      'dek-registry: the source holds 1 KEK(s); the target serves no DEK registry (/dek-registry/v1)',
    ]);
    const other = withKeys(empty());
    other.dekRegistry!.keks[0]!.kmsKeyId = 'arn:other';
    other.dekRegistry!.deks[0]!.material = 'QkJC';
    expect(problems(plan(withKeys(source()), other))).toEqual([
      'dek-registry: KEK k is on the target with another KMS key id: apply does not change it',
      'dek-registry: DEK orders-value v1 (KEK k) is on the target with other key material',
    ]);
    const renamed = { mapping: { rename: ['orders-value=>orders-v2'] } };
    expect(problems(plan(withKeys(source()), served(empty()), renamed))).toEqual([
      'dek-registry: the source holds 1 KEK(s) and 2 DEK(s), kept by subject name: apply copies them only without ' +
        '--rename or --target-context',
    ]);
    // the same keys on the target: nothing to do for them
    expect(lines(plan(withKeys(source()), withKeys(empty()))).filter((l) => /kek|dek/.test(l))).toEqual([]);
  });
});

describe('what AxonOps cannot keep with ids preserved', () => {
  it('refuses versions with data contracts into AxonOps with their ids, and passes them without', () => {
    const src = source();
    subject(src, 'orders-value').versions[0]!.ruleSet = { domainRules: [{ name: 'r', kind: 'CONDITION' }] };
    const axonops = (s: Snap): Snap => ({ ...s, source: { ...s.source, product: 'axonops' } });
    expect(problems(plan(src, axonops(empty())))).toEqual([
      'target-cannot-keep: 1 version(s) (orders-value v1) carry metadata or a rule set, which AxonOps drops from a ' +
        'version registered with its id (IMPORT mode); pass --ids not-preserved (a registration without an id keeps ' +
        'them), or copy them another way',
    ]);
    expect(problems(plan(src, axonops(empty()), { strategy: 'new' }))).toEqual([]);
    expect(problems(plan(src, empty()))).toEqual([]); // another product keeps them
  });
});

describe('config fields a target would drop', () => {
  it("refuses settings beyond compatibility into Karapace and Apicurio's ccompat API, not into AxonOps", () => {
    const src = source();
    subject(src, 'orders-value').config = { compatibility: 'FULL', normalize: true, defaultRuleSet: {} };
    const as = (s: Snap, product: string): Snap => ({ ...s, source: { ...s.source, product } }) as Snap;
    expect(problems(plan(src, as(empty(), 'karapace'), { strategy: 'new' }))).toEqual([
      'target-cannot-keep: 1 config(s) (orders-value) set defaultRuleSet, normalize, which Karapace drops (it ' +
        "keeps a config's compatibility only)",
    ]);
    expect(problems(plan(src, as(empty(), 'axonops'), { strategy: 'new' }))).toEqual([]);
  });
});

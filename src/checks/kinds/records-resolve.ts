// The data plane: the schema ids that records already in Kafka carry must resolve on the target to the schema they
// resolve to on the source, and the target's schema must read those records as the source's does.
import { defineFindings, finding } from '../../engine/finding.js';
import type { Finding } from '../../engine/types.js';
import { definePairCheck } from '../../engine/types.js';
import type { KafkaRecord, RecordSample } from '../../model/records.js';
import { DEFAULT_CONTEXT, dekKey, idContextOf, idKey, type Registry, type SchemaVersion } from '../../model/types.js';
import { schemaGuid, servesGuids } from '../../model/guid.js';
import { decoderFor, type Decoder } from '../../normalize/decode.js';
import type { ReferenceResolver } from '../../normalize/references.js';
import { FRAMINGS, framingOf, type Framing, type IdKind, type Part } from '../../normalize/wire.js';

const F = defineFindings({
  'record-id-missing-on-target': {
    severity: 'error',
    description: 'Records carry a schema id the target cannot resolve: consumers reading them from the target fail.',
    hint:
      'Copy the schema under that id to the target before consumers move (ids preserved), or give them the id ' +
      'map if ids changed.',
  },
  'record-id-content-differs': {
    severity: 'error',
    description: 'A schema id records carry resolves on the target to other content than on the source.',
    hint:
      "The id names another schema on the target: consumers would decode wrongly. Copy the source's schema " +
      'under that id (IMPORT mode) after removing the wrong one.',
  },
  'record-undecodable-on-target': {
    severity: 'error',
    description: "The target's schema for a record's id does not read the record as the source's schema does.",
    hint:
      "Re-copy the schema byte for byte: the target's schema for this id reads the record differently (a " +
      'changed default, order or type).',
  },
  'id-map-missing-entry-in-use': {
    severity: 'error',
    description: 'Records carry a source id the id map does not translate: clients could not find its target id.',
    hint: 'Add the id to the id map (apply --id-map-out writes a complete one) and deploy it with the consumers.',
  },
  'record-id-missing-on-source': {
    severity: 'warning',
    description: 'Records carry a schema id only the target resolves: nothing to compare it with (or another framing).',
    hint:
      "Check the topic's framing (--framing) and whether these records were written against the target; else " +
      'nothing to compare.',
  },
  'record-undecodable-on-source': {
    severity: 'warning',
    description: "A record that its own schema on the source does not read (the record's bytes are broken).",
    hint:
      "The record's bytes do not match its own schema on the source: a producer bug or a wrong framing " +
      '(--framing); not caused by the migration.',
  },
  'record-reference-unreadable': {
    severity: 'error',
    description: "A record's header names its schema in a form sr-parity cannot read: unverified.",
    hint:
      "Check the producer's header id serializer: the header is neither an id nor a GUID; these records are " +
      'unverified.',
  },
  'record-guid-not-served-by-target': {
    severity: 'error',
    description:
      'Records name their schema by GUID (a header-based serializer) and the target serves no GUIDs: consumers ' +
      'cannot resolve them there, although the target holds the schema (the GUID Confluent would compute matches).',
    hint:
      'Consumers need a target that serves GUIDs (Confluent 8, Redpanda 26.3), or producers that write the id ' +
      'into the payload before the move.',
  },
  'record-dek-missing-on-target': {
    severity: 'error',
    description:
      "A record's schema encrypts fields (an ENCRYPT rule) with a DEK that the target's DEK registry does not hold " +
      'as the source does: consumers reading them from the target cannot decrypt those fields.',
    hint: 'Copy the KEK and its DEKs to the target (apply copies the DEK registry) before consumers move.',
  },
  'record-framing-unknown': {
    severity: 'warning',
    description: 'A record value without a schema reference sr-parity can read (no magic byte, no id header).',
    hint:
      "Check the topic's framing (--framing confluent, apicurio-global, apicurio-content) or leave topics of " +
      'plain data out of --topic.',
  },
  'record-id-translated': {
    severity: 'info',
    description: 'Records carry a source id the migration gave another number: clients need the id map for them.',
    hint: 'Deploy the id map with consumers that read these records from the target (their ids were renumbered).',
  },
  'records-sampled': {
    severity: 'info',
    description: 'What was read from a topic: records, partitions, distinct schema ids.',
    hint: 'Nothing to do: what was read. Raise --sample to read more records per partition.',
  },
});

type Params = { framing?: Framing | 'auto' };

export const recordsResolve = definePairCheck<Params>({
  scope: 'pair',
  kind: 'records-resolve',
  description:
    'Records sampled from Kafka topics resolve on the target: every schema id they carry (key and value) names the ' +
    "same schema there as on the source (through the id map where ids changed), and the target's schema decodes " +
    'them to the same values.',
  findings: Object.values(F),
  samplesRecords: true,
  params: {
    topics: {
      type: 'array',
      minItems: 1,
      items: { type: 'string' },
      description: 'topics to sample: regular expressions matched against whole names',
    },
    sample: { type: 'integer', minimum: 1, description: 'records per partition: the last N (default 100)' },
    from: { type: 'string', description: 'sample the first records at or after this time (ISO 8601) instead' },
    framing: {
      enum: ['auto', ...FRAMINGS],
      description:
        "how records carry their schema id (default auto: Apicurio headers where present, else the source's " +
        'framing: apicurio-global for Apicurio 2.x, apicurio-content for 3.x, confluent for the rest)',
    },
  },
  required: ['topics'],
  example: "- kind: records-resolve\n  topics: ['orders\\..*']\n  sample: 200",
  run(ctx, params) {
    if (!ctx.records)
      throw new Error('records-resolve needs records sampled from Kafka (a `kafka:` entry in the spec)');
    const framing = framingFor(ctx.source, params.framing);
    // Ids resolve in the default context, or on a target a migration moved everything into a context (an exporter's
    // `.name`, `--target-context`), in that one: where the source's subjects now live.
    const moved = [...ctx.source.subjects.values()].find((s) => s.sourceContext === DEFAULT_CONTEXT);
    const lookups = {
      source: new IdLookup(ctx.source, ctx.sourceRefs, DEFAULT_CONTEXT),
      target: new IdLookup(ctx.target, ctx.targetRefs, moved?.context ?? DEFAULT_CONTEXT),
    };
    const groups = groupByReference(ctx.records, framing);
    const findings: Finding[] = [];
    for (const g of groups.framed.values())
      findings.push(
        ...resolveGroup(g, lookups, ctx.options.idsPreserved ? undefined : ctx.options.idMap),
        ...encryptionKeys(g, lookups.source, ctx.source, ctx.target),
      );
    findings.push(...groups.unverified.values());
    findings.push(...sampled(ctx.records, groups.framed));
    return { cases: ctx.records.topics.map((t) => t.topic), findings };
  },
});

/** The encryption rules' KEK names of a version's rule set (Confluent's client-side field and payload encryption). */
function keksOf(v: SchemaVersion): string[] {
  const rs = v.ruleSet as { domainRules?: unknown; encodingRules?: unknown } | undefined;
  const rules = [rs?.domainRules, rs?.encodingRules].flatMap((r) => (Array.isArray(r) ? r : [])) as {
    type?: unknown;
    disabled?: unknown;
    params?: Record<string, unknown>;
  }[];
  return [
    ...new Set(
      rules
        .filter((r) => (r.type === 'ENCRYPT' || r.type === 'ENCRYPT_PAYLOAD') && r.disabled !== true)
        .map((r) => r.params?.['encrypt.kek.name'])
        .filter((k): k is string => typeof k === 'string'),
    ),
  ];
}

/**
 * Records whose schema encrypts with a KEK are readable on the target only where its DEK registry holds the DEKs the
 * source holds for that KEK and the schema's subject, with the same wrapped material (the record does not say which
 * DEK version wrote it: each one is needed).
 */
function encryptionKeys(g: Group, lookup: IdLookup, source: Registry, target: Registry): Finding[] {
  const resolved = lookup.find(g.idKind, g.id);
  if (!resolved) return [];
  const v = resolved.version;
  const out: Finding[] = [];
  for (const kek of keksOf(v)) {
    const needed = (source.dekRegistry?.deks ?? []).filter((d) => d.kek === kek && d.subject === v.subject);
    const held = new Map((target.dekRegistry?.deks ?? []).map((d) => [dekKey(d), d]));
    const lost = needed.filter((d) => held.get(dekKey(d))?.material !== d.material);
    if (!lost.length) continue;
    const n = g.records.length;
    out.push(
      finding(
        F['record-dek-missing-on-target'],
        { ...(typeof g.id === 'number' ? { schemaId: g.id } : {}), place: `${g.topic}/${g.part}` },
        `${g.topic} ${g.part}s with ${g.idKind} ${g.id} (${n} record${n === 1 ? '' : 's'}): ${describe(v)} encrypts ` +
          `with KEK ${kek}, and the target ${target.dekRegistry ? 'does not hold' : 'serves no DEK registry for'} ` +
          `its DEK version(s) ${lost.map((d) => d.version).join(', ')} as the source does: consumers there cannot ` +
          'decrypt these fields',
      ),
    );
  }
  return out;
}

function framingFor(source: Registry, chosen: Framing | 'auto' | undefined): Framing {
  if (chosen && chosen !== 'auto') return chosen;
  if (source.apicurio) return source.apicurio.api === 'v2' ? 'apicurio-global' : 'apicurio-content';
  return 'confluent';
}

/** The records that carry one id in one topic's keys or values. */
interface Group {
  topic: string;
  part: Part;
  idKind: IdKind;
  /** A number, or a GUID (idKind `guid`). */
  id: number | string;
  indexed: boolean; // Confluent's framings: Protobuf bodies start with message indexes
  records: { record: KafkaRecord; body: Uint8Array }[];
}

function groupByReference(sample: RecordSample, framing: Framing) {
  const framed = new Map<string, Group>();
  const unverified = new Map<string, Finding>();
  for (const record of sample.records) {
    for (const part of ['key', 'value'] as const) {
      const f = framingOf(record[part], record.headers, part, framing);
      if (f.kind === 'empty') continue;
      if (f.kind === 'unreadable' || f.kind === 'unknown') {
        // Keys are often plain strings: only a value without any schema reference is worth a finding.
        if (f.kind === 'unknown' && part === 'key') continue;
        const place = `${record.topic}/${part}`;
        const key = `${f.kind}\u0000${place}`; // the first record of each kind per topic and part names it
        if (!unverified.has(key)) unverified.set(key, unverifiedFinding(f, record, part, place));
        continue;
      }
      const key = `${record.topic}\u0000${part}\u0000${f.idKind}\u0000${f.id}`;
      let g = framed.get(key);
      if (!g) {
        framed.set(
          key,
          (g = { topic: record.topic, part, idKind: f.idKind, id: f.id, indexed: f.indexed, records: [] }),
        );
      }
      g.records.push({ record, body: f.body });
    }
  }
  return { framed, unverified };
}

function unverifiedFinding(
  f: { kind: 'unknown' | 'unreadable'; reason: string },
  r: KafkaRecord,
  part: Part,
  place: string,
) {
  return f.kind === 'unreadable'
    ? finding(
        F['record-reference-unreadable'],
        { place },
        `${at(r)}: the ${part}'s schema reference cannot be resolved here (${f.reason}): unverified`,
      )
    : finding(
        F['record-framing-unknown'],
        { place },
        `${at(r)}: the value carries no schema reference sr-parity reads (${f.reason})`,
      );
}

function at(r: KafkaRecord): string {
  return `${r.topic} partition ${r.partition} offset ${r.offset}`;
}

const DECODED_PER_GROUP = 1000;
const GIVE_MAP = 'give its id map (--id-map)';

function resolveGroup(g: Group, lookups: { source: IdLookup; target: IdLookup }, idMap?: Map<string, number>) {
  const out: Finding[] = [];
  const first = g.records[0]!.record;
  const n = g.records.length;
  const where = { ...(typeof g.id === 'number' ? { schemaId: g.id } : {}), place: `${g.topic}/${g.part}` };
  const label =
    `${g.topic} ${g.part}s with ${g.idKind} ${g.id} (${n} record${n === 1 ? '' : 's'}, first at ` +
    `partition ${first.partition} offset ${first.offset})`;
  let targetId = g.id;
  // A GUID names content, not a number a migration could have renumbered: no id map translates it.
  if (idMap && typeof g.id === 'number' && g.idKind !== 'contentId') {
    const mapped = idMap.get(idKey(DEFAULT_CONTEXT, g.id));
    if (mapped === undefined) {
      out.push(finding(F['id-map-missing-entry-in-use'], where, `${label}: the id map has no entry for it`));
      return out;
    }
    targetId = mapped;
  }
  const source = lookups.source.find(g.idKind, g.id);
  if (!source) {
    // Nothing to compare with; what matters is still whether consumers on the target can read these records.
    const framing = `if these records name their schema another way, say how: --framing ${FRAMINGS.join('|')}`;
    const onTarget = lookups.target.find(g.idKind, targetId);
    const f = onTarget
      ? finding(F['record-id-missing-on-source'], where, `${label}: the source has no schema with this id`)
      : finding(
          F['record-id-missing-on-target'],
          where,
          `${label}: neither the target nor the source has a schema with ${g.idKind} ${targetId}`,
        );
    out.push({ ...f, hint: framing });
    return out;
  }
  if (g.idKind === 'guid' && !lookups.target.servesGuids) {
    const computed = lookups.target.find(g.idKind, targetId);
    const holds = computed ? `; it holds the schema (${describe(computed.version)}), under no GUID it serves` : '';
    const f = finding(F['record-guid-not-served-by-target'], where, `${label}: the target serves no GUIDs${holds}`);
    if (computed && computed.closure === source.closure) return [f];
    if (!computed) return [{ ...f, message: `${f.message}, and none of its schemas would have this GUID either` }];
  }
  const target = lookups.target.find(g.idKind, targetId);
  const on = targetId === g.id ? '' : ` (${g.id} on the source)`;
  const renumbered = (f: Finding): Finding => {
    const as = idMap || g.idKind === 'guid' ? undefined : lookups.target.idOf(g.idKind, source.closure);
    return as === undefined || as === targetId
      ? f
      : {
          ...f,
          hint: `the target holds this schema as ${g.idKind} ${as}: if the migration renumbered ids, ${GIVE_MAP}`,
        };
  };
  if (!target) {
    out.push(
      renumbered(
        finding(
          F['record-id-missing-on-target'],
          { ...where, source: describe(source.version) },
          `${label}: the target has no schema with ${g.idKind} ${targetId}${on}; the source's is ` +
            `${describe(source.version)}`,
        ),
      ),
    );
    return out;
  }
  if (targetId !== g.id)
    out.push(
      finding(
        F['record-id-translated'],
        { ...where, source: g.id, target: targetId },
        `${label}: clients reading them from the target need the id map (${g.id} -> ${targetId})`,
      ),
    );
  if (source.closure !== target.closure) {
    out.push(
      renumbered(
        finding(
          F['record-id-content-differs'],
          { ...where, source: describe(source.version), target: describe(target.version) },
          `${label}: ${g.idKind} ${targetId}${on} is ${describe(target.version)} on the target but ` +
            `${describe(source.version)} on the source`,
        ),
      ),
    );
  }
  out.push(...decodeBoth(g, label, where, source, target));
  return out;
}

function decodeBoth(
  g: Group,
  label: string,
  where: Pick<Finding, 'schemaId' | 'place'>,
  source: Resolved,
  target: Resolved,
) {
  const out: Finding[] = [];
  for (const { record, body } of g.records.slice(0, DECODED_PER_GROUP)) {
    let expected: string;
    try {
      expected = source.decode()(body, g.indexed);
    } catch (err) {
      out.push(
        finding(
          F['record-undecodable-on-source'],
          where,
          `${label}: ${at(record)} does not decode with the source's schema: ${(err as Error).message}`,
        ),
      );
      break;
    }
    let got: string | undefined;
    let why: string;
    try {
      got = target.decode()(body, g.indexed);
      why = 'decodes to another value';
    } catch (err) {
      why = `does not decode: ${(err as Error).message}`;
    }
    if (got !== expected) {
      out.push(
        finding(
          F['record-undecodable-on-target'],
          { ...where, source: expected, target: got },
          `${label}: ${at(record)} ${why} with the target's schema (${describe(target.version)})`,
        ),
      );
      break; // one record names the problem; the rest of the group would repeat it
    }
  }
  return out;
}

function describe(v: SchemaVersion): string {
  return `${v.subject} v${v.version}`;
}

interface Resolved {
  version: SchemaVersion;
  closure: string;
  decode(): Decoder;
}

/** A registry's versions by the number a record may carry; decoders built once per version. */
class IdLookup {
  private readonly byKind = new Map<IdKind, Map<number | string, SchemaVersion>>();
  private readonly decoders = new Map<SchemaVersion, Decoder>();
  private readonly byClosure = new Map<IdKind, Map<string, number | string>>();

  constructor(
    private readonly registry: Registry,
    private readonly refs: ReferenceResolver,
    /** The context whose ids records carry (a mapped source's subjects count by the context they came from). */
    private readonly context: string,
  ) {}

  /** The registry answered GUIDs (Confluent 8, Redpanda 26.3); else a GUID is looked up as Confluent computes it. */
  get servesGuids(): boolean {
    this.served ??= servesGuids(this.registry);
    return this.served;
  }

  private served: boolean | undefined;

  find(kind: IdKind, id: number | string): Resolved | undefined {
    const version = this.indexOf(kind).get(id);
    if (!version) return undefined;
    return { version, closure: this.refs.closure(version), decode: () => this.decoder(version) };
  }

  /** The number under which this registry holds content with the given closure, if any. */
  idOf(kind: IdKind, closure: string): number | string | undefined {
    let byClosure = this.byClosure.get(kind);
    if (!byClosure) {
      this.byClosure.set(kind, (byClosure = new Map()));
      for (const n of this.indexOf(kind).keys()) {
        const c = this.find(kind, n)!.closure;
        if (!byClosure.has(c)) byClosure.set(c, n);
      }
    }
    return byClosure.get(closure);
  }

  private indexOf(kind: IdKind): Map<number | string, SchemaVersion> {
    let index = this.byKind.get(kind);
    if (!index) this.byKind.set(kind, (index = this.index(kind)));
    return index;
  }

  // Active versions win over soft-deleted ones for the name a message gives; both resolve (ids outlive soft deletes).
  private index(kind: IdKind): Map<number | string, SchemaVersion> {
    const index = new Map<number | string, SchemaVersion>();
    const served = kind === 'guid' && this.servesGuids;
    for (const s of this.registry.subjects.values()) {
      if (idContextOf(s) !== this.context) continue;
      for (const v of s.versions) {
        const n =
          kind === 'guid'
            ? served
              ? v.guid
              : schemaGuid(v)
            : kind === 'contentId'
              ? (v.apicurio?.contentId ?? v.id)
              : v.id;
        if (n === undefined) continue;
        const had = index.get(n);
        if (!had || (had.deleted && !v.deleted)) index.set(n, v);
      }
    }
    return index;
  }

  private decoder(v: SchemaVersion): Decoder {
    let d = this.decoders.get(v);
    if (!d) {
      try {
        d = decoderFor({ schemaType: v.schemaType, schema: v.schema, references: this.refs.referenced(v) });
      } catch (err) {
        const why = (err as Error).message;
        d = () => {
          throw new Error(`its schema cannot be used to decode: ${why}`);
        };
      }
      this.decoders.set(v, d);
    }
    return d;
  }
}

function sampled(sample: RecordSample, groups: Map<string, Group>): Finding[] {
  return sample.topics.map((t) => {
    const ids = [...groups.values()].filter((g) => g.topic === t.topic);
    const list = (part: Part) =>
      ids
        .filter((g) => g.part === part && typeof g.id === 'number')
        .map((g) => g.id as number)
        .sort((a, b) => a - b);
    const guids = ids.filter((g) => g.idKind === 'guid').length;
    const [keys, values] = [list('key'), list('value')];
    const short = t.cutShort ? `; ${t.cutShort} partition(s) ended early (a gap in the log, or the time limit)` : '';
    return finding(
      F['records-sampled'],
      {
        place: t.topic,
        source: {
          records: t.records,
          partitions: t.partitions,
          keyIds: keys,
          valueIds: values,
          ...(guids ? { guids } : {}),
        },
      },
      `${t.topic}: ${t.records} record(s) from ${t.partitions} partition(s); value ids ${values.join(', ') || 'none'}` +
        `${keys.length ? `, key ids ${keys.join(', ')}` : ''}${guids ? `, ${guids} schema GUID(s)` : ''}${short}`,
    );
  });
}

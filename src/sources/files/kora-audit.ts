// The audit JSON that Karapace -> Kora migrations write (REFERENCE.md section 4): read as a source, and written by
// `snapshot --format kora-audit` so the existing tooling can consume sr-parity's captures.
import { failIn } from '../../lib/errors.js';
import {
  contextOf,
  contextsOf,
  idKey,
  normalizeConfig,
  summarize,
  type Config,
  type Reference,
  type Registry,
  type SchemaVersion,
  type Subject,
} from '../../model/types.js';
import { ReferenceResolver, dedupGroups } from '../../normalize/references.js';
import { normalize } from '../../normalize/index.js';
import { Fields } from '../fields.js';

interface AuditVersion {
  version: number;
  schema_id: number;
  schema_type: string;
  schema_text: string;
  references: Reference[];
  deleted: boolean;
}

export interface KoraAudit {
  summary: {
    timestamp: string;
    source_url: string;
    subject_count: number;
    subject_count_active: number;
    subject_count_deleted: number;
    schema_count: number;
    version_count: number;
    has_references: boolean;
    dedup_collision_count: number;
    global_config: Config | null;
  };
  subjects: { name: string; deleted: boolean; config: Config | null; versions: AuditVersion[] }[];
  schemas_by_id: Record<
    string,
    {
      id: number;
      schema_type: string;
      schema_text: string;
      references: Reference[];
      subject_versions: { subject: string; version: number; deleted: boolean }[];
    }
  >;
  dedup_collisions: { canonical_content: string; ids: number[] }[];
}

export function looksLikeKoraAudit(doc: unknown): boolean {
  return !!doc && typeof doc === 'object' && 'summary' in doc && 'subjects' in doc && !('formatVersion' in doc);
}

/** Config as the audit may spell it: a level name or a config object. */
function configOf(f: Fields, raw: unknown, at: string): Config | null {
  return typeof raw === 'string' ? { compatibility: raw } : normalizeConfig(f.nested(f.optionalObject(raw, at), at));
}

export function fromKoraAudit(doc: unknown, file: string): Registry {
  const fail = failIn(file);
  const f = new Fields(fail);
  const audit = doc as Partial<KoraAudit>;
  const summary = f.object(audit.summary, 'summary');
  const byId = (f.optionalObject(audit.schemas_by_id, 'schemas_by_id') ?? {}) as KoraAudit['schemas_by_id'];
  const subjects = new Map<string, Subject>();
  f.array(audit.subjects, 'subjects').forEach((raw, i) => {
    const at = `subjects[${i}]`;
    const s = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const name = f.string(s.name, `${at}.name`);
    if (subjects.has(name)) fail(`${at}.name`, `subject ${JSON.stringify(name)} is listed twice`);
    const versions = f.array(s.versions, `${at}.versions`).map((raw, j): SchemaVersion => {
      const vat = `${at}.versions[${j}]`;
      const v = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
      const id = f.wholeNumber(v.schema_id, `${vat}.schema_id`);
      // The text may live only in schemas_by_id (one copy per id).
      const text = v.schema_text ?? byId[idKey(contextOf(name), id)]?.schema_text;
      if (typeof text !== 'string')
        return fail(`${vat}.schema_text`, `expected a string (and schemas_by_id has no id ${id})`);
      return f.version(v, vat, name, { names: { id: 'schema_id', schemaType: 'schema_type' }, schema: text });
    });
    f.inOrder(versions, `${at}.versions`);
    subjects.set(name, {
      name,
      context: contextOf(name),
      deleted: f.optionalFlag(s.deleted, `${at}.deleted`) ?? versions.every((v) => v.deleted),
      versions,
      config: configOf(f, s.config, `${at}.config`),
      mode: null,
    });
  });
  const contexts = contextsOf(subjects.values());
  return {
    info: {
      kind: 'snapshot',
      location: file,
      flavor: 'kora-audit',
      capturedAt: f.optionalString(summary.timestamp, 'summary.timestamp') ?? undefined,
    },
    globalConfig: configOf(f, summary.global_config, 'summary.global_config'),
    globalMode: null, // the audit does not record modes
    contexts,
    contextSettings: {},
    subjects,
  };
}

export function toKoraAudit(reg: Registry): KoraAudit {
  const refs = new ReferenceResolver(reg);
  const sum = summarize(reg);
  const schemas: KoraAudit['schemas_by_id'] = {};
  const subjects: KoraAudit['subjects'] = [];
  for (const s of reg.subjects.values()) {
    subjects.push({
      name: s.name,
      deleted: s.deleted,
      config: s.config,
      versions: s.versions.map((v) => ({
        version: v.version,
        schema_id: v.id,
        schema_type: v.schemaType,
        schema_text: v.schema,
        references: v.references,
        deleted: v.deleted,
      })),
    });
    for (const v of s.versions) {
      const key = idKey(s.context, v.id);
      schemas[key] ??= {
        id: v.id,
        schema_type: v.schemaType,
        schema_text: v.schema,
        references: v.references,
        subject_versions: [],
      };
      schemas[key].subject_versions.push({ subject: s.name, version: v.version, deleted: v.deleted });
    }
  }
  const collisions = dedupGroups(reg, refs)
    .filter((g) => g.ids.length > 1)
    .map((g) => ({
      canonical_content: normalize(g.ids[0]![1].schemaType, g.ids[0]![1].schema).canonical,
      ids: g.ids.map(([id]) => id),
    }));
  return {
    summary: {
      timestamp: reg.info.capturedAt ?? new Date().toISOString(),
      source_url: reg.info.location,
      subject_count: sum.subjects,
      subject_count_active: sum.subjects - sum.subjectsDeleted,
      subject_count_deleted: sum.subjectsDeleted,
      schema_count: sum.schemas,
      version_count: sum.versions,
      has_references: [...reg.subjects.values()].some((s) => s.versions.some((v) => v.references.length > 0)),
      dedup_collision_count: collisions.length,
      global_config: reg.globalConfig,
    },
    subjects,
    schemas_by_id: schemas,
    dedup_collisions: collisions,
  };
}

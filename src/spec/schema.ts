// The spec's JSON Schema, generated from the check catalogue: `sr-parity schema` prints it for editors
// (yaml-language-server), and the loader validates with the same pieces.
import type { CheckDefinition } from '../engine/types.js';
import { SEVERITIES } from '../engine/types.js';
import { FLAVORS } from '../model/flavor.js';
import { PRODUCTS } from '../model/product.js';
import { SASL_MECHANISMS } from '../model/records.js';

type Schema = Record<string, unknown>;

const str = (description: string): Schema => ({ type: 'string', description });

export const SOURCE_SCHEMA: Schema = {
  type: 'object',
  additionalProperties: false,
  description: 'a live registry (url) or a snapshot file (snapshot, relative to the spec)',
  properties: {
    url: str(
      'registry base URL (http://registry:8081, http://apicurio:8080/apis/ccompat/v7, ' +
        'http://apicurio:8080/apis/registry/v3) or a snapshot file relative to this spec',
    ),
    flavor: {
      enum: FLAVORS,
      description:
        "the API at url when it is a server root; by default the URL's path decides (/apis/registry/v2|v3, " +
        '/apis/ccompat/v7, else confluent)',
    },
    product: {
      enum: PRODUCTS,
      description:
        'the registry software, where it cannot be told (a gateway, an older Confluent, a file that does not say): ' +
        'it decides which spellings are the same schema',
    },
    snapshot: str('snapshot file, relative to this spec'),
    schemasTopic: str(
      "the topic this Kafka-backed registry (Karapace, Confluent) keeps its state in, on the spec's kafka cluster: " +
        "watch's passes read what changed from it",
    ),
    username: str('basic-auth user; use ${ENV_VAR}'),
    password: str('basic-auth password; use ${ENV_VAR}, never a literal'),
    token: str('bearer token; use ${ENV_VAR}'),
    headers: { type: 'object', additionalProperties: { type: 'string' } },
    caFile: str('PEM file of CAs to trust'),
    certFile: str('client certificate PEM'),
    keyFile: str('client key PEM'),
    insecure: { type: 'boolean' },
    timeoutMs: { type: 'integer', minimum: 1 },
    retries: { type: 'integer', minimum: 0 },
    concurrency: { type: 'integer', minimum: 1 },
  },
  oneOf: [{ required: ['url'] }, { required: ['snapshot'] }],
};

/** The Kafka cluster records-resolve checks sample (read-only: no consumer group, nothing written). */
export const KAFKA_SCHEMA: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['bootstrap'],
  description: 'the Kafka cluster whose records records-resolve checks read',
  properties: {
    bootstrap: {
      oneOf: [{ type: 'string' }, { type: 'array', minItems: 1, items: { type: 'string' } }],
      description: 'broker host:port to start from (a list, or comma-separated)',
    },
    sasl: {
      type: 'object',
      additionalProperties: false,
      required: ['mechanism', 'username', 'password'],
      properties: {
        mechanism: { enum: [...SASL_MECHANISMS] },
        username: str('SASL user; use ${ENV_VAR}'),
        password: str('SASL password; use ${ENV_VAR}, never a literal'),
      },
    },
    tls: { type: 'boolean', description: 'connect over TLS' },
    caFile: str('PEM file of CAs to trust (implies tls), relative to the spec'),
    certFile: str('client certificate PEM (mTLS), relative to the spec'),
    keyFile: str('client key PEM (mTLS), relative to the spec'),
    insecure: { type: 'boolean', description: "do not verify the brokers' certificates (implies tls)" },
    timeoutMs: {
      type: 'integer',
      minimum: 1,
      description: 'per request (default 30000); four times it bounds the read',
    },
  },
};

export const SUBJECTS_SCHEMA: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    include: { type: 'array', items: { type: 'string' }, description: 'globs; only matching subjects' },
    exclude: { type: 'array', items: { type: 'string' }, description: 'globs; skip matching subjects' },
    prefix: str('only subjects starting with this'),
    context: str('only this context, e.g. .prod'),
  },
};

const COMPARE_OPTIONS: Record<string, Schema> = {
  ids: { enum: ['preserved', 'not-preserved'], description: 'whether the migration kept schema ids' },
  idMap: str('source->target id map file (implies ids: not-preserved)'),
  deleted: { enum: ['compare', 'ignore'], description: 'compare soft-deleted subjects and versions too, or not' },
  allowExtra: {
    type: 'boolean',
    description: 'a shared target: subjects, versions and contexts only the target holds are info, not drift',
  },
  targetContext: str('the migration put every source subject into this context of the target (an exporter: .<name>)'),
  rename: {
    type: 'array',
    items: { type: 'string', pattern: '=>|\\$\\{subject\\}' },
    description:
      "the migration renamed subjects: 'regex=>replacement' over the name without its context, or an exporter's " +
      "subjectRenameFormat such as '${subject}-dr'",
  },
};

const IGNORE_SCHEMA: Schema = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['reason'],
    properties: {
      fingerprint: str('a finding fingerprint from a report'),
      subject: str('a subject glob'),
      finding: str('a finding id'),
      reason: str('why this is accepted'),
    },
    anyOf: [{ required: ['fingerprint'] }, { required: ['subject'] }, { required: ['finding'] }],
  },
};

/** Properties every check of this scope accepts, besides its own params. */
export function commonProperties(def: CheckDefinition): Record<string, Schema> {
  const base: Record<string, Schema> = {
    kind: { const: def.kind },
    name: str('a name for reports (default: the kind)'),
    severity: { enum: SEVERITIES, description: 'report every finding of this check at this severity' },
    subjects: SUBJECTS_SCHEMA,
    ignore: IGNORE_SCHEMA,
  };
  if (def.scope === 'pair')
    return {
      ...base,
      source: str('source name (default: source)'),
      target: str('target name (default: target)'),
      ...COMPARE_OPTIONS,
    };
  if (def.scope === 'single')
    return { ...base, on: str('the source this check examines (default: target, else source)') };
  return base;
}

export function checkSchema(def: CheckDefinition): Schema {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['kind', ...(def.required ?? [])],
    properties: { ...commonProperties(def), ...def.params },
  };
}

export function specSchema(catalogue: CheckDefinition[]): Schema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://sr-parity.dev/schema/spec-v1.json',
    title: 'sr-parity verify spec',
    type: 'object',
    additionalProperties: false,
    required: ['version', 'sources', 'checks'],
    properties: {
      version: { const: 1 },
      sources: {
        type: 'object',
        minProperties: 1,
        additionalProperties: SOURCE_SCHEMA,
        description: 'named sources; checks refer to them by name (source, target, ...)',
      },
      kafka: KAFKA_SCHEMA,
      defaults: {
        type: 'object',
        additionalProperties: false,
        properties: {
          subjects: SUBJECTS_SCHEMA,
          failOn: { enum: SEVERITIES },
          severity: { enum: SEVERITIES, description: 'severity for every check that sets none' },
          ...COMPARE_OPTIONS,
        },
      },
      checks: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['kind'],
          properties: { kind: { enum: catalogue.map((c) => c.kind) } },
          allOf: catalogue.map((c) => ({ if: { properties: { kind: { const: c.kind } } }, then: checkSchema(c) })),
        },
      },
    },
  };
}

// Asks a registry whether a schema would be accepted under a subject, without registering it: proves the target
// enforces the same compatibility rules as the source did (e.g. that a breaking change is still refused).
import { defineFindings, finding } from '../../engine/finding.js';
import { defineProbe, type LoadedText } from '../../engine/types.js';

const F = defineFindings({
  'compatibility-unexpected': {
    severity: 'error',
    description: 'The registry accepts a schema the spec says it must refuse, or refuses one it must accept.',
    hint:
      "Set the subject's compatibility as the source has it (PUT /config/{subject}), or correct the spec's " +
      'expectation.',
  },
  'compatibility-request-failed': {
    severity: 'error',
    description: 'The compatibility question could not be asked (subject missing, server error).',
    hint:
      'Make sure the subject exists on the server asked (copy it first) and the server answers POST ' +
      '/compatibility.',
  },
});

interface CompatibilityParams {
  source: string;
  subject: string;
  version?: string | number;
  schema?: string;
  schemaFile?: LoadedText;
  schemaType?: string;
  references?: { name: string; subject: string; version: number }[];
  expect?: { compatible?: boolean };
}

export const compatibility = defineProbe<CompatibilityParams>({
  scope: 'probe',
  kind: 'compatibility',
  description:
    'Asks the source named by `source` whether `schema` (or `schemaFile`) is compatible with `subject` at `version`, ' +
    'and checks the answer against `expect.compatible`. Read-only: nothing is registered.',
  findings: Object.values(F),
  params: {
    source: { type: 'string', description: 'name of the (live) source to ask' },
    subject: { type: 'string', description: 'the subject (`:.ctx:name` in a context)' },
    version: { type: ['string', 'integer'], default: 'latest', description: 'version to test against' },
    schema: { type: 'string', description: 'the candidate schema text' },
    schemaFile: { type: 'string', description: 'or a file holding it, relative to the spec' },
    schemaType: { enum: ['AVRO', 'JSON', 'PROTOBUF'], default: 'AVRO' },
    references: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'subject', 'version'],
        properties: { name: { type: 'string' }, subject: { type: 'string' }, version: { type: 'integer' } },
      },
    },
    expect: {
      type: 'object',
      additionalProperties: false,
      properties: { compatible: { type: 'boolean', default: true } },
    },
  },
  required: ['source', 'subject'],
  reads: ['schemaFile'],
  example:
    '- kind: compatibility\n  name: target still refuses a breaking change\n  source: target\n  subject: ' +
    'orders-value\n  schemaFile: schemas/orders-breaking.avsc\n  expect: { compatible: false }',
  async run(io, params) {
    const subject = params.subject;
    const version = String(params.version ?? 'latest');
    const label = version === 'latest' ? `${subject} (latest version)` : `${subject} v${version}`;
    const want = params.expect?.compatible ?? true;
    try {
      const schema = params.schema ?? params.schemaFile?.text ?? '';
      const answer = await io.compatibility({
        source: params.source,
        subject,
        version,
        schema,
        schemaType: params.schemaType,
        references: params.references,
      });
      if (answer.compatible === want) return { cases: [subject], findings: [] };
      const why = answer.messages.length ? `: ${answer.messages.join('; ')}` : '';
      return {
        cases: [subject],
        findings: [
          finding(
            F['compatibility-unexpected'],
            { subject, place: version, source: want, target: answer.compatible },
            `${params.source} ${answer.compatible ? 'accepts' : 'refuses'} the schema for ${label}, expected it to ` +
              `${want ? 'accept' : 'refuse'} it${why}`,
          ),
        ],
      };
    } catch (err) {
      return {
        cases: [subject],
        findings: [
          finding(
            F['compatibility-request-failed'],
            { subject, place: version },
            `${label}: ${(err as Error).message}`,
          ),
        ],
      };
    }
  },
});

import { defineFindings, finding, show } from '../../engine/finding.js';
import type { Finding } from '../../engine/types.js';
import { definePairCheck } from '../../engine/types.js';
import { sortedStringify, parseLossless } from '../../normalize/json.js';
import { firstDifference, spellingDifferences, type SpellingFound } from '../../normalize/diff.js';
import { PRODUCT_NAMES, tellsApart, type Product } from '../../model/product.js';
import { userMetadata, type Config, type Registry, type Subject } from '../../model/types.js';

const F = defineFindings({
  'version-content-differs': {
    severity: 'error',
    description:
      'The schema differs in structure (canonical forms differ; for Protobuf, messages in another order too: a ' +
      'record names its message by its index).',
    hint:
      'The target holds another schema: re-copy the version from the source text byte for byte (a tool that ' +
      're-encodes or edits schemas changed it).',
  },
  'version-semantic-differs': {
    severity: 'error',
    description:
      'Same structure, but the registry holds a different schema (Avro: doc, defaults, aliases, logicalType, order ' +
      'or custom properties): a lookup by the source text finds nothing on the target.',
    hint:
      "Re-copy the source text as it is: the target's text drops or changes a doc, default, alias or " +
      "property, so serializers' lookups by the source text miss.",
  },
  'version-spelling-differs': {
    severity: 'warning',
    description:
      'The same schema to some registries, not to others (tried on the real servers; Confluent by its code): a ' +
      'number written as an integer or a decimal (1, 1.0), Avro custom properties or JSON Schema keys in another ' +
      'order, an Avro primitive as {"type":"string"} or "string", Protobuf declarations in another order, other ' +
      'imports or documentation comments (docs/equality.md has which registry tells which apart). Judged by the ' +
      'target, where a lookup by the source text happens, on every spelling found: an error where the target is a ' +
      'product that tells them apart, info (version-raw-differs) where it is one that does not, a warning where ' +
      'the product is not known (a server that answers neither /v1/metadata/version nor /_health, a file that ' +
      'does not say).',
    hint:
      'Harmless on this target product; re-copy the text byte for byte if clients of another registry product ' +
      'must find it too (see docs/equality.md).',
  },
  'version-raw-differs': {
    severity: 'info',
    description:
      'Only the text differs (whitespace, key order, escapes, re-encoding): the registry sees the same schema.',
    hint:
      'Nothing to do: the registry treats both texts as one schema. Copy byte for byte if you need identical ' +
      'GUIDs or text.',
  },
  'schema-type-differs': {
    severity: 'error',
    description: 'The schemaType differs (a missing schemaType counts as AVRO).',
    hint: "Re-register with the source's schemaType (a copy that omitted schemaType registered it as AVRO).",
  },
  'references-differ': {
    severity: 'error',
    description: 'What the references point at differs in content.',
    hint:
      'Copy the referenced subjects and versions as the source holds them before the versions that use them ' +
      '(apply orders registrations by reference).',
  },
  'reference-pointer-differs': {
    severity: 'warning',
    description: 'References point at other subjects/versions holding the same content.',
    hint:
      'Point the references at the same subject and version as on the source if clients resolve references by ' +
      'name; the content they reach is the same.',
  },
  'metadata-differs': {
    severity: 'error',
    description: "Schema metadata differs (server-added confluent:version ignored): part of the schema's identity.",
    hint:
      'Re-copy the version with its metadata (apply copies metadata; AxonOps drops it under IMPORT mode: use ' +
      '--ids not-preserved there).',
  },
  'ruleset-differs': {
    severity: 'error',
    description: "The data-contract ruleSet differs: part of the schema's identity.",
    hint:
      "Re-copy the version with its ruleSet: data contracts (and encryption rules) are part of the schema's " +
      'identity (AxonOps drops it under IMPORT: --ids not-preserved).',
  },
  'schema-unparseable': {
    severity: 'warning',
    description:
      'Where the two texts differ, a schema could not be parsed for its type (then it is compared as trimmed text) ' +
      'or, where their forms differ, is not a valid schema (Avro: as avsc reads it). Identical texts are equal as ' +
      'they are.',
    hint:
      'Check the schema text on the side named: it is not a valid schema of its type, so it was compared as ' +
      'text; fix or re-copy it.',
  },
});

export const contentEqual = definePairCheck<{ strict?: 'raw' | 'canonical' | 'semantic' }>({
  scope: 'pair',
  kind: 'content-equal',
  description: 'Each matched version has the same type, normalized content, reference closure, metadata and ruleSet.',
  findings: Object.values(F),
  params: {
    strict: {
      enum: ['raw', 'canonical', 'semantic'],
      default: 'semantic',
      description:
        'semantic: defaults/aliases/logicalType/order count (default); canonical: structure only; raw: any text ' +
        'difference is an error',
    },
  },
  example: '- kind: content-equal\n  strict: canonical',
  run({ pairs, sourceRefs, targetRefs, target }, params) {
    const strict = params.strict ?? 'semantic';
    const findings: Finding[] = [];
    const cases: string[] = [];
    for (const sp of pairs.subjects) {
      if (!sp.target) continue;
      cases.push(sp.source.name);
      for (const { source: s, target: t } of sp.versions) {
        if (!t) continue;
        const where = { subject: s.subject, version: s.version, schemaId: s.id };
        const at = `${s.subject} v${s.version}`;
        if (s.schemaType !== t.schemaType) {
          findings.push(
            finding(
              F['schema-type-differs'],
              { ...where, source: s.schemaType, target: t.schemaType },
              `${at}: schemaType ${s.schemaType} on the source, ${t.schemaType} on the target`,
            ),
          );
          continue;
        }
        // Texts that are the very same (references too) are equal in every form: nothing to normalize.
        const identical = sourceRefs.sameText(s, targetRefs, t);
        // Confluent's lookup by a text without references compares resolved schemas (ParsedSchema.canLookup)
        const inlined = !identical && target.info.product === 'confluent' && sourceRefs.inlines(s, targetRefs, t);
        if (inlined)
          findings.push(
            finding(
              F['version-raw-differs'],
              where,
              `${at}: the source writes in the types the target's version takes from its references; Confluent's ` +
                'lookup by the source text finds it (ParsedSchema.canLookup)',
            ),
          );
        if (!identical && !inlined) {
          const sn = sourceRefs.normalized(s);
          const tn = targetRefs.normalized(t);
          // Full validation (avsc) is costly: it runs where it explains a difference; a parse failure shows here.
          // Equal semantic forms have equal canonical forms: the canonical one is asked for only where they differ.
          const differs = sn.semantic !== tn.semantic;
          const structureDiffers = differs && sn.canonical !== tn.canonical;
          const se = differs ? sourceRefs.invalid(s) : sn.error;
          const te = differs ? targetRefs.invalid(t) : tn.error;
          if (se || te) {
            const sides = se && te ? 'source and target schemas' : se ? 'source schema' : 'target schema';
            findings.push(
              finding(
                F['schema-unparseable'],
                { ...where, source: se, target: te },
                `${at}: ${sides} cannot be parsed (${se ?? te})`,
              ),
            );
          }
          if (structureDiffers) {
            const place = firstDifference(s.schemaType, s.schema, t.schema, 'canonical');
            findings.push(
              finding(
                F['version-content-differs'],
                { ...where, source: s.schema, target: t.schema },
                `${at}: schema content differs at ${place ?? `(source ${sn.hash}, target ${tn.hash})`}`,
              ),
            );
          } else if (differs && strict !== 'canonical') {
            const place = firstDifference(s.schemaType, s.schema, t.schema, 'semantic');
            findings.push(
              finding(
                F['version-semantic-differs'],
                { ...where, source: s.schema, target: t.schema },
                `${at}: same structure, but ${place ?? 'defaults/aliases/logicalType/order differ'}`,
              ),
            );
          } else if (s.schema !== t.schema && (strict === 'raw' || !differs)) {
            const spellings = spellingDifferences(s.schemaType, s.schema, t.schema);
            const raw = spellingFinding(
              spellings.length ? spellings : [FORMATTING],
              { product: target.info.product, normalizes: normalizes(target, sp.target) },
              { ...where, source: s.schema, target: t.schema },
              at,
            );
            findings.push(strict === 'raw' ? { ...raw, severity: 'error' } : raw);
          }
        }
        if (!identical && !inlined && sourceRefs.referencesClosure(s) !== targetRefs.referencesClosure(t)) {
          const changed = s.references.filter((r) => {
            const tr = t.references.find((x) => x.name === r.name);
            const sd = sourceRefs.resolve(r);
            const td = tr && targetRefs.resolve(tr);
            return !sd || !td || sourceRefs.closure(sd) !== targetRefs.closure(td);
          });
          const names = changed.length
            ? changed.map((r) => `${r.name} (${r.subject} v${r.version})`).join(', ')
            : show(t.references);
          findings.push(
            finding(
              F['references-differ'],
              { ...where, source: s.references, target: t.references },
              `${at}: referenced content differs: ${names}`,
            ),
          );
        } else if (refKey(s.references) !== refKey(t.references)) {
          findings.push(
            finding(
              F['reference-pointer-differs'],
              { ...where, source: s.references, target: t.references },
              `${at}: references point elsewhere with the same content`,
            ),
          );
        }
        if (jsonKey(userMetadata(s.metadata)) !== jsonKey(userMetadata(t.metadata))) {
          findings.push(
            finding(
              F['metadata-differs'],
              { ...where, source: s.metadata, target: t.metadata },
              `${at}: metadata differs`,
            ),
          );
        }
        if (jsonKey(s.ruleSet) !== jsonKey(t.ruleSet)) {
          findings.push(
            finding(F['ruleset-differs'], { ...where, source: s.ruleSet, target: t.ruleSet }, `${at}: ruleSet differs`),
          );
        }
      }
    }
    return { cases, findings };
  },
});

const refKey = (refs: { name: string; subject: string; version: number }[]) =>
  refs
    .map((r) => `${r.name}=${r.subject}/${r.version}`)
    .sort()
    .join(',');

function jsonKey(v: unknown): string {
  return v === undefined || v === null ? '' : sortedStringify(parseLossless(JSON.stringify(v)));
}

/**
 * Whether the target subject's config (its own, its context's, the global one: each field inherits on its own) says
 * `normalize: true`: a registry that reads it normalizes what clients register and look up.
 */
function normalizes(reg: Registry, s: Subject): boolean {
  for (const config of [s.config, reg.contextSettings[s.context]?.config, reg.globalConfig] as (Config | null)[]) {
    const n = config?.normalize;
    if (typeof n === 'boolean') return n;
  }
  return false;
}

/**
 * What differs when no spelling does: whitespace, the order of keys no registry keeps, escapes. Only Apicurio 2.x
 * tells it apart, and it is always known (from its URL or its export's layout): not known is info, not a warning.
 */
const FORMATTING: SpellingFound = { kind: 'formatting', place: 'text differs only in formatting' };

/**
 * Spellings some registries tell apart are judged by the target's product, where it is known: a client's lookup by
 * the source text happens there, and misses if the target tells any of them apart. Not known: a warning naming the
 * first, with the registries that tell it apart.
 */
function spellingFinding(
  spellings: SpellingFound[],
  { product, normalizes }: { product: Product | undefined; normalizes: boolean },
  where: { subject: string; version: number; schemaId: number; source: string; target: string },
  at: string,
): Finding {
  const { subject, version, schemaId } = where;
  const first = spellings[0]!;
  if (product === undefined) {
    if (first === FORMATTING)
      return finding(F['version-raw-differs'], { subject, version, schemaId }, `${at}: ${first.place}`);
    const message = `${at}: spelled in a way some registries tell apart: ${first.place}`;
    return finding(F['version-spelling-differs'], where, message);
  }
  const apart = spellings.find((s) => tellsApart(product, s.kind, normalizes));
  const name = PRODUCT_NAMES[product] + (normalizes && product === 'confluent' ? ' normalizing' : '');
  if (!apart) {
    const message =
      first === FORMATTING
        ? `${at}: ${first.place}`
        : `${at}: spelled differently, the same schema to ${name}: ${first.place}`;
    return finding(F['version-raw-differs'], { subject, version, schemaId }, message);
  }
  const misses = `the target (${name}) tells these spellings apart, so a lookup by the source text misses it`;
  const message = `${at}: ${misses}: ${apart.place}`;
  return { ...finding(F['version-spelling-differs'], where, message), severity: 'error' };
}

// A registry's baseline: each version's numbers and the hash of its reference closure (what the baseline check
// compares a migrated registry with). The file format is the model's (model/baseline.ts).
import { BASELINE_HASH, baselineForms, type BaselineFile } from '../model/baseline.js';
import { summarize, type Registry } from '../model/types.js';
import { ReferenceResolver } from './references.js';

export function toBaseline(reg: Registry, tool: string): BaselineFile {
  const refs = new ReferenceResolver(reg);
  return {
    formatVersion: 1,
    kind: 'sr-parity-baseline',
    hashAlgorithm: BASELINE_HASH,
    tool,
    capturedAt: reg.info.capturedAt ?? new Date().toISOString(),
    source: reg.info.location,
    summary: summarize(reg),
    global: { config: reg.globalConfig, mode: reg.globalMode },
    subjects: Object.fromEntries(
      [...reg.subjects.values()].map((s) => [
        s.name,
        {
          deleted: s.deleted,
          config: s.config,
          mode: s.mode,
          versions: s.versions.map((v) => ({
            version: v.version,
            id: v.id,
            schemaType: v.schemaType,
            deleted: v.deleted,
            hash: refs.closure(v),
            ...(v.apicurio
              ? { apicurio: { version: v.apicurio.version, contentId: v.apicurio.contentId, state: v.apicurio.state } }
              : {}),
          })),
        },
      ]),
    ),
    ...(reg.apicurio
      ? {
          apicurio: {
            api: reg.apicurio.api,
            systemVersion: reg.apicurio.systemVersion,
            groups: Object.keys(reg.apicurio.groups).sort(),
          },
        }
      : {}),
  };
}

/**
 * What a baseline's hashes are checked with: the registry's resolver, or for a baseline hashed with an earlier
 * closure one that makes the forms of its time.
 */
export function baselineResolver(
  base: BaselineFile,
  registry: Registry,
  current: ReferenceResolver,
): ReferenceResolver {
  const forms = baselineForms(base);
  return forms === 3 ? current : new ReferenceResolver(registry, forms);
}

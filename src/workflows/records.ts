// records: sample the records in Kafka topics and check that each one's schema id resolves, and decodes, on the
// target as on the source (the records-resolve check, run by the one runner).
import { readJsonFile } from '../sources/files/native.js';
import type { KafkaOptions } from '../sources/kafka/sample.js';
import { TOOL } from '../lib/version.js';
import { parseIdMap } from '../model/id-map.js';
import { runDeclared } from '../engine/runner.js';
import type { CheckDecl } from '../engine/declarations.js';
import type { RunResult, Severity } from '../engine/types.js';
import { recordsResolve } from '../checks/kinds/records-resolve.js';
import { loadSide, sideSpec, type Hooks, type Side } from './sides.js';

export type { KafkaConnection, KafkaOptions } from '../sources/kafka/sample.js';

/** How records carry their schema id: the `framing` choices of records-resolve. */
export const FRAMINGS = recordsResolve.params!.framing!.enum as string[];

export interface RecordsInput {
  source: Side;
  target: Side;
  /** The cluster, the topics (regular expressions over whole names) and how many records of each partition. */
  kafka: KafkaOptions;
  /** Default auto: Apicurio headers if present, else the source's kind. */
  framing?: string;
  /** The migration moved every subject into this context of the target. */
  targetContext?: string;
  /** The migration renumbered ids: record ids are translated through this map (a file, or the map itself). */
  idMap?: string | Map<string, number>;
  failOn?: Severity;
  fromCommandLine?: boolean;
}

export async function records(input: RecordsInput, hooks: Hooks = {}): Promise<RunResult> {
  const idMap =
    typeof input.idMap === 'string' ? parseIdMap(await readJsonFile(input.idMap), input.idMap) : input.idMap;
  const { sampleRecords } = await import('../sources/kafka/sample.js'); // loaded only where it is used
  const cli = input.fromCommandLine === true;
  const [source, target, sample] = await Promise.all([
    loadSide('source', cli ? { options: '' } : { api: true }, sideSpec(input.source), {}, hooks.progress?.('source')),
    loadSide(
      'target',
      cli ? { options: 'target-' } : { api: true },
      sideSpec(input.target),
      {},
      hooks.progress?.('target'),
    ),
    sampleRecords(input.kafka, hooks.progress?.('kafka')),
  ]);
  const decl: CheckDecl = {
    def: recordsResolve,
    name: 'records-resolve',
    filter: {},
    ignore: [],
    uses: ['source', 'target'],
    ids: idMap ? 'not-preserved' : 'preserved',
    idMap: idMap ? 'id map' : undefined,
    mapping: input.targetContext === undefined ? undefined : { targetContext: input.targetContext },
    // The declaration a spec's records-resolve check makes: what was sampled, and how records carry their ids
    params: {
      topics: input.kafka.topics,
      sample: input.kafka.sample,
      ...(input.kafka.fromMs !== undefined ? { from: new Date(input.kafka.fromMs).toISOString() } : {}),
      framing: input.framing ?? 'auto',
    },
  };
  return runDeclared({
    tool: TOOL,
    command: 'records',
    title: `sr-parity records ${sample.location} ${input.kafka.topics.join(' ')}`,
    registries: new Map([
      ['source', source],
      ['target', target],
    ]),
    checks: [decl],
    records: new Map([[decl, sample]]),
    idMaps: new Map(idMap ? [['id map', idMap]] : []),
    failOn: input.failOn ?? 'error',
  });
}

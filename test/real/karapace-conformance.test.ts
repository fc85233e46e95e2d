// Karapace's own backup test files (its test suite at 5.2.0, kept in ../shared/vendor/karapace/test-data): each one
// Karapace can restore is restored with its own karapace_schema_backup into a fresh topic, a fresh Karapace reads that
// topic, and the file must compare equal with that live Karapace, every record Karapace skips named as a warning.
// The files Karapace refuses to restore, sr-parity refuses to read (exit 3).
import { describe, expect, inject, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ROOT, runInProcess as runCli } from '../helpers/cli.js';
import { KarapaceTools } from '../helpers/karapace.js';
import { TestKafka } from '../helpers/kafka.js';
import type { RunResult } from '../../src/engine/types.js';
import { where } from '../../src/report/common.js';

const { karapaceRestored, kafka, karapaceBackupTool } = inject('registries');
const tools = new KarapaceTools(kafka, karapaceBackupTool);
const DATA = join(ROOT, '..', 'shared', 'vendor', 'karapace', 'test-data');
const INTEGRATION = join(DATA, 'integration', 'test_data');
const V3 = join(INTEGRATION, 'backup_v3_single_partition');

/** Exit code and every finding (any severity) of `compare`, or the one line it printed on stderr. */
async function compare(a: string, b: string) {
  const r = await runCli(['compare', a, b, '--format', 'json', '--all-findings', '-q']);
  if (r.code > 1) return { code: r.code, findings: [r.stderr.trim()] };
  const run = JSON.parse(r.stdout) as RunResult;
  return {
    code: r.code,
    findings: run.outcomes.flatMap((o) => o.findings.map((f) => `${f.severity} ${f.id} ${where(f)}: ${f.message}`)),
  };
}

const skipped = (at: string, why: string) =>
  `warning source-record-skipped source ${at}: ${at} of the source file: ${why}; ` +
  'Karapace skips this record, and so does the comparison';
const NON_SCHEMA_V3 = [
  skipped('{file} record 0', 'the key is not JSON'),
  skipped('{file} record 1', 'the key is not JSON'),
];

/** Each file Karapace restores, with the warnings its comparison with the restored Karapace gives. */
const RESTORED: [string, string[]][] = [
  ['test_restore_v1.log', []],
  ['test_restore_v2.log', []],
  ['test_restore_compatibility_config_remove_v1.log', []],
  ['test_restore_compatibility_config_remove_v2.log', []],
  ['test_restore_complete_schema_delete_v1.log', []],
  ['test_restore_complete_schema_delete_v2.log', []],
  ['test_restore_delete_nonexistent_schema_v1.log', [skipped('[0]', 'a SCHEMA value without its schema text')]],
  ['test_restore_delete_nonexistent_schema_v2.log', []],
  [
    'test_restore_non_schema_topic_v2.log',
    [
      skipped('line 2', 'the key is not JSON'),
      skipped('line 3', 'the key is not JSON'),
      skipped('line 4', 'a record without a key'),
      skipped('line 5', 'the key is not JSON'),
      skipped('line 6', 'the key is not JSON'),
      skipped('line 7', 'a record without a key'),
    ],
  ],
  ...readdirSync(V3)
    .sort()
    .map((dir): [string, string[]] => [join('backup_v3_single_partition', dir), NON_SCHEMA_V3]),
];

/** A V3 backup restores only into the topic it was taken from, which must not exist yet. */
function v3Topic(dir: string): string {
  const meta = readdirSync(dir).find((f) => f.endsWith('.metadata'))!;
  return basename(meta, '.metadata');
}

describe("Karapace's own backup test files", () => {
  const run = Date.now();
  for (const [name, warnings] of RESTORED) {
    it(`${name}: compares equal with a Karapace restored from it`, async () => {
      const file = join(INTEGRATION, name);
      const v3 = !name.endsWith('.log');
      const topic = v3 ? v3Topic(file) : `conformance_${basename(name, '.log')}_${run}`;
      if (v3) tools.deleteTopic(topic);
      // Karapace's own test restores this backup of an ordinary topic into one it created first: the topic the
      // restore creates is compacted, and a compacted topic refuses records without a key.
      if (name.includes('non_schema_topic')) await new TestKafka(kafka).createTopic(topic, 1);
      const args = ['restore', '--location', file, ...(v3 ? ['--override-replication-factor', '1'] : [])];
      tools.backup(args, topic);
      await tools.withRestored(topic, async () => {
        const dataFile = `${topic}:0.data`;
        expect(await compare(file, karapaceRestored)).toEqual({
          code: 0,
          findings: warnings.map((w) => w.replaceAll('{file}', dataFile)),
        });
      });
      if (v3) tools.deleteTopic(topic);
    });
  }

  // Each with the topic Karapace's restore is given (a V3 backup's own) and what sr-parity's one line says.
  const REFUSED: [string, string, string][] = [
    [
      'integration/test_data/backup_v3_corrupt_last_record_bit_flipped_no_checkpoints',
      'a-topic',
      'checksum of the whole file does not match the metadata (corrupted)',
    ],
    [
      'integration/test_data/backup_v3_future_algorithm',
      'a5f7a413',
      'written by a newer Karapace than this reader knows',
    ],
    ['unit/backup-v3/backup_v3_future_algorithm', 'a-topic', 'written by a newer Karapace than this reader knows'],
    ['unit/test_data/schemas.log', `conformance_kafkacat_${run}`, 'not valid JSON'],
  ];
  for (const [name, topic, why] of REFUSED) {
    it(`${name}: refused, as Karapace's restore refuses it`, async () => {
      const file = join(DATA, name);
      tools.deleteTopic(topic);
      const restore = tools.run(['restore', '--location', file, '--override-replication-factor', '1'], topic);
      expect(restore.status).not.toBe(0);
      tools.deleteTopic(topic);
      const r = await compare(file, karapaceRestored);
      expect(r.code).toBe(3);
      expect(r.findings[0]).toContain(why);
      expect(r.findings).toHaveLength(1);
    });
  }

  it('every file of the test data is in one of the two lists', () => {
    const listed = new Set([
      ...RESTORED.map(([name]) => join(INTEGRATION, name)),
      ...REFUSED.map(([n]) => join(DATA, n)),
    ]);
    const all = [
      ...readdirSync(INTEGRATION).filter((f) => f !== 'backup_v3_single_partition'),
      ...readdirSync(V3).map((d) => join('backup_v3_single_partition', d)),
    ].map((f) => join(INTEGRATION, f));
    all.push(...['backup-v3/backup_v3_future_algorithm', 'test_data/schemas.log'].map((f) => join(DATA, 'unit', f)));
    expect(all.filter((f) => !listed.has(f))).toEqual([]);
    expect(listed.size).toBe(all.length);
  });
});

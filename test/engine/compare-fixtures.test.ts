import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  COMPARE_FIXTURES,
  compareScenario,
  expectedOf,
  findingsOf,
  scenarios,
  strayCases,
} from '../helpers/fixtures.js';
import { ON_DISK, compareScenarios, fixtureFiles } from '../fixtures/compare/generate.mjs';
import { APICURIO_COMPARE_CHECKS, COMPARE_CHECKS } from '../../src/checks/presets.js';
import { exitCodeOf } from '../../src/engine/run.js';
import { formatJson } from '../../src/report/json.js';
import { reportSchemaErrors } from '../helpers/report-schema.js';

// The verdict each scenario must get: these pass (exit 0), every other scenario is drift (exit 1).
const GREEN = new Set([
  'identical',
  'reformatted-equivalent',
  'number-written-differs', // warnings: registries disagree on them
  'avro-property-order-differs',
  'protobuf-field-order-differs',
  'config-echoed-per-subject',
  'config-spelling-equivalent',
  'context-empty-leftover',
  'context-settings-echoed',
  'soft-deleted-version-lost-ignored',
  'ids-not-preserved',
  'subject-extra-allowed',
  'mode-differs',
  'subject-mode-differs',
  'apicurio-identical',
  'apicurio-branch-extra',
  'karapace-record-skipped',
]);

describe('compare fixture pairs', () => {
  it('has a scenario for every finding id a compare check can report', () => {
    const covered = new Set(scenarios().flatMap((s) => expectedOf(s).findings.map((f) => f.split(' ')[0])));
    const declared = [...new Set([...COMPARE_CHECKS, ...APICURIO_COMPARE_CHECKS])].flatMap((c) =>
      c.findings.map((f) => f.id),
    );
    expect(declared.filter((id) => !covered.has(id))).toEqual([]);
  });

  it(
    'writes out exactly the scenarios loaded as files, as the table makes them (node ' + 'generate.mjs rewrites them)',
    () => {
      const onDisk = readdirSync(COMPARE_FIXTURES, { withFileTypes: true })
        .filter((d) => d.isDirectory() && !d.name.startsWith('apicurio-'))
        .map((d) => d.name);
      expect(onDisk).toEqual([...ON_DISK].sort());
      for (const scenario of compareScenarios().filter((s) => ON_DISK.has(s.name)))
        for (const [file, text] of Object.entries(fixtureFiles(scenario)))
          expect(readFileSync(join(COMPARE_FIXTURES, scenario.name, file), 'utf8'), `${scenario.name}/${file}`).toBe(
            text,
          );
    },
  );

  for (const name of scenarios()) {
    it(`reports exactly the expected findings: ${name}`, async () => {
      const run = await compareScenario(name);
      expect(findingsOf(run)).toEqual(expectedOf(name).findings);
      expect(exitCodeOf(run)).toBe(GREEN.has(name) ? 0 : 1);
      expect(run.outcomes.filter((o) => o.status === 'error')).toEqual([]);
      expect(strayCases(run)).toEqual([]);
      expect(reportSchemaErrors(formatJson(run))).toEqual([]); // the JSON report has the documented shape
    });
  }
});

import { describe, expect, it } from 'vitest';
import { compareScenario, expectedOf, findingsOf, scenarios, strayCases } from '../helpers/fixtures.js';
import { APICURIO_COMPARE_CHECKS, COMPARE_CHECKS } from '../../src/checks/index.js';

describe('compare fixture pairs', () => {
  it('has a scenario for every finding id a compare check can report', () => {
    const covered = new Set(scenarios().flatMap((s) => expectedOf(s).findings.map((f) => f.split(' ')[0])));
    const declared = [...new Set([...COMPARE_CHECKS, ...APICURIO_COMPARE_CHECKS])].flatMap((c) => c.findings.map((f) => f.id));
    expect(declared.filter((id) => !covered.has(id))).toEqual([]);
  });

  for (const name of scenarios()) {
    it(`reports exactly the expected findings: ${name}`, () => {
      const run = compareScenario(name);
      expect(findingsOf(run)).toEqual(expectedOf(name).findings);
      expect(run.outcomes.filter((o) => o.status === 'error')).toEqual([]);
      expect(strayCases(run)).toEqual([]);
    });
  }
});

import { defineFindings, finding } from '../../engine/finding.js';
import { definePairCheck } from '../../engine/check-api.js';
import type { Finding } from '../../engine/types.js';
import type { Registry } from '../../model/types.js';

const F = defineFindings({
  'source-record-skipped': {
    severity: 'warning',
    description:
      'A record of a backup file that its registry discards (a key that is not JSON, an unknown keytype, a value ' +
      'without its id): read as the registry reads it, and named so that a verdict never hides it.',
    hint:
      "The registry skips that record too: check the backup's producer if it should have been a schema, else " +
      'nothing to do.',
  },
});

/** Every record a side's file holds that its registry would not serve: a backup of another topic is not empty. */
export const sourcesComplete = definePairCheck({
  scope: 'pair',
  kind: 'sources-complete',
  description: 'Every record of a file source is one its registry reads.',
  findings: Object.values(F),
  run({ source, target }) {
    const findings: Finding[] = [];
    const cases: string[] = [];
    const side = (name: 'source' | 'target', reg: Registry) => {
      const skipped = reg.info.skipped ?? [];
      // A case per skipped record (JUnit lists each), or one saying the side's records were all read.
      if (!skipped.length) cases.push(`${name} records`);
      for (const { at, why } of skipped) {
        cases.push(`${name} ${at}`);
        const message = `${at} of the ${name} file: ${why}; Karapace skips this record, and so does the comparison`;
        findings.push(finding(F['source-record-skipped'], { place: `${name} ${at}` }, message));
      }
    };
    side('source', source);
    side('target', target);
    return { cases, findings };
  },
});

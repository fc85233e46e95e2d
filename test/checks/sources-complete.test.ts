import { sourcesComplete } from '../../src/checks/kinds/sources-complete.js';
import { checkTable, registry } from './table.js';

const skipping = (side: string) =>
  registry(
    { a: [{}] },
    { source: { location: `${side}.jsonl`, skipped: [{ at: 'line 7', why: 'the key is not JSON' }] } },
  );

checkTable(sourcesComplete, [
  { name: 'read whole: nothing', findings: [] },
  {
    name: 'a source backup record its registry skips',
    source: skipping('source'),
    findings: [
      'warning source-record-skipped: line 7 of the source file: the key is not JSON; Karapace ' +
        'skips this record, and so does the comparison',
    ],
  },
  {
    name: 'a target backup record too',
    target: skipping('target'),
    findings: [
      'warning source-record-skipped: line 7 of the target file: the key is not JSON; Karapace ' +
        'skips this record, and so does the comparison',
    ],
  },
  {
    name: 'an unknown param: cannot run',
    params: { strict: true },
    error: 'invalid params: params: unknown param "strict"',
  },
]);

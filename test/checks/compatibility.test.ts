import { compatibility } from '../../src/checks/kinds/compatibility.js';
import { checkTable } from './table.js';

const answer = (compatible: boolean, messages: string[] = []) => ({
  compatibility: async () => ({ compatible, messages }),
});
const ask = { source: 'target', subject: 'orders-value', schema: '"string"' };

checkTable(compatibility, [
  { name: 'accepted as expected: nothing', io: answer(true), params: ask, findings: [] },
  {
    name: 'refused where it must be accepted',
    io: answer(false, ['READER_FIELD_MISSING_DEFAULT_VALUE: amount']),
    params: ask,
    findings: [
      'error compatibility-unexpected: target refuses the schema for orders-value ' +
        '(latest version), expected it to accept it: READER_FIELD_MISSING_DEFAULT_VALUE: amount',
    ],
  },
  {
    name: 'accepted where it must be refused',
    io: answer(true),
    params: { ...ask, expect: { compatible: false } },
    findings: [
      'error compatibility-unexpected: target accepts the schema for orders-value ' +
        '(latest version), expected it to refuse it',
    ],
  },
  {
    name: 'the question cannot be asked',
    io: { compatibility: () => Promise.reject(new Error('GET /subjects/orders-value/versions: HTTP 404')) },
    params: ask,
    findings: [
      'error compatibility-request-failed: orders-value (latest version): GET ' +
        '/subjects/orders-value/versions: HTTP 404',
    ],
  },
  {
    name: 'no subject: cannot run',
    io: answer(true),
    params: { source: 'target' },
    error: 'invalid params: params: missing param "subject"',
  },
]);

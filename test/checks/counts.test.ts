import { counts } from '../../src/checks/kinds/counts.js';
import { checkTable, registry } from './table.js';

const three = registry({ a: [{}, {}], b: [{ deleted: true }], c: [{}] });

checkTable(counts, [
  {
    name: 'counts as expected: nothing',
    target: three,
    params: { expect: { subjects: 3, versions: { equals: 4 }, versionsDeleted: { max: 1 } } },
    findings: [],
  },
  {
    name: 'a count outside its range',
    target: three,
    params: { expect: { subjects: 4, versions: { min: 5 }, schemas: { equals: 100, tolerance: '1%' } } },
    findings: [
      'error count-unexpected: target has 3 subjects, expected 4',
      'error count-unexpected: target has 4 versions, expected 5..∞',
      'error count-unexpected: target has 4 schemas, expected 99..101',
    ],
  },
  {
    name: 'within a tolerance',
    target: three,
    params: { expect: { versions: { equals: 5, tolerance: 1 }, schemas: { equals: 4, tolerance: '25%' } } },
    findings: [],
  },
  {
    name: 'compared with another source',
    target: three,
    others: { other: registry({ a: [{}, {}], c: [{}] }) },
    params: { compareWith: 'other' },
    findings: [
      'error count-differs: subjects: 2 on other, 3 on target',
      'error count-differs: ' + 'versions: 3 on other, 4 on target',
      'error count-differs: versionsDeleted: 0 on other, 1 on target',
      'error count-differs: schemas: 3 on other, 4 on target',
    ],
  },
  {
    name: 'compared with another source on a shared registry: more is info',
    target: three,
    others: { other: registry({ a: [{}, {}], c: [{}] }) },
    params: { compareWith: 'other', allowExtra: true },
    findings: [
      'info count-differs: subjects: 2 on other, 3 on target',
      'info count-differs: ' + 'versions: 3 on other, 4 on target',
      'info count-differs: versionsDeleted: 0 on other, 1 on target',
      'info count-differs: schemas: 3 on other, 4 on target',
    ],
  },
  {
    name: 'a metric that does not exist: ' + 'cannot run',
    target: three,
    params: { expect: { topics: 1 } },
    error: 'invalid params: expect: unknown field "topics"',
  },
  {
    name: 'a tolerance that is no percentage: ' + 'cannot run',
    target: three,
    params: { expect: { versions: { equals: 4, tolerance: 'a lot' } } },
    error:
      'invalid params: expect.versions must be integer; expect.versions.tolerance must match ' +
      'pattern "^\\d+(\\.\\d+)?%$"',
  },
]);

// Keys a registry or a user chose are data: `__proto__` among them. Assigned to a plain object it would set the
// prototype and vanish from both sides of a comparison, so a difference in it could never show.
import { describe, expect, it } from 'vitest';
import { v2Labels, v3Labels } from '../../src/model/apicurio.js';
import { digest } from '../../src/normalize/index.js';
import { firstDifference } from '../../src/normalize/diff.js';

const own = (text: string) => JSON.parse(text) as Record<string, unknown>;

describe('a key named __proto__', () => {
  it('is a custom Avro property like any other: its schema differs from one without it', () => {
    const record = (extra: string) =>
      `{"type":"record","name":"R","fields":[{"name":"a","type":"string"${extra}}]${extra}}`;
    for (const extra of [',"__proto__":"x"', ',"__proto__":{"type":"record"}']) {
      expect(digest('AVRO', record(extra)).semantic).not.toBe(digest('AVRO', record('')).semantic);
      expect(digest('AVRO', record(extra)).canonical).toBe(digest('AVRO', record('')).canonical);
    }
    expect(firstDifference('AVRO', record(',"__proto__":"x"'), record(''))).toBe('__proto__: "x" → absent');
  });

  it('is an Apicurio label or property like any other', () => {
    expect(Object.keys(v3Labels(own('{"__proto__":"x","team":"a"}')))).toEqual(['__proto__', 'team']);
    expect(Object.keys(v2Labels(['__proto__'], own('{"__proto__":"y"}')))).toEqual(['__proto__']);
    expect(JSON.stringify(v3Labels(own('{"__proto__":{"a":1}}')))).toBe('{"__proto__":"[object Object]"}');
  });
});

// What many versions hold alike is held once: the memory of a large registry grows with what differs.
import { describe, expect, it } from 'vitest';
import { Fields } from '../../src/sources/fields.js';
import { copyWith } from '../../src/model/copy.js';

const fields = new Fields((at, why) => {
  throw new Error(`${at}: ${why}`);
});
const version = (subject: string, extra: Record<string, unknown> = {}) =>
  fields.version({ version: 3, id: 7, schema: '"string"', ...extra }, '', subject);

describe('values shared between versions', () => {
  it('versions without references share one empty list, which nothing can add to', () => {
    const [a, b] = [version('a'), version('b')];
    expect(a.references).toEqual([]);
    expect(a.references).toBe(b.references);
    expect(() => a.references.push({ name: 'x', subject: 'y', version: 1 })).toThrow(TypeError);
    expect(version('c', { references: [{ name: 'r', subject: 'a', version: 3 }] }).references).toEqual([
      { name: 'r', subject: 'a', version: 3 },
    ]);
  });

  it('equal metadata (the confluent:version registries add) is one frozen object; large values stay apart', () => {
    const meta = () => ({ properties: { 'confluent:version': '3' } });
    const [a, b] = [version('a', { metadata: meta() }), version('b', { metadata: meta() })];
    expect(a.metadata).toEqual(meta());
    expect(a.metadata).toBe(b.metadata);
    expect(Object.isFrozen((a.metadata as { properties: object }).properties)).toBe(true);
    expect(version('c', { metadata: { properties: { 'confluent:version': '4' } } }).metadata).not.toBe(a.metadata);
    const big = () => ({ properties: { doc: 'x'.repeat(600) } });
    expect(version('d', { metadata: big() }).metadata).not.toBe(version('e', { metadata: big() }).metadata);
  });
});

describe('copies made by the thousand', () => {
  it('copyWith keeps every field and its order, changes the given ones, and leaves the original alone', () => {
    const v = version('a', { metadata: { properties: { owner: 'x' } } });
    const c = copyWith(v, { subject: 'b', version: 9 });
    expect(Object.keys(c)).toEqual(Object.keys(v));
    expect(c).toEqual({ ...v, subject: 'b', version: 9 });
    expect([v.subject, v.version]).toEqual(['a', 3]);
    expect(c.metadata).toBe(v.metadata);
  });
});

import { describe, expect, it } from 'vitest';
import { collector, heapGrowthFlag } from '../../src/cli/heap.js';

describe('heap growth', () => {
  it('grows the heap by half by default', () => {
    expect(heapGrowthFlag([])).toBe('--heap-growing-percent=50');
    expect(heapGrowthFlag(['--max-old-space-size=512', '--enable-source-maps'])).toBe('--heap-growing-percent=50');
  });

  it("leaves V8's growth alone where the user set it on node's command line, in either spelling", () => {
    expect(heapGrowthFlag(['--heap-growing-percent=0'])).toBeUndefined();
    expect(heapGrowthFlag(['--max-old-space-size=900', '--heap_growing_percent=10'])).toBeUndefined();
  });
});

describe('the collection between passes', () => {
  it('collects what a pass left behind, at once', () => {
    const collect = collector();
    let garbage: { i: number }[] | null = Array.from({ length: 1_000_000 }, (_, i) => ({ i }));
    const before = process.memoryUsage().heapUsed;
    expect(garbage.length).toBe(1_000_000);
    garbage = null;
    collect();
    // a million small objects are over 20 MB: a full collection takes them all
    expect(before - process.memoryUsage().heapUsed).toBeGreaterThan(20 * 2 ** 20);
  });
});

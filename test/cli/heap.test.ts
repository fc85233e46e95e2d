import { describe, expect, it } from 'vitest';
import { heapGrowthFlag } from '../../src/cli/heap.js';

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

import { describe, expect, it } from 'vitest';
import { Slots } from '../../src/sources/rest/slots.js';

/** One turn of the event loop: the tasks woken meanwhile have started. */
const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A task that records how many run at once and ends when `release` is called. */
function recorder(slots: Slots) {
  let running = 0;
  const peaks: number[] = [];
  const order: number[] = [];
  const gates: (() => void)[] = [];
  const start = (i: number) =>
    slots.run(async () => {
      order.push(i);
      peaks.push(++running);
      await new Promise<void>((r) => gates.push(r));
      running--;
      return i;
    });
  const releaseAll = async () => {
    while (gates.length) {
      gates.shift()!();
      await tick();
    }
  };
  return { start, releaseAll, peaks, order, running: () => running };
}

/** `count` recorded tasks asked of slots of `limit`, after one turn of the event loop: the first ones started. */
async function queued(limit: number, count: number) {
  const slots = new Slots(limit);
  const r = recorder(slots);
  const all = Promise.all(Array.from({ length: count }, (_, i) => r.start(i)));
  await tick();
  return { slots, r, all };
}

describe('Slots', () => {
  it('runs at most the limit at once, in the order asked, and returns each task result', async () => {
    const { r, all } = await queued(3, 10);
    expect(r.running()).toBe(3);
    await r.releaseAll();
    expect(await all).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Math.max(...r.peaks)).toBe(3);
    expect(r.order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('frees the slot of a task that throws', async () => {
    const slots = new Slots(1);
    await expect(slots.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await slots.run(async () => 'next')).toBe('next');
  });

  it('lets more in at once when the limit rises, and fewer as tasks end when it falls', async () => {
    const { slots, r, all } = await queued(1, 8);
    expect(r.running()).toBe(1);
    slots.limit = 4;
    await tick();
    expect(r.running()).toBe(4);
    slots.limit = 2;
    r.peaks.length = 0;
    await r.releaseAll();
    await all;
    // The four running end one by one; no new task starts until fewer than two run.
    expect(r.peaks).toEqual([2, 2, 2, 2]);
    expect(r.order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});

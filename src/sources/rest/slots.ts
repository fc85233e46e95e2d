/**
 * At most `limit` tasks at once, in the order they asked; the limit may change while tasks run (429s lower it).
 * A task that finds a free slot starts at once, without a promise of its own: a live read runs one task per request,
 * 100,000s of them, and p-limit's four promises a task were a tenth of the reader's time.
 */
export class Slots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private head = 0;

  constructor(private max: number) {}

  get limit(): number {
    return this.max;
  }

  set limit(n: number) {
    this.max = n;
    while (this.active < this.max && this.wake()) this.active++;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.max) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      // The slot passes straight to the next task waiting, unless the limit fell below the tasks running.
      if (this.active > this.max || !this.wake()) this.active--;
    }
  }

  /** Starts the next task waiting, if any (its slot counted by the caller). */
  private wake(): boolean {
    if (this.head === this.waiting.length) {
      this.waiting.length = this.head = 0;
      return false;
    }
    const next = this.waiting[this.head++]!;
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting.splice(0, this.head);
      this.head = 0;
    }
    next();
    return true;
  }
}

// watch's HTTP endpoints (/metrics, /status, /healthz), served by a worker thread (serve-worker.ts) from what the
// main thread publishes after each pass: a scrape never waits for a pass's checks.
import { Worker } from 'node:worker_threads';
import { UsageError } from '../lib/errors.js';
import type { Published, Started } from './serve-worker.js';

export type { Published } from './serve-worker.js';

export interface Listening {
  url: string;
  /** What the endpoints answer from now on. */
  publish(p: Published): void;
  close(): Promise<void>;
}

export async function serve(listen: string): Promise<Listening> {
  const m = /^(?:\[([0-9a-f:]+)\]|([^:]+)):(\d{1,5})$/i.exec(listen);
  if (!m || Number(m[3]) > 65535)
    throw new UsageError(`--listen ${listen}: expected host:port, e.g. 127.0.0.1:9464 (port 0: any free port)`);
  const worker = new Worker(new URL('./serve-worker.js', import.meta.url), {
    workerData: { host: m[1] ?? m[2]!, port: Number(m[3]) },
  });
  const started = await new Promise<Started>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  if ('error' in started) {
    await worker.terminate();
    const why = started.code === 'EADDRINUSE' ? 'the port is in use' : started.error;
    throw new UsageError(`--listen ${listen}: ${why}`);
  }
  return {
    url: started.url,
    publish: (p) => worker.postMessage(p),
    close: async () => {
      await worker.terminate();
    },
  };
}

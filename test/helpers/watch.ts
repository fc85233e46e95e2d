// `sr-parity watch` as a process, for the tests that scrape it: its URL once it serves, what it has said so far,
// and its exit.
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN } from './cli.js';

export interface Watching {
  child: ChildProcess;
  /** The base URL of /metrics, /status and /healthz, once it serves (rejects if it ends first). */
  url: Promise<string>;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

export function startWatch(args: string[], cwd: string): Watching {
  const child = spawn(process.execPath, [BIN, 'watch', ...args], { cwd, env: { PATH: process.env.PATH ?? '' } });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const url = new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /serving (http:\/\/[^/\s]+)\/metrics/.exec(err);
      if (m) resolve(m[1]!);
    });
    child.on('exit', () => reject(new Error(`watch ended before it served: ${err}`)));
  });
  url.catch(() => undefined); // a test that never asks for the URL is not failed by its rejection
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, url, stdout: () => out, stderr: () => err, exit };
}

/** Waits until `what` holds, polling; the error says what the watch had printed, where `seen` gives it. */
export async function until(what: () => boolean | Promise<boolean>, ms = 30_000, seen = () => ''): Promise<void> {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error(`timed out waiting${seen() ? `; the watch said:\n${seen()}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** One series' value in an exposition (`name{label="v"}` exactly as served). */
export const seriesValue = (body: string, series: string) =>
  new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(body)?.[1];

/**
 * The arguments that watch the real AxonOps pair every `every`, serving on any free port. Ids not preserved: a REST
 * copy, and AxonOps's ids keep counting past earlier tests' hard deletes.
 */
export const watchPairArgs = (source: string, target: string, every: string, ...extra: string[]) => [
  source,
  target,
  '--ids',
  'not-preserved',
  '--every',
  every,
  '--listen',
  '127.0.0.1:0',
  ...extra,
];

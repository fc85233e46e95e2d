import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { run } from '../../src/cli/run.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'dist', 'cli', 'main.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a separate process, the way a user or CI would. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: number }).code ?? 1) : 0;
        resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr });
      },
    );
  });
}

let inProcessQueue: Promise<unknown> = Promise.resolve();

/**
 * Runs the CLI inside the test process, for tests where neither the real streams nor the process's exit matter (a
 * process costs about a second to start). One run at a time: stdout, stderr and the environment are the process's.
 */
export function runInProcess(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const next = inProcessQueue.then(async () => {
    const out: string[] = [];
    const err: string[] = [];
    const { stdout, stderr } = process;
    const writes = [stdout.write, stderr.write] as const;
    const saved = Object.entries(env).map(([k]) => [k, process.env[k]] as const);
    Object.assign(process.env, env);
    const collect = (into: string[]) =>
      ((chunk: string | Uint8Array) => {
        into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        return true;
      }) as typeof stdout.write;
    stdout.write = collect(out);
    stderr.write = collect(err);
    try {
      const code = await run(args);
      return { code, stdout: out.join(''), stderr: err.join('') };
    } finally {
      [stdout.write, stderr.write] = writes;
      for (const [k, v] of saved)
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
  });
  inProcessQueue = next.catch(() => undefined);
  return next;
}

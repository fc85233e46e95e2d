#!/usr/bin/env node
// Entry point: argv in, exit code out. Exit codes: 0 ok, 1 findings, 2 usage/spec error, 3 source unreadable,
// 4 apply refused or failed part-way, 5 internal error (a bug).
import { hideBin } from 'yargs/helpers';
import { reportError } from './exit.js';
import { tuneHeapGrowth } from './heap.js';
import { run } from './run.js';

tuneHeapGrowth();

// Command handlers set process.exitCode (0 or 1); errors map to the codes in exit.ts.
const fail = (err: unknown) => {
  const { code, text } = reportError(err);
  process.stderr.write(text);
  process.exitCode = code;
};
// An error no code awaited (a stream's, a timer's) would end Node with exit 1, which a CI gate reads as drift: it
// ends the run with its own code instead (5 for a bug).
const stray = (err: unknown) => {
  fail(err);
  process.exit();
};
// A reader that stops early (`sr-parity checks | head`) ends the run quietly, with the code it had so far.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') return stray(err);
  process.exit();
});
process.on('uncaughtException', stray);
process.on('unhandledRejection', stray);
run(hideBin(process.argv)).then((code) => {
  process.exitCode = code;
}, fail);

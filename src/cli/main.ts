#!/usr/bin/env node
// Entry point: argv in, exit code out. Exit codes: 0 ok, 1 findings, 2 usage/spec error, 3 source unreadable,
// 4 apply refused or failed part-way, 5 internal error (a bug).
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ApplyError, SourceError, UsageError } from '../errors.js';
import { compareCommand } from './commands/compare.js';
import { snapshotCommand } from './commands/snapshot.js';
import { verifyCommand } from './commands/verify.js';
import { baselineCommand } from './commands/baseline.js';
import { applyCommand } from './commands/apply.js';
import { checksCommand, schemaCommand } from './commands/catalogue.js';
import { SpecError } from '../spec/errors.js';
import { VERSION } from './version.js';

export const EXIT = { ok: 0, findings: 1, usage: 2, source: 3, apply: 4, internal: 5 } as const;

const EPILOG = `Exit codes: 0 no findings at or above --fail-on · 1 findings · 2 usage error · 3 a source could not be read · 4 apply refused or failed part-way · 5 internal error.
Every option can also be set from the environment as SR_<OPTION> (SR_URL, SR_TARGET_URL, SR_PASSWORD, ...).`;

async function main(argv: string[]): Promise<void> {
  const cli = yargs(argv)
    .scriptName('sr-parity')
    .env('SR')
    .strict()
    .version(VERSION)
    .help()
    .alias('h', 'help')
    .wrap(Math.min(120, process.stdout.columns || 100))
    .epilog(EPILOG)
    .demandCommand(1, 'Name a command: compare, verify, snapshot, baseline, apply, checks or schema.')
    .fail((msg, err) => {
      // yargs wraps what an option's coerce throws (a bad --timeout...): still a usage error, exit 2
      throw err && err.name !== 'YError' ? err : new UsageError(err?.message ?? msg);
    });
  compareCommand(cli);
  snapshotCommand(cli);
  verifyCommand(cli);
  baselineCommand(cli);
  applyCommand(cli);
  checksCommand(cli);
  schemaCommand(cli);
  await cli.parseAsync();
}

// Command handlers set process.exitCode (0 or 1); errors map to the codes above.
main(hideBin(process.argv)).catch((err: unknown) => {
  if (err instanceof SpecError) {
    process.stderr.write(`${err.message}\n${err.problems.length} problem${err.problems.length === 1 ? '' : 's'} in the spec; nothing was run.\n`);
    process.exitCode = EXIT.usage;
  } else if (err instanceof UsageError) {
    process.stderr.write(`sr-parity: ${err.message}\nRun with --help for usage.\n`);
    process.exitCode = EXIT.usage;
  } else if (err instanceof ApplyError) {
    process.stderr.write(`sr-parity: ${err.message}\n`);
    process.exitCode = EXIT.apply;
  } else if (err instanceof SourceError) {
    process.stderr.write(`sr-parity: cannot read ${err.message}\n`);
    process.exitCode = EXIT.source;
  } else {
    process.stderr.write(`sr-parity: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = EXIT.internal;
  }
});

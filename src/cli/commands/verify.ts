import type { Argv } from 'yargs';
import { COMMAND_TEXT } from './names.js';
import { verify } from '../../workflows/verify.js';
import { exitCodeOf, type Severity } from '../../workflows/result.js';
import { UsageError } from '../../lib/errors.js';
import { emitReports, junitOnUnreadable, reportOptions, type ReportArgs } from '../reports.js';
import { cliHooks } from '../progress.js';

export function verifyCommand(y: Argv) {
  return y.command(
    COMMAND_TEXT.verify.usage,
    COMMAND_TEXT.verify.describe,
    (y) =>
      y
        .positional('spec', { type: 'string', demandOption: true, describe: 'spec file (YAML)' })
        .options({
          set: {
            type: 'string',
            array: true,
            describe: 'variable for ${NAME} in the spec: --set NAME=value (repeatable)',
          },
          only: { type: 'string', array: true, describe: 'run only the checks with this name or kind (repeatable)' },
          deleted: {
            choices: ['compare', 'ignore'] as const,
            describe:
              "every check's soft-deleted subjects and versions: compared too, or active ones only (as compare " +
              "--deleted; default: the spec's)",
          },
          ...reportOptions,
          'fail-on': {
            ...reportOptions['fail-on'],
            default: undefined,
            describe: "lowest severity that fails the run (default: the spec's defaults.failOn, else error)",
          },
        })
        .example('$0 verify specs/cutover-gate.yaml --junit reports/cutover.xml', 'gate a cutover in CI'),
    (args) =>
      junitOnUnreadable(args as ReportArgs, `sr-parity verify ${args.spec as string}`, async () => {
        const run = await verify(
          {
            spec: args.spec as string,
            vars: specVariables(args.set),
            only: args.only,
            deleted: args.deleted,
            failOn: args.failOn as Severity | undefined,
          },
          cliHooks(args.quiet),
        );
        await emitReports(run, args);
        process.exitCode = exitCodeOf(run);
      }),
  );
}

/** `--set NAME=value` (repeatable) as the spec's variables. */
export function specVariables(set: string[] | undefined): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const kv of set ?? []) {
    const i = kv.indexOf('=');
    if (i <= 0) throw new UsageError('--set needs NAME=value (one was given without "="; its text is not shown)');
    vars[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return vars;
}

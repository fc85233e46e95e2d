// The CLI as a function: argv in, exit code out, output on process.stdout/stderr. main.ts runs it as the process;
// tests that need neither real streams nor a real exit code run it in-process (test/helpers/cli.ts).
import yargs, { type Argv } from 'yargs';
import { UsageError } from '../lib/errors.js';
import { didYouMean } from '../lib/text.js';
import { EXIT, reportError } from './exit.js';
import { COMMAND_TEXT, type CommandName } from './commands/names.js';
import { duration } from './options.js';
import { VERSION } from '../lib/version.js';

const EPILOG = [
  'Exit codes: 0 no findings at or above --fail-on · 1 findings · 2 usage error · 3 a source could not be read · ' +
    '4 apply refused or failed part-way · 5 internal error.',
  'Every option can also be set from the environment as SR_<OPTION> (SR_URL, SR_TARGET_URL, SR_PASSWORD, ...); ' +
    'other SR_ variables are ignored.',
  "Confluent's SCHEMA_REGISTRY_URL and SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO (user:password) are read for the source.",
].join('\n');

/** Runs one command line; a handler's verdict (0/1) or the code of the error that ended it (exit.ts). */
export async function run(argv: string[]): Promise<number> {
  const before = process.exitCode;
  process.exitCode = undefined;
  const deadline: Deadline = {};
  try {
    await main(argv, deadline);
    return Number(process.exitCode ?? 0);
  } catch (err) {
    const { code, text } = reportError(err);
    process.stderr.write(text);
    return code;
  } finally {
    clearTimeout(deadline.timer); // a run that ended in time: its deadline ends with it (runs share a process)
    process.exitCode = before;
  }
}

/** The deadline timer of one run. */
interface Deadline {
  timer?: NodeJS.Timeout;
}

async function main(argv: string[], deadline: Deadline): Promise<void> {
  const cli = yargs(argv)
    .scriptName('sr-parity')
    .env('SR_')
    .strict()
    .version(VERSION)
    .help()
    .alias('h', 'help')
    .wrap(Math.min(120, process.stdout.columns || 100))
    .epilog(EPILOG)
    .completion('completion', 'print a shell completion script (bash, zsh): sr-parity completion >> ~/.bashrc')
    .demandCommand(1, 'Name a command: compare, verify, watch, records, snapshot, baseline, apply, checks or schema.')
    .option('deadline', {
      type: 'string',
      describe: 'give up the whole run after this long (90s, 15m, 1h; a bare number is seconds): exit 3, apply exit 4',
      coerce: duration('deadline'),
    })
    .middleware((args) => armDeadline(args.deadline as number | undefined, String(args._[0] ?? ''), deadline))
    .fail((msg, err) => {
      // yargs wraps what an option's coerce throws (a bad --timeout...): still a usage error, exit 2
      if (err && err.name !== 'YError') throw err;
      const text = err?.message ?? msg;
      throw new UsageError(unknownCommand(argv) ?? unknownArguments(text, Object.keys(options.getOptions().key)));
    });
  // getOptions() exists on the instance (the options of the command being run) but not in yargs's types
  const options = cli as unknown as { getOptions(): { key: Record<string, unknown> } };
  cli.middleware((args) => ignoreOtherEnvironment(args, options), true);
  cli.middleware((args) => confluentEnvironment(args, options), true);
  // The command being run is one of the words on the line: only the modules of commands named there are loaded; the
  // others are listed (help, completion, "did you mean") from their usage and description alone.
  const words = new Set(argv);
  for (const [name, text] of Object.entries(COMMAND_TEXT) as [CommandName, (typeof COMMAND_TEXT)[CommandName]][]) {
    if (words.has(name)) (await COMMAND_MODULES[name]())(cli);
    else cli.command(text.usage, text.describe, {}, () => Promise.reject(new Error(`command ${name} was not loaded`)));
  }
  await cli.parseAsync();
}

type Register = (y: Argv) => Argv;
const COMMAND_MODULES: Record<CommandName, () => Promise<Register>> = {
  compare: async () => (await import('./commands/compare.js')).compareCommand,
  snapshot: async () => (await import('./commands/snapshot.js')).snapshotCommand,
  verify: async () => (await import('./commands/verify.js')).verifyCommand,
  records: async () => (await import('./commands/records.js')).recordsCommand,
  baseline: async () => (await import('./commands/baseline.js')).baselineCommand,
  apply: async () => (await import('./commands/apply.js')).applyCommand,
  watch: async () => (await import('./commands/watch.js')).watchCommand,
  checks: async () => (await import('./commands/catalogue.js')).checksCommand,
  schema: async () => (await import('./commands/catalogue.js')).schemaCommand,
};

/**
 * SR_<OPTION> sets an option of the command being run; any other SR_ variable (SR_USER in a CI job, another
 * tool's) is none of this tool's business, never an "Unknown argument". Typed flags stay checked.
 */
function ignoreOtherEnvironment(
  args: Record<string, unknown>,
  cli: { getOptions(): { key: Record<string, unknown> } },
): void {
  const known = cli.getOptions().key;
  const kebab = (camel: string) => camel.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  for (const name of Object.keys(process.env)) {
    if (!name.startsWith('SR_')) continue;
    const words = name.slice(3).toLowerCase().split('_');
    const camel = words.map((w, i) => (i ? w.charAt(0).toUpperCase() + w.slice(1) : w)).join('');
    if (camel in known || kebab(camel) in known) continue;
    delete args[camel];
    delete args[kebab(camel)];
  }
}

/**
 * What Confluent's clients and srctl read, for the one registry they know (the source): SCHEMA_REGISTRY_URL and
 * SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO (`user:password`). A flag or SR_ variable for the same thing wins.
 */
function confluentEnvironment(
  args: Record<string, unknown>,
  cli: { getOptions(): { key: Record<string, unknown> } },
): void {
  const known = cli.getOptions().key;
  const { SCHEMA_REGISTRY_URL: url, SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO: userInfo } = process.env;
  if (url && 'url' in known && args.url === undefined) args.url = url;
  const asked = args.basicAuthUserInfo !== undefined || args.username !== undefined || args.token !== undefined;
  if (userInfo && 'basic-auth-user-info' in known && !asked) args.basicAuthUserInfo = userInfo;
}

/**
 * yargs's `Unknown arguments: taget-url, tagetUrl` without its camelCase twins, and the known option closest to
 * each, when one is close: `Unknown argument: taget-url (did you mean --target-url?)`. Other messages pass as they are.
 */
export function unknownArguments(message: string, known: string[]): string {
  const m = /^Unknown arguments?: (.+)$/.exec(message);
  if (!m) return message;
  const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const typed = [...new Set(m[1]!.split(', ').map(kebab))];
  const options = known.filter((k) => k.length > 1 && !/[A-Z]/.test(k)); // kebab-case names, not yargs's camelCase
  const hints = typed.flatMap((t) => {
    const best = didYouMean(t, options);
    return best ? [`--${best}`] : [];
  });
  const said = `Unknown argument${typed.length > 1 ? 's' : ''}: ${typed.join(', ')}`;
  return hints.length ? `${said} (did you mean ${hints.join(', ')}?)` : said;
}

/**
 * A first word that is no command but close to one (`compre`), or options before any command: said so, instead of
 * yargs's list of every word it did not know.
 */
export function unknownCommand(argv: string[]): string | undefined {
  const commands = [...Object.keys(COMMAND_TEXT), 'completion'];
  const first = argv.find((a) => !a.startsWith('-'));
  if (first !== undefined && commands.includes(first)) return undefined;
  const hint = first !== undefined ? didYouMean(first, commands) : undefined;
  if (hint) return `Unknown command: ${first} (did you mean ${hint}?)`;
  const optionFirst = argv[0]?.startsWith('--') && !['--help', '--version', '-h'].includes(argv[0]);
  return optionFirst
    ? `Name the command first: sr-parity COMMAND [options] (got ${argv[0]} before any command)`
    : undefined;
}

/**
 * The deadline ends the process wherever it is (a registry trickling answers, a huge input): an unfinished run has
 * no verdict, so nothing is reported; files are only ever written whole (renamed into place), and apply's journal
 * says where a new run resumes.
 */
function armDeadline(ms: number | undefined, command: string, deadline: Deadline): void {
  if (ms === undefined) return;
  const timer = setTimeout(() => {
    const apply = command === 'apply';
    const what = apply ? 'apply stopped part-way; run it again to resume from its journal' : 'no verdict';
    process.stderr.write(`sr-parity: the run passed its --deadline of ${ms / 1000} s: ${what}\n`);
    process.exit(apply ? EXIT.apply : EXIT.source);
  }, ms);
  timer.unref(); // a run that ends first is not held open
  deadline.timer = timer;
}

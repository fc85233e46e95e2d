// The commands the README and docs/ show: every option they name exists on that command, and each command that
// needs no live registry (bundled files only) runs as written, with a verdict (exit 0 or 1), not a usage error.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli, runInProcess } from '../helpers/cli.js';

const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((f) => `docs/${f}`)].filter((f) => f.endsWith('.md'));

interface Documented {
  file: string;
  argv: string[];
  env: Record<string, string>;
}

/** `sr-parity ...` lines of the ```sh blocks, continuation lines joined, comments dropped, `VAR=value` kept. */
function documentedCommands(): Documented[] {
  const out: Documented[] = [];
  for (const file of DOCS) {
    const blocks = readFileSync(join(ROOT, file), 'utf8').match(/```sh\n[\s\S]*?```/g) ?? [];
    for (const block of blocks) {
      const lines = block
        .split('\n')
        .slice(1, -1)
        .join('\n')
        .replace(/\\\n\s*/g, ' ')
        .split('\n');
      for (const line of lines) {
        const code = line.replace(/\s+#.*$/, '');
        const m = /^(?:npm ci && )?((?:\w+=\S*\s+)*)(?:npx )?sr-parity (.*)$/.exec(code.trim());
        if (!m) continue;
        const env = Object.fromEntries(
          m[1]!
            .trim()
            .split(/\s+/)
            .filter(Boolean)
            .map((kv) => kv.split('=', 2)),
        );
        out.push({ file, argv: m[2]!.trim().split(/\s+/), env });
      }
    }
  }
  return out;
}

const optionsOf = new Map<string, Promise<Set<string>>>();
function knownOptions(command: string[]): Promise<Set<string>> {
  const key = command.join(' ');
  if (!optionsOf.has(key))
    optionsOf.set(
      key,
      runCli([...command, '--help']).then(
        (r) => new Set([...r.stdout.matchAll(/--([a-z][a-z0-9-]*)/g)].map((x) => x[1]!)),
      ),
    );
  return optionsOf.get(key)!;
}

describe('the commands the docs show', () => {
  const commands = documentedCommands();

  it('are found (the docs show commands at all)', () => {
    expect(commands.length).toBeGreaterThan(20);
  });

  it('name only options their command has', async () => {
    const unknown: string[] = [];
    for (const { file, argv } of commands) {
      if (argv[0]?.startsWith('-') || argv[0] === 'completion') continue;
      const command = argv[0] === 'baseline' ? argv.slice(0, 2) : argv.slice(0, 1);
      const known = await knownOptions(command);
      for (const token of argv.filter((t) => /^--[a-z]/.test(t))) {
        const name = token.slice(2).replace(/=.*$/, '');
        if (!known.has(name) && !known.has(name.replace(/^no-/, '')))
          unknown.push(`${file}: ${argv.join(' ')}: --${name}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('run as written where they need only bundled files', async () => {
    const placeholder = (t: string) => /^https?:|^[A-Z]+$|\$|<|>|\[/.test(t);
    const runnable = commands.filter(
      ({ argv, env }) =>
        ![...argv, ...Object.values(env)].some(placeholder) &&
        argv
          .filter((t) => /\.(json|ya?ml|zip)$/.test(t) && !argv[argv.indexOf(t) - 1]?.match(/^-o$|^--output$/))
          .every((t) => existsSync(join(ROOT, t.replace(/^\w+=/, '')))),
    );
    const shown = runnable.map((c) => c.argv.slice(0, 2).join(' '));
    expect(shown).toEqual(expect.arrayContaining(['compare fixtures/example/source.json', 'checks', 'schema']));
    for (const { file, argv, env } of runnable) {
      const r = await runInProcess(argv, env);
      expect([`${file}: sr-parity ${argv.join(' ')}`, r.code <= 1 ? 'a verdict' : r.stderr]).toEqual([
        `${file}: sr-parity ${argv.join(' ')}`,
        'a verdict',
      ]);
    }
  });
});

#!/usr/bin/env node
// `npm run layers`: the stages' dependency rules (sources -> model -> normalize -> checks -> engine -> report; apply
// apart), checked on every import of src/ (type imports too: a type couples modules as much as a value does), and
// no import cycles. `npm test` runs it first. Each rule says why; a violation names the rule, the file and the import.
// (dependency-cruiser and eslint's import plugin would do this, but neither reads TypeScript 7 yet.)
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// The folder to check: src/ unless given (the tests check a copy with a violation put in).
const SRC = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'src'));

/** [stage, stages it must not import, why] */
const RULES = [
  [
    'checks',
    ['sources', 'cli', 'spec', 'apply'],
    'a check reads the registries it is given: it never fetches, reads files or knows the command line',
  ],
  [
    'engine',
    ['cli', 'sources', 'spec', 'apply'],
    'the engine runs checks for any caller (CLI, tests, an API): declarations come in as values',
  ],
  [
    'report',
    ['sources', 'cli', 'spec'],
    'a report renders a run result: it never reads a registry or knows the command line',
  ],
  [
    'model',
    ['sources', 'normalize', 'checks', 'engine', 'report', 'cli', 'spec', 'apply'],
    'the model is what every stage shares: it depends on no stage above it',
  ],
  [
    'normalize',
    ['sources', 'checks', 'engine', 'report', 'cli', 'spec', 'apply'],
    'normalization turns schema text into forms: where the text came from is not its business',
  ],
  [
    'sources',
    ['checks', 'engine', 'report', 'cli', 'spec', 'apply'],
    'sources produce registries; what is checked on them is decided downstream',
  ],
  ['spec', ['sources', 'cli', 'apply'], 'a spec is declarations: loading one never contacts a registry'],
];

/** Violations known and accepted for now (none left): each to be fixed, never added to. */
const KNOWN = new Set([]);

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

// static imports and exports, bare imports, and import('...') (a module loaded lazily is still a dependency)
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+['"](\.[^'"]+)['"]|(?:^|\n)\s*import\s+['"](\.[^'"]+)['"]|\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g;
const graph = new Map();
for (const file of files(SRC)) {
  const text = readFileSync(file, 'utf8');
  const targets = [...text.matchAll(IMPORT)].map((m) =>
    relative(SRC, resolve(dirname(file), (m[1] ?? m[2] ?? m[3]).replace(/\.js$/, '.ts'))),
  );
  graph.set(relative(SRC, file), [...new Set(targets)]);
}

const stageOf = (path) => (path.includes('/') ? path.slice(0, path.indexOf('/')) : null);
const problems = [];
const seen = new Set();
const report = (key, message) => {
  seen.add(key);
  if (!KNOWN.has(key)) problems.push(message);
};
for (const [from, targets] of graph) {
  const rule = RULES.find(([stage]) => stage === stageOf(from));
  for (const to of targets) {
    if (!graph.has(to)) problems.push(`src/${from}: imports ${to}, which does not exist`);
    if (rule && rule[1].includes(stageOf(to)))
      report(
        `${from} -> ${to}`,
        `src/${from} imports src/${to}: ${rule[0]} must not import ${stageOf(to)} (${rule[2]})`,
      );
  }
}

// Cycles: a depth-first walk; each cycle reported once, from its smallest module.
const state = new Map();
const stack = [];
function visit(node) {
  state.set(node, 'open');
  stack.push(node);
  for (const next of graph.get(node) ?? []) {
    if (state.get(next) === 'open') {
      const cycle = stack.slice(stack.indexOf(next));
      const start = cycle.indexOf([...cycle].sort()[0]);
      const path = [...cycle.slice(start), ...cycle.slice(0, start)];
      report(
        [...path, path[0]].join(' -> '),
        `import cycle: ${[...path, path[0]].map((p) => `src/${p}`).join(' -> ')} (a cycle makes two modules one: neither changes or is tested without the other)`,
      );
    } else if (!state.has(next)) visit(next);
  }
  stack.pop();
  state.set(node, 'done');
}
for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);

const fixed = [...KNOWN].filter((k) => !seen.has(k));
for (const k of fixed)
  problems.push(`${k}: fixed, so remove it from KNOWN in scripts/layers.mjs (the list only shrinks)`);
if (problems.length) {
  console.error(
    `layers: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems.map((p) => `  ${p}`).join('\n')}`,
  );
  process.exit(1);
}
console.log(
  `layers: ${graph.size} modules, ${[...graph.values()].reduce((n, t) => n + t.length, 0)} imports, rules hold${KNOWN.size ? ` (${KNOWN.size} known violations to fix)` : ''}`,
);

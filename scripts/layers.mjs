#!/usr/bin/env node
// `npm run layers`: the import rules of docs/architecture.md, checked on every import of src/ (type imports too: a
// type couples modules as much as a value does), and no import cycles. `npm test` runs it first. Every module sits in
// a stage (a folder of src/, or src/index.ts, the package's API); each stage lists the stages it may import, and why.
// A violation names the rule, the file and the import; a module outside every stage is one too.
// (dependency-cruiser would do this, but its releases that read TypeScript without the compiler's JavaScript API need
// Node 22, and sr-parity runs on Node 20.19.)
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// The folder to check: src/ unless given (the tests check a copy with a violation put in); `--rules` prints the rules
// as JSON instead (a test holds docs/architecture.md's table to them).
const SRC = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'src'));

/** stage -> [the stages it may import besides itself, why] (docs/architecture.md draws the same arrows) */
const MAY_IMPORT = {
  lib: [[], 'errors, text, hashing and atomic file writes: what every stage uses, knowing nothing of registries'],
  model: [['lib'], 'the registry as data and the rules on it (inheritance, mapping): every stage shares it'],
  normalize: [
    ['model', 'lib'],
    'normalization turns schema text into forms: where the text came from is not its business',
  ],
  sources: [['model', 'normalize', 'lib'], 'sources read registries; what is checked on them is decided downstream'],
  engine: [
    ['model', 'normalize', 'lib'],
    'the engine runs whatever checks it is given, for any caller: it knows no check, report or command',
  ],
  checks: [
    ['engine', 'model', 'normalize', 'lib'],
    'a check reads the registries it is given: it never fetches, reads files or knows the command line',
  ],
  report: [['engine', 'model', 'lib'], 'a report renders a result: it never reads a registry, plans or runs'],
  spec: [['checks', 'engine', 'model', 'lib'], 'a spec is declarations: loading one never contacts a registry'],
  apply: [
    ['sources', 'normalize', 'model', 'lib'],
    "apply plans (pure) and writes through the REST client: what to verify afterwards is the workflow's",
  ],
  workflows: [
    ['apply', 'checks', 'engine', 'normalize', 'sources', 'spec', 'model', 'lib'],
    "a workflow is one command's job as a function: it reads, runs and writes files, but never prints",
  ],
  cli: [
    ['workflows', 'report', 'model', 'lib'],
    'the CLI parses arguments, calls a workflow and prints what it returns',
  ],
  api: [
    ['workflows', 'report', 'model', 'lib'],
    'the package API publishes the workflows and their types, nothing else',
  ],
};

if (process.argv[2] === '--rules') {
  console.log(JSON.stringify(Object.fromEntries(Object.entries(MAY_IMPORT).map(([k, [may]]) => [k, may]))));
  process.exit(0);
}

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

// static imports and exports, bare imports, and import('...') (a module loaded lazily is still a dependency)
const IMPORT = new RegExp(
  [
    String.raw`(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+['"](\.[^'"]+)['"]`,
    String.raw`(?:^|\n)\s*import\s+['"](\.[^'"]+)['"]`,
    String.raw`\bimport\(\s*['"](\.[^'"]+)['"]\s*\)`,
  ].join('|'),
  'g',
);
const graph = new Map();
for (const file of files(SRC)) {
  const text = readFileSync(file, 'utf8');
  const targets = [...text.matchAll(IMPORT)].map((m) =>
    relative(SRC, resolve(dirname(file), (m[1] ?? m[2] ?? m[3]).replace(/\.js$/, '.ts'))),
  );
  graph.set(relative(SRC, file), [...new Set(targets)]);
}

const stageOf = (path) => (path.includes('/') ? path.slice(0, path.indexOf('/')) : path === 'index.ts' ? 'api' : path);
const problems = [];
const report = (_key, message) => problems.push(message);
for (const [from, targets] of graph) {
  const stage = stageOf(from);
  const rule = MAY_IMPORT[stage];
  if (!rule) {
    problems.push(`src/${from}: in no stage of the drawing (${Object.keys(MAY_IMPORT).join(', ')}): add it to one`);
    continue;
  }
  for (const to of targets) {
    if (!graph.has(to)) problems.push(`src/${from}: imports ${to}, which does not exist`);
    const target = stageOf(to);
    if (target !== stage && !rule[0].includes(target))
      report(`${from} -> ${to}`, `src/${from} imports src/${to}: ${stage} must not import ${target} (${rule[1]})`);
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
        `import cycle: ${[...path, path[0]].map((p) => `src/${p}`).join(' -> ')} ` +
          '(a cycle makes two modules one: neither changes or is tested without the other)',
      );
    } else if (!state.has(next)) visit(next);
  }
  stack.pop();
  state.set(node, 'done');
}
for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);

if (problems.length) {
  console.error(
    `layers: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n` +
      problems.map((p) => `  ${p}`).join('\n'),
  );
  process.exit(1);
}
console.log(
  `layers: ${graph.size} modules, ${[...graph.values()].reduce((n, t) => n + t.length, 0)} imports, rules hold`,
);

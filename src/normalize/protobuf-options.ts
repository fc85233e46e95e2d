// Option values protobufjs cannot read whole. Confluent's parser (Square's wire) takes a list as an option value
// (`option (confluent.file_meta).tags = ["PII", "PRIVATE"];`, the data-contract tags) and numbers with a float suffix
// (`10f`); protobufjs refuses both, reads an aggregate (`{ tags: ["a", "b"] }`) keeping one item of each list, and
// keeps one of an option set twice. Each such value is rewritten in place as a string literal of the value read whole,
// so that protobufjs parses the file; the rest of the text is left byte for byte, comments included.
//
// Two renderings, as Confluent has two strings for a schema (ProtobufSchemaUtils.toString, ProtobufSchemaTest's
// testComplexCustomOptions3): `form`, what its normalized string keeps (an aggregate's keys sorted, numbers as their
// value, a list of one as its item), for the forms compared; `written`, what its canonical string keeps (keys in their
// order, numbers as written, every scalar number too), for telling how two equal forms are spelled.

export type Rendering = 'form' | 'written';

interface Token {
  text: string;
  start: number;
  end: number;
}

/**
 * `text` with option values rewritten (see above). The options of one place (a scope's `option` statements, a
 * field's `[...]`) are taken together by their root (`(confluent.field_meta)` for `(confluent.field_meta).tags`):
 * set more than once, or to a value protobufjs cannot read, a root becomes one option holding every value given it,
 * as wire merges them (a key given twice gathers its values into a list).
 */
export function optionValuesAsStrings(text: string, rendering: Rendering = 'form'): string {
  if (!text.includes('option') && !text.includes('[')) return text; // no option: nothing to read whole
  const tokens = tokenize(text);
  // The forms name a custom option by its full name, as a normalizing registry does (`(meta)` in package p is
  // `(p.meta)`).
  const names = rendering === 'form' ? declarations(tokens) : null;
  const edits: Edit[] = [];
  const scopes: Assignment[][] = [[]];
  let bracket: { open: Token; assignments: Assignment[] } | null = null;
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    const statement = t.text === '=' && !bracket ? optionStatementStart(tokens, i) : -1;
    if (t.text === '=' && (bracket || statement >= 0)) {
      const end = valueEnd(tokens, i + 1);
      const nameFrom = statement >= 0 ? statement + 1 : nameStart(tokens, i);
      const resolve = names ? (name: string) => names.resolve(name, names.scopeAt[i]!) : undefined;
      const assignment = { ...assignmentOf(tokens, nameFrom, i, end, resolve), repeated: names?.repeated };
      if (statement >= 0) {
        // The statement runs from `option` to its `;` (removed whole where its root joins an earlier one).
        const last = tokens[end]?.text === ';' ? tokens[end]! : tokens[end - 1]!;
        scopes.at(-1)!.push({ ...assignment, start: tokens[statement]!.start, end: last.end, statement: true });
      } else bracket!.assignments.push(assignment);
      i = end;
      continue;
    }
    if (t.text === '[' && !bracket) bracket = { open: t, assignments: [] };
    else if (t.text === ']' && bracket) {
      edits.push(...bracketEdits(text, bracket.open, t, bracket.assignments, rendering));
      bracket = null;
    } else if (t.text === '{') scopes.push([]);
    else if (t.text === '}' && scopes.length > 1) edits.push(...statementEdits(scopes.pop()!, rendering));
    i++;
  }
  edits.push(...statementEdits(scopes[0]!, rendering));
  edits.sort((x, y) => x.start - y.start);
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.start) + e.literal;
    at = e.end;
  }
  return edits.length ? out + text.slice(at) : text;
}

/** The extensions a file declares (full names), and the scope each token is in (package and message names). */
interface Declarations {
  scopeAt: string[];
  resolve(name: string, scope: string): string;
  /** Whether a field of this name is declared repeated (or a map) in the file, and never singular. */
  repeated(field: string): boolean;
}

/**
 * Where each token is and which extension fields the file declares, so that a custom option's name resolves as
 * protobuf resolves it: from the innermost scope outwards, a leading dot for a full name. A name the file does not
 * declare (an import's) keeps its spelling, without a leading dot.
 */
function declarations(tokens: Token[]): Declarations {
  const extensions = new Set<string>();
  const [repeated, singular] = [new Set<string>(), new Set<string>()];
  const scopeAt: string[] = [];
  const stack: { name: string | null; extend: boolean }[] = [];
  let pkg = '';
  let pending: { name: string | null; extend: boolean } | null = null;
  const scope = () =>
    [pkg, ...stack.map((e) => e.name).filter((n): n is string => n !== null)].filter(Boolean).join('.');
  tokens.forEach((t, i) => {
    scopeAt[i] = scope();
    const next = tokens[i + 1]?.text;
    if (t.text === 'package' && next) pkg = next.replace(/^\./, '');
    else if (['message', 'enum', 'service', 'oneof'].includes(t.text) && tokens[i + 2]?.text === '{')
      pending = { name: t.text === 'oneof' ? null : next!, extend: false };
    else if (t.text === 'extend' && next) pending = { name: null, extend: true };
    else if (t.text === '{') {
      stack.push(pending ?? { name: null, extend: false });
      pending = null;
    } else if (t.text === '}') stack.pop();
    else if (t.text === '=' && /^\w+$/.test(tokens[i - 1]?.text ?? '') && optionStatementStart(tokens, i) < 0) {
      const field = tokens[i - 1]!.text;
      if (stack.at(-1)?.extend) extensions.add(scope() ? `${scope()}.${field}` : field);
      // A field's declaration: `repeated T name = N`, `map<K, V> name = N`, or singular
      const from = statementFrom(tokens, i);
      const label = tokens[from]?.text;
      (label === 'repeated' || label === 'map' ? repeated : singular).add(field);
    }
  });
  const resolve = (name: string, at: string) => {
    if (name.startsWith('.')) return name.slice(1);
    const parts = at ? at.split('.') : [];
    for (let k = parts.length; k >= 0; k--) {
      const candidate = [...parts.slice(0, k), name].join('.');
      if (extensions.has(candidate)) return candidate;
    }
    return name;
  };
  return { scopeAt, resolve, repeated: (field) => repeated.has(field) && !singular.has(field) };
}

/** The first token of the statement holding token `i` (after the last `;`, `{` or `}`). */
function statementFrom(tokens: Token[], i: number): number {
  let j = i - 1;
  while (j >= 0 && !';{}'.includes(tokens[j]!.text)) j--;
  return j + 1;
}

interface Edit {
  start: number;
  end: number;
  literal: string;
}

/** `root.path = value`: one option as written, and where it starts and ends in the text. */
interface Assignment {
  root: string;
  /** The root was written otherwise (not by its full name). */
  renamed: boolean;
  path: string[];
  value: Token[];
  start: number;
  end: number;
  /** Where its name ends (a rename replaces what is before). */
  nameEnd: number;
  statement?: boolean;
  resolve?: (name: string) => string;
  repeated?: (field: string) => boolean;
}

/** The first token of a field option's name: after the `[` or `,` before it. */
function nameStart(tokens: Token[], i: number): number {
  let j = i - 1;
  while (j > 0 && tokens[j - 1]!.text !== '[' && tokens[j - 1]!.text !== ',') j--;
  return j;
}

/**
 * An option's name split at its root: `(a.b).c.d` is root `(a.b)`, path c, d; `deprecated` is root alone. With
 * `resolve`, a custom option's root by its full name (`written` keeps how the name was written).
 */
function assignmentOf(
  tokens: Token[],
  from: number,
  eq: number,
  end: number,
  resolve?: (name: string) => string,
): Assignment {
  const name = tokens
    .slice(from, eq)
    .map((t) => t.text)
    .join('');
  const close = name.startsWith('(') ? name.indexOf(')') + 1 : 0;
  const written = close ? name.slice(0, close) : (name.split('.')[0] ?? name);
  const root = close && resolve ? `(${resolve(written.slice(1, -1))})` : written;
  const rest = name.slice(close || written.length).replace(/^\./, '');
  const value = tokens.slice(eq + 1, end);
  return {
    root,
    renamed: root !== written,
    path: rest ? rest.split('.') : [],
    value,
    start: tokens[from]!.start,
    end: (value.at(-1) ?? tokens[eq]!).end,
    nameEnd: tokens[eq - 1]!.end,
    resolve,
  };
}

/**
 * Whether a root's options are rewritten: given more than once, or a value protobufjs cannot read as written; for the
 * forms also a path (`(meta).tags = ...` and `(meta) = {tags: ...}` are one value to a normalizing registry).
 */
function needsRewrite(group: Assignment[], rendering: Rendering): boolean {
  if (group.length > 1 || (rendering === 'form' && group[0]!.path.length)) return true;
  const value = group[0]!.value;
  if (!value.length) return false;
  if (isOpening(value[0]!.text)) return true;
  const number = value.map((t) => t.text).join('');
  return rendering === 'written' ? NUMBER.test(number) : SUFFIXED.test(number);
}

/** One root's options as one string: `form` merges them into one value, `written` keeps each as written. */
function groupLiteral(group: Assignment[], rendering: Rendering): string {
  if (rendering === 'written')
    return protoString(
      group.map((a) => `${[...a.path, ''].join('.')}= ${render(readValue(a.value), 'written')}`).join(' | '),
    );
  let merged: Value | undefined;
  for (const a of group) merged = mergeAt(merged, a.path, readValue(a.value, a.resolve), a.repeated);
  return protoString(render(merged!, 'form'));
}

/**
 * `value` set at `path` within `into`: a path into a message sets a field of it (`(meta) = {...}` then `(meta).tags`);
 * a field given twice gathers its values into a list.
 */
function mergeAt(
  into: Value | undefined,
  path: string[],
  value: Value,
  repeated: (field: string) => boolean = () => false,
): Value {
  if (!path.length) {
    return into ? gathered(into, value) : value;
  }
  const entries: [string, Value][] = into?.kind === 'map' ? [...into.entries] : [];
  const [key, ...rest] = path as [string, ...string[]];
  const k = entries.findIndex(([name]) => name === key);
  if (k < 0) entries.push([key, mergeAt(undefined, rest, value, repeated)]);
  else if (rest.length && repeated(key)) {
    // A path through a repeated field (`(wrapper).tags.name` twice): a field its last element already has starts
    // the next element, as wire does knowing the field repeats (ProtobufSchemaTest's RepeatedNestedCustomOptions)
    const items = itemsOf(entries[k]![1]);
    const last = items.at(-1)!;
    const next = hasPath(last, rest)
      ? [...items, mergeAt(undefined, rest, value, repeated)]
      : [...items.slice(0, -1), mergeAt(last, rest, value, repeated)];
    entries[k] = [key, next.length === 1 ? next[0]! : { kind: 'list', items: next }];
  } else entries[k] = [key, mergeAt(entries[k]![1], rest, value, repeated)];
  return { kind: 'map', entries };
}

/** Whether a message value already sets the field at `path`. */
function hasPath(v: Value, path: string[]): boolean {
  if (v.kind !== 'map') return false;
  const found = v.entries.find(([k]) => k === path[0]);
  return !!found && (path.length === 1 || hasPath(found[1], path.slice(1)));
}

/** Roots in their first order, each with its options. */
function byRoot(assignments: Assignment[]): Assignment[][] {
  const groups = new Map<string, Assignment[]>();
  for (const a of assignments) groups.set(a.root, [...(groups.get(a.root) ?? []), a]);
  return [...groups.values()];
}

/** A scope's `option` statements: a root rewritten is one statement, where its first was; the others removed. */
function statementEdits(statements: Assignment[], rendering: Rendering): Edit[] {
  const edits: Edit[] = [];
  for (const group of byRoot(statements)) {
    const [first, ...more] = group;
    if (!needsRewrite(group, rendering)) {
      if (first!.renamed) edits.push(renamed(first!));
      continue;
    }
    const literal = `option ${first!.root} = ${groupLiteral(group, rendering)};`;
    edits.push({ start: first!.start, end: first!.end, literal });
    for (const o of more) edits.push({ start: o.start, end: o.end, literal: '' });
  }
  return edits;
}

/** An option named by its full name, its value as written. */
function renamed(a: Assignment): Edit {
  const literal = `${a.statement ? 'option ' : ''}${a.root}`;
  return { start: a.start, end: a.nameEnd, literal };
}

/** A field's `[...]` options, written anew where a root is rewritten or renamed (the others as they were). */
function bracketEdits(text: string, open: Token, close: Token, options: Assignment[], rendering: Rendering): Edit[] {
  const groups = byRoot(options);
  if (!groups.some((g) => needsRewrite(g, rendering) || g[0]!.renamed)) return [];
  const parts = groups.map((g) => {
    if (needsRewrite(g, rendering)) return `${g[0]!.root} = ${groupLiteral(g, rendering)}`;
    const [from, root] = g[0]!.renamed ? [g[0]!.nameEnd, g[0]!.root] : [g[0]!.start, ''];
    return root + text.slice(from, g[0]!.end);
  });
  return [{ start: open.end, end: close.start, literal: parts.join(', ') }];
}

/** The index of the `option` keyword whose statement holds the `=` at `i`, or -1 (a field, an enum value...). */
function optionStatementStart(tokens: Token[], i: number): number {
  const from = statementFrom(tokens, i);
  return tokens[from]?.text === 'option' ? from : -1;
}

const NUMBER = /^[-+]?(0[xX][\da-fA-F]+|(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?[fF]?)$/;
/** A number with a float suffix (`10f`, `1.5F`), which wire reads and protobufjs does not. */
const SUFFIXED = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?[fF]$/;
const isOpening = (t: string) => t === '{' || t === '[' || t === '<';
const CLOSING: Record<string, string> = { '{': '}', '[': ']', '<': '>' };
const isString = (t: string) => t.startsWith('"') || t.startsWith("'");

/** The index after an option value at `i`: a balanced aggregate or list, or a scalar (signed, concatenated). */
function valueEnd(tokens: Token[], i: number): number {
  const first = tokens[i]?.text;
  if (first !== undefined && isOpening(first)) {
    const stack: string[] = [];
    for (let j = i; j < tokens.length; j++) {
      const t = tokens[j]!.text;
      if (isOpening(t)) stack.push(CLOSING[t]!);
      else if (t === stack.at(-1)) stack.pop();
      if (!stack.length) return j + 1;
    }
    return tokens.length;
  }
  let j = i;
  if (first === '-' || first === '+') j++;
  j++;
  while (j < tokens.length && isString(tokens[j]!.text) && isString(tokens[j - 1]!.text)) j++;
  return j;
}

// --- the value read whole -------------------------------------------------------------------------------------------

type Value =
  | { kind: 'map'; entries: [string, Value][] }
  | { kind: 'list'; items: Value[] }
  | { kind: 'string'; value: string }
  | { kind: 'word'; text: string }; // a number, an enum value, true/false

/**
 * An option value as wire reads it: an aggregate's fields (`key: value`, the colon optional before a message,
 * separators optional), a key set twice or more gathering its values into one list (lists among them flattened),
 * adjacent strings joined. What does not parse is kept as its words.
 */
function readValue(tokens: Token[], resolve?: (name: string) => string): Value {
  let i = 0;
  const peek = () => tokens[i]?.text;
  const value = (): Value => {
    const t = peek();
    if (t === '{' || t === '<') return map(CLOSING[t]!);
    if (t === '[') return list();
    if (t !== undefined && isString(t)) {
      let s = '';
      while (peek() !== undefined && isString(peek()!)) s += unescape(tokens[i++]!.text);
      return { kind: 'string', value: s };
    }
    let word = tokens[i++]?.text ?? '';
    if ((word === '-' || word === '+') && peek() !== undefined) word += tokens[i++]!.text;
    return { kind: 'word', text: word };
  };
  const list = (): Value => {
    i++; // [
    const items: Value[] = [];
    while (i < tokens.length && peek() !== ']') {
      if (peek() === ',') i++;
      else items.push(value());
    }
    i++;
    return { kind: 'list', items };
  };
  const map = (close: string): Value => {
    i++; // { or <
    const entries: [string, Value][] = [];
    while (i < tokens.length && peek() !== close) {
      if (peek() === ',' || peek() === ';') {
        i++;
        continue;
      }
      let key = tokens[i++]!.text;
      if (key === '[') {
        let inner = '';
        while (i < tokens.length && peek() !== ']') inner += tokens[i++]!.text;
        i++;
        key = `[${resolve ? resolve(inner) : inner}]`;
      }
      if (peek() === ':') i++;
      const v = value();
      const seen = entries.find(([k]) => k === key);
      if (!seen) entries.push([key, v]);
      else seen[1] = gathered(seen[1], v);
    }
    i++;
    return { kind: 'map', entries };
  };
  return value();
}

const itemsOf = (v: Value): Value[] => (v.kind === 'list' ? v.items : [v]);

/** The same option or field given twice is a repeated one: its values gather into one list, lists flattened. */
const gathered = (a: Value, b: Value): Value => ({ kind: 'list', items: [...itemsOf(a), ...itemsOf(b)] });

/** One rendering of a value as a line of text (JSON-like; the words unquoted). */
function render(v: Value, rendering: Rendering): string {
  switch (v.kind) {
    case 'string':
      return JSON.stringify(v.value);
    case 'word':
      return rendering === 'form' && NUMBER.test(v.text) ? numberValue(v.text) : v.text;
    case 'list':
      if (rendering === 'form' && v.items.length === 1) return render(v.items[0]!, rendering);
      return `[${v.items.map((x) => render(x, rendering)).join(', ')}]`;
    case 'map': {
      // The form as Confluent normalizes it: keys sorted, a field set to an empty list left out
      const kept = v.entries.filter(([, x]) => !(x.kind === 'list' && !x.items.length));
      const entries = rendering === 'form' ? kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : v.entries;
      return `{${entries.map(([k, x]) => `${k}: ${render(x, rendering)}`).join(', ')}}`;
    }
  }
}

/** A number as its value: `10f`, `10.0` and `1e1` alike (Confluent's normalized string: testNumberFormats). */
function numberValue(text: string): string {
  const plain = text.replace(/[fF]$/, '');
  const n = /^[-+]?0\d+$/.test(plain) ? parseInt(plain, 8) : Number(plain);
  return Number.isFinite(n) ? String(n) : text;
}

/** A proto string literal's content: its escapes read (`\n`, `\'`, `\x41`, `\101`). */
function unescape(literal: string): string {
  const body = literal.slice(1, -1);
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v' };
  return body.replace(/\\(x[\da-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_m, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return simple[e] ?? e;
  });
}

/** A double-quoted proto string literal holding `text`. */
function protoString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** A .proto text as its tokens, one space between each: its comments and layout left out. */
export function protobufTokens(text: string): string {
  return tokenize(text)
    .map((t) => t.text)
    .join(' ');
}

/** Tokens of a .proto text with their places: strings whole, comments and whitespace left out. */
function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      out.push({ text: text.slice(i, j + 1), start: i, end: j + 1 });
      i = j + 1;
    } else if (/[\w.]/.test(c)) {
      let j = i + 1;
      // A number's exponent sign belongs to it (`1e-3`); names and numbers are runs of word characters and dots.
      while (
        j < text.length &&
        (/[\w.]/.test(text[j]!) || (/[-+]/.test(text[j]!) && /^\d.*[eE]$/.test(text.slice(i, j))))
      )
        j++;
      out.push({ text: text.slice(i, j), start: i, end: j });
      i = j;
    } else {
      out.push({ text: c, start: i, end: i + 1 });
      i++;
    }
  }
  return out;
}

// Errors that reach the user as one line; the CLI maps each class to an exit code.

/** Bad command line or spec: exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface SpecProblem {
  file: string;
  line: number;
  col: number;
  message: string;
}

/** Every problem of a spec at once, each `file:line:col: message`; exit 2. */
export class SpecError extends UsageError {
  override name = 'SpecError';
  constructor(readonly problems: SpecProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`).join('\n'));
  }
}

/** A registry or file could not be read: exit 3. */
export class SourceError extends Error {
  override name = 'SourceError';
  constructor(
    readonly location: string,
    readonly detail: string,
    readonly status?: number,
  ) {
    super(`${location}: ${detail}`);
  }
}

/** Strip user:password@ from a URL so it can be printed. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.username || u.password) {
      u.username = '';
      u.password = '';
    }
    return u.toString().replace(/\/$/, url.endsWith('/') ? '/' : '');
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//');
  }
}

export function excerpt(text: string, max = 120): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max)}…` : one;
}

/** apply refused to start, or stopped part-way: exit 4. */
export class ApplyError extends Error {
  override name = 'ApplyError';
}

/** For a file reader: `fail('subjects[2].id', 'expected a number')` throws one line naming the file and the field. */
export function failIn(file: string): (where: string, what: string) => never {
  return (where, what) => {
    throw new SourceError(file, `${where}: ${what}`);
  };
}

/**
 * What a registry answered contradicts what it answered moments before (a listing that lost or gained a version,
 * a page that repeats): it changed while being read, or its paging is broken. The read is tried again, then exit 3.
 */
export class SourceChangedError extends SourceError {
  override name = 'SourceChangedError';
  constructor(
    location: string,
    /** What contradicted what, without the verdict. */
    readonly contradiction: string,
  ) {
    super(location, `source changed while being read: ${contradiction}`);
  }
}

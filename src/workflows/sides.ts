// The sides of a run and what a workflow tells its caller while it works. A source that cannot be read is named by
// its side (the source, the target, a spec's source), and a refused login names what logs that side in.
import { SourceError } from '../lib/errors.js';
import { loadSource, type SourceSpec } from '../sources/index.js';
import type { SubjectFilter } from '../model/filter.js';
import type { Registry } from '../model/types.js';
import type { LoadProgress } from '../sources/rest/confluent.js';

export type { SourceSpec } from '../sources/index.js';

/** How far a long step is (reading a side, writing apply's steps). */
export interface Progress {
  phase: string;
  done: number;
  total: number;
}

/** A side: a URL or file, or that with its connection (credentials, TLS, timeouts, flavor, product). */
export type Side = string | SourceSpec;

export const sideSpec = (side: Side): SourceSpec => (typeof side === 'string' ? { location: side } : side);

/**
 * What a workflow tells its caller while it works; the CLI prints these on stderr, a program may log them or not.
 * Every hook is optional: a workflow without hooks is silent.
 */
export interface Hooks {
  /** A progress callback for reading one side (`source`, `target`, a spec's source, `kafka`, `apply`), or none. */
  progress?(side: string): ((p: Progress) => void) | undefined;
  /** Something the reader of the result should know (a side's notes, e.g. records a backup's replay skipped). */
  note?(text: string): void;
  /** Something probably wrong in the input that did not stop the run (an unused spec variable). */
  warn?(text: string): void;
}

/**
 * How a side was given, for the advice on a refused login: by command-line options (`''` or `target-`), as a source
 * of a spec, or by a program (the `Side` object's fields).
 */
export type SideOrigin = { options: '' | 'target-' } | { spec: string; variables?: string[] } | { api: true };

/**
 * The last read of each side of a run made again and again (watch's passes): a live side is then read cheaply from
 * it, a file that did not change is not read again. `full` asks the next run for whole reads (and keeps those).
 */
export class LastReads {
  private readonly last = new Map<string, Registry>();
  full = false;

  previous(side: string): Registry | undefined {
    return this.full ? undefined : this.last.get(side);
  }

  keep(side: string, registry: Registry): void {
    this.last.set(side, registry);
  }
}

export async function loadSide(
  side: string,
  origin: SideOrigin,
  spec: SourceSpec,
  filter: SubjectFilter = {},
  onProgress?: (p: LoadProgress) => void,
  reads?: LastReads,
): Promise<Registry> {
  try {
    const registry = await loadSource(spec, filter, onProgress, reads?.previous(side));
    reads?.keep(side, registry);
    return registry;
  } catch (err) {
    if (!(err instanceof SourceError)) throw err;
    const login = err.status === 401 || err.status === 403 ? `; ${credentials(side, origin, spec, err.status)}` : '';
    throw new SourceError(`the ${side}, ${err.location}`, `${err.detail}${login}`, err.status);
  }
}

/**
 * What to do about a refused login: where no credentials were given, where to give them; where some were, that they
 * were refused (401: wrong, or expired; 403: accepted, but without the right to read).
 */
function credentials(side: string, origin: SideOrigin, spec: SourceSpec, status: 401 | 403): string {
  const given = Boolean(
    spec.username || spec.token || spec.headers?.authorization || /^[a-z]+:\/\/[^/@]+@/i.test(spec.location),
  );
  if (given && status === 403) return `the ${side} accepted the credentials given, but they may not read the registry`;
  const where =
    'spec' in origin
      ? origin.variables?.length
        ? `${origin.variables.join(', ')} (the variables ${origin.spec} logs it in with: --set, or the environment)`
        : `its username and password, or token, in the spec (${origin.spec}, under sources)`
      : 'api' in origin
        ? 'its username and password, or token'
        : `--${origin.options}username and --${origin.options}password, or --${origin.options}token (` +
          ['USERNAME', 'PASSWORD', 'TOKEN']
            .map((v) => `SR_${origin.options.toUpperCase().replace('-', '_')}${v}`)
            .join(', ') +
          ')';
  return given
    ? `the ${side} refused the credentials given (a wrong password, or an expired token): check ${where}`
    : `the ${side} asks for a login and none was given: give ${where}`;
}

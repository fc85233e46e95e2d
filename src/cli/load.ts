// Loading the sides of a comparison for the commands: a source that cannot be read is named by its side (the
// source, the target, a spec's source), and a refused login names the options that log that side in.
import { SourceError } from '../errors.js';
import { loadSource, type SourceSpec } from '../sources/index.js';
import type { SubjectFilter } from '../model/filter.js';
import type { Registry } from '../model/types.js';
import type { LoadProgress } from '../sources/rest/confluent.js';

/** How a side is given: by command-line options (`''` or `target-`) or as a source of a spec. */
export type SideOrigin = { options: '' | 'target-' } | { spec: string };

export async function loadSide(
  side: string,
  origin: SideOrigin,
  spec: SourceSpec,
  filter: SubjectFilter = {},
  onProgress?: (p: LoadProgress) => void,
): Promise<Registry> {
  try {
    return await loadSource(spec, filter, onProgress);
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
      ? `its username and password, or token, in the spec (${origin.spec}, under sources)`
      : `--${origin.options}username and --${origin.options}password, or --${origin.options}token (` +
        ['USERNAME', 'PASSWORD', 'TOKEN']
          .map((v) => `SR_${origin.options.toUpperCase().replace('-', '_')}${v}`)
          .join(', ') +
        ')';
  return given
    ? `the ${side} refused the credentials given (a wrong password, or an expired token): check ${where}`
    : `the ${side} asks for a login and none was given: give ${where}`;
}

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
    const login = err.status === 401 || err.status === 403 ? `; ${credentials(side, origin)}` : '';
    throw new SourceError(`the ${side}, ${err.location}`, `${err.detail}${login}`, err.status);
  }
}

function credentials(side: string, origin: SideOrigin): string {
  if ('spec' in origin) return `its username and password, or token, go in the ${side} source of ${origin.spec}`;
  const env = `SR_${origin.options.toUpperCase().replace('-', '_')}`;
  const o = origin.options;
  return (
    `log the ${side} in with --${o}username and --${o}password, or --${o}token ` +
    `(${env}USERNAME, ${env}PASSWORD, ${env}TOKEN)`
  );
}

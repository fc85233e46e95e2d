// The Schema Exporters a live side defines and their states (Confluent's /exporters; AxonOps stores them too), read
// beside each watch pass: the replication a migration waits on, next to the parity it produces. Read-only; a side
// without the endpoint (Karapace, Apicurio, a file) simply has none.
import { HttpClient } from '../sources/rest/http.js';
import { encodeSubject } from '../sources/rest/confluent.js';
import { isUrl } from '../model/connection.js';
import { urlForFlavor } from '../model/flavor.js';
import type { SourceSpec } from '../sources/index.js';

export interface ExporterState {
  side: string;
  name: string;
  /** RUNNING, PAUSED, ERROR, STARTING... as the registry says. */
  state: string;
  /** The source offset it has exported up to, and when it last reported (ms), where the registry says. */
  offset?: number;
  ts?: number;
}

export async function exporterStates(side: string, spec: SourceSpec): Promise<ExporterState[]> {
  if (!isUrl(spec.location) || (spec.flavor && spec.flavor !== 'confluent')) return [];
  const http = new HttpClient({ ...spec, url: urlForFlavor(spec.location, spec.flavor), retries: 0 });
  try {
    const names = await http.probeJsonValue('/exporters');
    if (!Array.isArray(names)) return [];
    const states = await Promise.all(
      names
        .filter((n): n is string => typeof n === 'string')
        .map(async (name) => {
          const s = (await http.probeJsonValue(`/exporters/${encodeSubject(name)}/status`)) as
            Record<string, unknown> | undefined;
          return {
            side,
            name,
            state: typeof s?.state === 'string' ? s.state : 'UNKNOWN',
            ...(typeof s?.offset === 'number' ? { offset: s.offset } : {}),
            ...(typeof s?.ts === 'number' ? { ts: s.ts } : {}),
          };
        }),
    );
    return states;
  } finally {
    await http.close();
  }
}

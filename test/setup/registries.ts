// Starts the real registry servers once per run through scripts/registries and hands their URLs to tests.
// A server that cannot be installed or started fails the run: the real tier is never skipped.
import { execFileSync, spawnSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';

export interface RegistryUrls {
  axonopsSource: string;
  axonopsTarget: string;
  apicurio3: string;
  apicurio2: string;
  kafka: string; // bootstrap host:port
  karapace: string;
  karapace6: string; // Karapace 6.2.0, the current line, on its own topic
  karapaceRestored: string; // started by a test, over a topic it restored (scripts/registries: karapace-restored)
  karapaceBackupTool: string; // Karapace 5.2.0's karapace_schema_backup, from the cached build
  apicurioSerdes2: string; // jars of Apicurio's 2.x Avro serdes (scripts/apicurio-serdes/Serialize.java runs on them)
  apicurioSerdes3: string; // and of its 3.x serdes
  kafkaSasl: { bootstrap: string; username: string; password: string }; // the broker's SASL listener (PLAIN, SCRAM)
  kafkaTls: { bootstrap: string; caFile: string }; // its TLS listener, with the CA made at its start
  toxiproxy: string; // Toxiproxy's API: the fault tests put proxies with toxics between sr-parity and the servers
}

declare module 'vitest' {
  export interface ProvidedContext {
    registries: RegistryUrls;
  }
}

const SCRIPT = 'scripts/registries';

export default function setup(project: TestProject): () => void {
  // scripts/test.mjs starts the servers before this runs, and says which were up before it did
  const given = process.env.SRP_REGISTRIES_UP_BEFORE;
  const up = given ?? spawnSync('bash', [SCRIPT, 'up'], { encoding: 'utf8' }).stdout.trim().split('\n').join(',');
  const alreadyUp = new Set(up.split(',').filter(Boolean));
  const started = spawnSync('bash', [SCRIPT, 'start'], { stdio: 'inherit' });
  if (started.status !== 0) {
    throw new Error(
      `real registries could not be installed or started (exit ${started.status}); see the [registries] lines above`,
    );
  }
  project.provide(
    'registries',
    JSON.parse(execFileSync('bash', [SCRIPT, 'urls'], { encoding: 'utf8' })) as RegistryUrls,
  );
  return () => {
    // Stop only what this run started, so a developer's own running servers survive a test run.
    const all = [
      'axonops-source',
      'axonops-target',
      'apicurio3',
      'apicurio2',
      'kafka',
      'karapace',
      'karapace6',
      'toxiproxy',
    ];
    const ours = [...all.filter((n) => !alreadyUp.has(n)), 'karapace-restored'];
    if (ours.length) spawnSync('bash', [SCRIPT, 'stop', ...ours], { stdio: 'inherit' });
  };
}

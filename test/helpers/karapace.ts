// Karapace's own tools against the test broker: karapace_schema_backup (get, restore), a second Karapace over a
// restored topic (scripts/registries: karapace-restored), and topic deletion through the Kafka client it is built with.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export class KarapaceTools {
  constructor(
    private readonly kafka: string,
    private readonly backupTool: string,
  ) {}

  /** karapace_schema_backup; `topic` is the one it reads or restores into. Its exit code and stderr. */
  run(args: string[], topic = '_schemas'): { status: number | null; stderr: string } {
    const dir = mkdtempSync(join(tmpdir(), 'sr-karapace-cfg-'));
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ bootstrap_uri: this.kafka, topic_name: topic }));
    const r = spawnSync(this.backupTool, [...args, '--config', config], { encoding: 'utf8', timeout: 120_000 });
    return { status: r.status, stderr: r.stderr };
  }

  /** As `run`, throwing when the tool fails. */
  backup(args: string[], topic = '_schemas'): void {
    const r = this.run(args, topic);
    if (r.status !== 0) throw new Error(`karapace_schema_backup ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  }

  /** Starts a second Karapace over `topic` for the time of `body`. */
  async withRestored(topic: string, body: () => Promise<void>): Promise<void> {
    execFileSync('bash', ['scripts/registries', 'start', 'karapace-restored'], {
      env: { ...process.env, SRP_KARAPACE_RESTORED_TOPIC: topic },
      stdio: 'ignore',
    });
    try {
      await body();
    } finally {
      execFileSync('bash', ['scripts/registries', 'stop', 'karapace-restored'], { stdio: 'ignore' });
    }
  }

  /** Deletes a topic if the broker has it, and waits until it no longer does. */
  deleteTopic(topic: string): void {
    const python = join(dirname(this.backupTool), 'python');
    const script = [
      'import sys, time',
      'from confluent_kafka.admin import AdminClient',
      'admin = AdminClient({"bootstrap.servers": sys.argv[1]})',
      'if sys.argv[2] in admin.list_topics(timeout=10).topics:',
      '    admin.delete_topics([sys.argv[2]])[sys.argv[2]].result(30)',
      'while sys.argv[2] in admin.list_topics(timeout=10).topics: time.sleep(0.2)',
    ].join('\n');
    execFileSync(python, ['-c', script, this.kafka, topic], { stdio: 'ignore', timeout: 60_000 });
  }
}

// Each command's usage and one-line description, apart from its options and handler: `--help`, `--version` and shell
// completion list every command from here, and the command line loads only the module of the command it runs
// (src/cli/run.ts), so they start without the engine, the readers and the report writers.
export const COMMAND_TEXT = {
  compare: {
    usage: 'compare [source] [target]',
    describe: 'Compare two registries (URLs or snapshot files); exit 1 on drift',
  },
  snapshot: {
    usage: 'snapshot [source]',
    describe: 'Capture a registry (or convert a snapshot) into an sr-parity snapshot file; read-only',
  },
  verify: {
    usage: 'verify <spec>',
    describe: 'Run the checks a YAML spec declares; JUnit for CI; exit 1 when one fails',
  },
  records: {
    usage: 'records [source] [target]',
    describe: 'Check that records in Kafka resolve and decode on the target registry as on the source; exit 1 when not',
  },
  baseline: {
    usage: 'baseline',
    describe: 'Capture what a registry holds before a migration, for the `baseline` check',
  },
  apply: {
    usage: 'apply [source] [target]',
    describe:
      'Copy a registry into another over REST: prints the plan (dry run) unless --yes; resumable; ' +
      're-verifies afterwards',
  },
  watch: {
    usage: 'watch [source] [target]',
    describe:
      'Compare (or run a spec) again every --every, serving the verdict as Prometheus metrics; --until-in-sync ' +
      'waits for a target to catch up',
  },
  checks: { usage: 'checks', describe: 'List the check kinds a spec can use, with their findings' },
  schema: { usage: 'schema', describe: 'Print the JSON Schema of verify specs (for yaml-language-server)' },
} as const;

export type CommandName = keyof typeof COMMAND_TEXT;

import type { Argv } from 'yargs';
import { COMMAND_TEXT } from './names.js';
import { snapshot } from '../../workflows/snapshot.js';
import { plural } from '../../report/common.js';
import { oneSourceToFile, requireSource, sourceSpec, subjectFilter } from '../options.js';
import { cliHooks } from '../progress.js';

export function snapshotCommand(y: Argv) {
  return y.command(
    COMMAND_TEXT.snapshot.usage,
    COMMAND_TEXT.snapshot.describe,
    (y) =>
      oneSourceToFile(
        y.options({
          format: {
            choices: ['sr-parity', 'kora-audit'] as const,
            default: 'sr-parity' as const,
            describe:
              "sr-parity: this tool's snapshot (read back by every command); kora-audit: the audit JSON of Karapace " +
              '-> Kora migrations',
          },
        }),
        'snapshot file',
      )
        .example('$0 snapshot --url http://old:8081 -o before.json', 'capture a live registry')
        .example(
          '$0 snapshot --url http://karapace:8081 --format kora-audit -o audit.json',
          'the audit file Kora migration tooling reads',
        ),
    async (args) => {
      const source = sourceSpec(args, requireSource(args, 'snapshot'), '');
      const { output } = args;
      const format = args.format as 'sr-parity' | 'kora-audit';
      const done = await snapshot({ source, output, format, filter: subjectFilter(args) }, cliHooks(args.quiet));
      const s = done.summary;
      if (!args.quiet)
        process.stdout.write(
          `wrote ${output}: ${plural(s.subjects, 'subject')} (${s.subjectsDeleted} soft-deleted), ` +
            `${plural(s.versions, 'version')} (${s.versionsDeleted} soft-deleted), ` +
            `${plural(s.schemas, 'schema id')}, ` +
            `${plural(s.contexts, 'context')}${done.requests ? `, ${plural(done.requests, 'request')}` : ''}\n`,
        );
    },
  );
}

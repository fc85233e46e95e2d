import type { Argv } from 'yargs';
import { COMMAND_TEXT } from './names.js';
import { loadSource } from '../../sources/index.js';
import { writeAtomic, writeSnapshot } from '../../sources/files/write.js';
import { toKoraAudit } from '../../sources/files/kora-audit.js';
import { summarize } from '../../model/types.js';
import { oneSourceToFile, requireSource, sourceSpec, subjectFilter } from '../options.js';
import { progressReporter } from '../progress.js';
import { TOOL } from '../version.js';
import { plural } from '../../report/common.js';

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
      const src = requireSource(args, 'snapshot');
      const reg = await loadSource(
        sourceSpec(args, src, ''),
        subjectFilter(args),
        progressReporter('snapshot', !args.quiet),
      );
      if (args.format === 'kora-audit')
        await writeAtomic(args.output, `${JSON.stringify(toKoraAudit(reg), null, 1)}\n`);
      else await writeSnapshot(args.output, reg, TOOL);
      const s = summarize(reg);
      if (!args.quiet) {
        for (const note of reg.info.notes ?? []) process.stderr.write(`note: ${note}\n`);
        process.stdout.write(
          `wrote ${args.output}: ${plural(s.subjects, 'subject')} (${s.subjectsDeleted} soft-deleted), ` +
            `${plural(s.versions, 'version')} (${s.versionsDeleted} soft-deleted), ` +
            `${plural(s.schemas, 'schema id')}, ` +
            `${plural(s.contexts, 'context')}${reg.info.requests ? `, ${plural(reg.info.requests, 'request')}` : ''}\n`,
        );
      }
    },
  );
}

import type { Argv } from 'yargs';
import { COMMAND_TEXT } from './names.js';
import { captureBaseline } from '../../workflows/snapshot.js';
import { plural } from '../../report/common.js';
import { oneSourceToFile, requireSource, sourceSpec, subjectFilter } from '../options.js';
import { cliHooks } from '../progress.js';

export function baselineCommand(y: Argv) {
  return y.command(COMMAND_TEXT.baseline.usage, COMMAND_TEXT.baseline.describe, (y) =>
    y
      .command(
        'capture [source]',
        'Write counts and a content hash of every version (no schema texts); read-only',
        (y) =>
          oneSourceToFile(y, 'baseline file').example(
            '$0 baseline capture --url http://old:8081 -o baselines/before.json',
            'before the migration',
          ),
        async (args) => {
          const source = sourceSpec(args, requireSource(args, 'baseline capture'), '');
          const done = await captureBaseline(
            { source, output: args.output, filter: subjectFilter(args) },
            cliHooks(args.quiet),
          );
          if (!args.quiet)
            process.stdout.write(
              `wrote ${args.output}: ${plural(done.summary.subjects, 'subject')}, ` +
                `${plural(done.summary.versions, 'version')} hashed\n`,
            );
        },
      )
      .demandCommand(1, 'Name an action: capture.'),
  );
}

import type { Argv } from 'yargs';
import { COMMAND_TEXT } from './names.js';
import { loadSource } from '../../sources/index.js';
import { plural } from '../../report/common.js';
import { writeAtomic } from '../../sources/files/write.js';
import { toBaseline } from '../../normalize/baseline.js';
import { oneSourceToFile, requireSource, sourceSpec, subjectFilter } from '../options.js';
import { progressReporter } from '../progress.js';
import { TOOL } from '../version.js';

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
          const src = requireSource(args, 'baseline capture');
          const reg = await loadSource(
            sourceSpec(args, src, ''),
            subjectFilter(args),
            progressReporter('baseline', !args.quiet),
          );
          const base = toBaseline(reg, TOOL);
          await writeAtomic(args.output, `${JSON.stringify(base, null, 1)}\n`);
          if (!args.quiet)
            process.stdout.write(
              `wrote ${args.output}: ${plural(base.summary.subjects, 'subject')}, ` +
                `${plural(base.summary.versions, 'version')} hashed\n`,
            );
        },
      )
      .demandCommand(1, 'Name an action: capture.'),
  );
}

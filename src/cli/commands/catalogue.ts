import type { Argv } from 'yargs';
import { COMMAND_TEXT } from './names.js';
import { checkKinds, specSchema } from '../../workflows/catalogue.js';

export function checksCommand(y: Argv) {
  return y.command(
    COMMAND_TEXT.checks.usage,
    COMMAND_TEXT.checks.describe,
    (y) => y.option('format', { choices: ['text', 'json'] as const, default: 'text' as const }),
    (args) => {
      if (args.format === 'json') {
        process.stdout.write(`${JSON.stringify(checkKinds(), null, 2)}\n`);
        return;
      }
      for (const c of checkKinds()) {
        process.stdout.write(`${c.kind} (${SCOPE_LABEL[c.scope]})\n  ${c.description}\n`);
        const params = Object.keys(c.params ?? {});
        if (params.length)
          process.stdout.write(
            `  params: ${params.map((p) => (c.required?.includes(p) ? `${p} (required)` : p)).join(', ')}\n`,
          );
        process.stdout.write(`  findings: ${c.findings.map((f) => `${f.id} [${f.severity}]`).join(', ')}\n\n`);
      }
    },
  );
}

export function schemaCommand(y: Argv) {
  return y.command(COMMAND_TEXT.schema.usage, COMMAND_TEXT.schema.describe, {}, () => {
    process.stdout.write(`${JSON.stringify(specSchema(), null, 2)}\n`);
  });
}

const SCOPE_LABEL = { pair: 'source vs target', single: 'one source', probe: 'endpoint' } as const;

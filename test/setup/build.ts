// CLI tests run the built binary as a process, so build once before any test.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  if (process.env.SRP_BUILT === '1') return; // built by scripts/test.mjs, which runs two vitest runs at once
  execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
}

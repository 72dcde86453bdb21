import type { RedriveOptions } from './run.js';

/** The arguments of `redrive-exports` (the web container's re-drive of accepted exports that went missing). */
export function parseRedriveArgs(argv: readonly string[]): { help: true } | { help: false; options: RedriveOptions } | { error: string } {
  const options: RedriveOptions = { dryRun: false, settleMs: 2000, intervalMs: 200 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { help: true };
    if (arg === '--dry-run' || arg === '-n') options.dryRun = true;
    else if (arg === '--settle-ms') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 0 || value > 60_000) return { error: '--settle-ms takes a whole number of milliseconds from 0 to 60000' };
      options.settleMs = value;
    } else return { error: `unknown argument "${arg}"` };
  }
  return { help: false, options };
}

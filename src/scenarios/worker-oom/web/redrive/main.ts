import { hostname } from 'node:os';
import { connectRedis } from '../../broker/redis.js';
import { readConfig } from '../config.js';
import { Ledger } from '../ledger.js';
import { redrive, type RedriveOptions } from './run.js';
import { outcomeLines, REDRIVE_HELP } from './text.js';

/** `redrive-exports` in the web container: the operator's re-drive of accepted exports that went missing. */
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

async function main(): Promise<number> {
  const parsed = parseRedriveArgs(process.argv.slice(2));
  if ('error' in parsed) {
    process.stderr.write(`redrive-exports: ${parsed.error}\n${REDRIVE_HELP}`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(REDRIVE_HELP);
    return 0;
  }
  const config = readConfig();
  const { ledger } = await Ledger.open(config.ledgerPath);
  const redis = connectRedis(config.redisUrl);
  redis.on('error', () => {});
  try {
    await redis.connect();
    const outcome = await redrive({ ledger: ledger.all(), redis, exportsDir: config.exportsDir, origin: `redrive@${hostname()}` }, parsed.options);
    process.stdout.write(outcomeLines(outcome, parsed.options).join('\n') + '\n');
    return outcome.refused.length > 0 ? 1 : 0;
  } finally {
    redis.disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`redrive-exports: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(3);
  },
);

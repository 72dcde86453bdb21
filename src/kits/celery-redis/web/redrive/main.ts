import { hostname } from 'node:os';
import { connectRedis } from '../../broker/redis.js';
import { readConfig } from '../config.js';
import { Ledger } from '../ledger.js';
import { parseRedriveArgs } from './main-args.js';
import { redrive } from './run.js';
import { outcomeLines, REDRIVE_HELP } from './text.js';

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

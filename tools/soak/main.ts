import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labCli } from '../playthrough/learner.js';
import { type RoundResult, soakRound } from './round.js';
import { roundLine, soakSummary } from './summary.js';

/**
 * The soak: N rounds of up/reset -> the card's fix -> `check --wait`, then a last reset, on the
 * real stack; prints each round's times, the medians and maxima, and every round whose broken
 * state or grade was wrong (exit 1 then). Not part of CI: 20 rounds take a quarter of an hour.
 *   npm run soak -- --cycles N
 */
function cycles(argv: string[]): number {
  const at = argv.indexOf('--cycles');
  if (at < 0) return 5;
  const value = Number(argv[at + 1]);
  if (!Number.isInteger(value) || value < 1 || value > 1000) {
    process.stderr.write(`error: --cycles takes a whole number from 1 to 1000, got "${argv[at + 1] ?? ''}"\nexample: npm run soak -- --cycles 20\n`);
    process.exit(2);
  }
  return value;
}

const count = cycles(process.argv);
const sitePort = 8080;
const env = {
  ...process.env,
  ASYNC_OUTAGE_LAB_HOME: process.env.ASYNC_OUTAGE_LAB_HOME ?? mkdtempSync(join(tmpdir(), 'aol-soak-')),
  NO_COLOR: '1',
  CI: process.env.CI ?? 'true',
};
process.stdout.write(`soak: ${count} round(s) of up/reset -> the fix -> check --wait\n`);
const started = performance.now();
const rounds: RoundResult[] = [];
for (let index = 0; index < count; index++) {
  const round = await soakRound(index, env, sitePort);
  rounds.push(round);
  process.stdout.write(`${roundLine(round)}\n`);
}
const last = await labCli(['reset'], env);
if (last.exitCode !== 0) process.stdout.write(`the last reset exited ${last.exitCode}\n`);
process.stdout.write(`\n${soakSummary(rounds, performance.now() - started).join('\n')}\n`);
process.exit(rounds.some((round) => round.problems.length > 0) || last.exitCode !== 0 ? 1 : 0);

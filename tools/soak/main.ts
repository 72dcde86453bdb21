import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalog, DEFAULT_SCENARIO_ID } from '../../src/scenarios/index.js';
import { labCli } from '../playthrough/learner.js';
import { playthroughScripts } from '../playthrough/scripts/index.js';
import { requireToolArgs } from '../tool-args.js';
import { parseSoakOptions, SOAK_USAGE } from './options.js';
import { type RoundResult, soakRound } from './round.js';
import { roundLine, soakSummary } from './summary.js';
import { type UpRoundResult, upRound } from './up-round.js';
import { upOnlySummary, upRoundLine } from './up-summary.js';

/**
 * The soak, on the real stack: N rounds of up/reset -> the card's fix (the outage's playthrough
 * script) -> `check --wait`, then a last reset; prints each round's times, the medians and maxima,
 * and every round whose broken state or grade was wrong (exit 1 then). With --up-only, rounds of
 * `up <id>`/`reset` alone: each exit code and wall time, and every failed round's last lines.
 * Not part of CI: 20 rounds take a quarter of an hour.
 */
requireToolArgs(process.argv.slice(2), { valued: ['--scenario', '--cycles'], bare: ['--up-only'] }, SOAK_USAGE);
const options = parseSoakOptions(process.argv.slice(2), catalog.ids, DEFAULT_SCENARIO_ID);
if ('error' in options) {
  process.stderr.write(`error: ${options.error}\nusage: ${SOAK_USAGE}\n`);
  process.exit(2);
}
const { cycles, scenarioId, upOnly } = options;
const script = playthroughScripts[scenarioId];
if (!upOnly && !script) {
  process.stderr.write(`error: no card fix is scripted for "${scenarioId}" (tools/playthrough/scripts/); --up-only soaks its up alone\n`);
  process.exit(2);
}
const sitePort = 8080;
const env = {
  ...process.env,
  ASYNC_OUTAGE_LAB_HOME: process.env.ASYNC_OUTAGE_LAB_HOME ?? mkdtempSync(join(tmpdir(), 'aol-soak-')),
  NO_COLOR: '1',
  CI: process.env.CI ?? 'true',
};
const started = performance.now();
let failed: boolean;
if (upOnly) {
  process.stdout.write(`soak ${scenarioId}: ${cycles} round(s) of up/reset to the confirmed broken state\n`);
  const rounds: UpRoundResult[] = [];
  for (let index = 0; index < cycles; index++) {
    const round = await upRound(index, scenarioId, env);
    rounds.push(round);
    process.stdout.write(`${upRoundLine(round)}\n`);
  }
  process.stdout.write(`\n${upOnlySummary(rounds, performance.now() - started).join('\n')}\n`);
  failed = rounds.some((round) => round.exitCode !== 0);
} else {
  process.stdout.write(`soak ${scenarioId}: ${cycles} round(s) of up/reset -> the fix -> check --wait\n`);
  const rounds: RoundResult[] = [];
  for (let index = 0; index < cycles; index++) {
    const round = await soakRound(index, scenarioId, script!, env, sitePort);
    rounds.push(round);
    process.stdout.write(`${roundLine(round)}\n`);
  }
  const last = await labCli(['reset'], env);
  if (last.exitCode !== 0) process.stdout.write(`the last reset exited ${last.exitCode}\n`);
  process.stdout.write(`\n${soakSummary(rounds, performance.now() - started).join('\n')}\n`);
  failed = rounds.some((round) => round.problems.length > 0) || last.exitCode !== 0;
}
process.exit(failed ? 1 : 0);

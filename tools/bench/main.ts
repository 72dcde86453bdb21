import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compose } from '../../src/docker/compose.js';
import { ExitCode } from '../../src/errors.js';
import { median, seconds, timed } from '../../src/measure.js';
import { composeRun } from '../../src/scenarios/worker-oom/stage.js';
import { dockerCli, labCli } from '../playthrough/learner.js';
import { requireToolArgs } from '../tool-args.js';

/**
 * Measures the lab's speed on this machine and prints medians (these machines are noisy):
 * `up` and `reset` to the confirmed broken state with their per-step split, seeding, `check`
 * verdicts, and a plain `docker compose up -d` of the same stack for a ratio.
 *   npm run bench -- [--runs N]
 */

const USAGE = 'npm run bench -- [--runs N]';

/** --runs N: a whole number from 1; anything else ends the run as a usage error (exit 2) before the lab is touched. */
function parseRuns(argv: readonly string[]): number {
  const at = argv.indexOf('--runs');
  if (at < 0) return 5;
  // requireToolArgs has refused a --runs without its value.
  const raw = argv[at + 1] ?? '';
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    process.stderr.write(`error: --runs must be a whole number of at least 1, got "${raw}"\nusage: ${USAGE}\n`);
    process.exit(ExitCode.usage);
  }
  return Number(raw);
}

requireToolArgs(process.argv.slice(2), { valued: ['--runs'] }, USAGE);
const runs = parseRuns(process.argv);
const env = { ...process.env, ASYNC_OUTAGE_LAB_HOME: mkdtempSync(join(tmpdir(), 'aol-bench-')), NO_COLOR: '1', CI: 'true' };

const s = (ms: number) => seconds(ms);

interface UpJson {
  totalMs: number;
  seedMs: number;
  steps: Array<{ step: string; ms: number }>;
}

async function labJson(args: string[]): Promise<[number, UpJson]> {
  const [ms, result] = await timed(() => labCli([...args, '--json'], env));
  if (result.exitCode !== 0) throw new Error(`${args.join(' ')} exited ${result.exitCode}:\n${result.all}`);
  return [ms, JSON.parse(result.stdout) as UpJson];
}

const upWall: number[] = [];
const resetWall: number[] = [];
const seed: number[] = [];
const plain: number[] = [];
const checkDead: number[] = [];
const checkFixed: number[] = [];
const stepTimes = new Map<string, number[]>();

await labCli(['down'], env);
// A first up builds the images if needed; it is not counted.
await labJson(['up']);
for (let i = 0; i < runs; i++) {
  const [upMs, up] = await labJson(['up', '--force']);
  upWall.push(upMs);
  seed.push(up.seedMs);
  for (const step of up.steps) stepTimes.set(step.step, [...(stepTimes.get(step.step) ?? []), step.ms]);
  const [deadMs, dead] = await timed(() => labCli(['check', '--json', '--component', 'worker', '--cause', 'oom-killed'], env));
  if (dead.exitCode !== 1) throw new Error(`check on the broken lab exited ${dead.exitCode}`);
  checkDead.push(deadMs);
  await dockerCli('update', '--memory', '512m', '--memory-swap', '512m', 'worker');
  await dockerCli('start', 'worker');
  const [fixedMs] = await timed(() => labCli(['check', '--json'], env));
  checkFixed.push(fixedMs);
  const [resetMs] = await labJson(['reset']);
  resetWall.push(resetMs);
}
await labCli(['down'], env);

// The same stack with a plain `compose up -d` (no seeding, no waiting for anything).
const settings = composeRun({ sitePort: 8080, trafficIntervalMs: 3000, labToken: 'bench', redisPassword: randomBytes(24).toString('hex') });
for (let i = 0; i < runs; i++) {
  const [ms] = await timed(() => compose(['up', '--detach', '--no-build'], settings, 'plain compose up'));
  plain.push(ms);
  await compose(['down', '--volumes', '--timeout', '3'], settings, 'plain compose down');
}

const lines = [
  `async-outage-lab benchmark: ${runs} runs each, medians (min-max)`,
  `  up to the confirmed broken state     ${s(median(upWall))} (${s(Math.min(...upWall))}-${s(Math.max(...upWall))})`,
  ...[...stepTimes].map(([step, values]) => `      ${step.padEnd(50)} ${s(median(values))}`),
  `  reset to the confirmed broken state  ${s(median(resetWall))} (${s(Math.min(...resetWall))}-${s(Math.max(...resetWall))})`,
  `  seeding 1,487 jobs (web: ledger + pipelined LPUSH)   ${median(seed).toFixed(0)} ms (${Math.min(...seed).toFixed(0)}-${Math.max(...seed).toFixed(0)} ms)`,
  `  check, worker still dead              ${s(median(checkDead))}`,
  `  check, worker fixed (drain window)    ${s(median(checkFixed))}`,
  `  plain \`compose up -d\` of the stack    ${s(median(plain))}`,
  `  ratio up / plain compose up           ${(median(upWall) / median(plain)).toFixed(2)}x`,
];
process.stdout.write(`${lines.join('\n')}\n`);

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkReportSchema, type CheckReport } from '../../src/scenarios/worker-oom/report.js';
import { brokenStateMismatches, dockerCli, labCli, observeBrokenState, queueLength } from './learner.js';

/**
 * The lab plays itself: a learner's whole session against real Docker, through the lab's CLI and
 * the docker CLI only. Prints a report and exits non-zero on the first mismatch.
 *   npm run playthrough -- [--scenario worker-oom] [--web-port N]
 */
const scenarioArg = process.argv.indexOf('--scenario');
const scenarioId = scenarioArg > 0 ? (process.argv[scenarioArg + 1] ?? '') : 'worker-oom';
// The script below is worker-oom's session; another outage gets its own script beside it.
if (scenarioId !== 'worker-oom') {
  process.stderr.write(`error: no scripted playthrough for "${scenarioId}" yet; it knows worker-oom\n`);
  process.exit(2);
}
const portArg = process.argv.indexOf('--web-port');
const webPort = portArg > 0 ? Number(process.argv[portArg + 1]) : 8080;
const home = process.env.ASYNC_OUTAGE_LAB_HOME ?? mkdtempSync(join(tmpdir(), 'aol-playthrough-'));
const env = { ...process.env, ASYNC_OUTAGE_LAB_HOME: home, NO_COLOR: '1', CI: process.env.CI ?? 'true' };

interface StepRecord {
  step: string;
  ms: number;
  ok: boolean;
  detail: string;
}
const steps: StepRecord[] = [];
let finalReport: CheckReport | undefined;

class Mismatch extends Error {}

async function step(name: string, run: () => Promise<string>): Promise<void> {
  const started = Date.now();
  process.stdout.write(`… ${name}\n`);
  try {
    const detail = await run();
    steps.push({ step: name, ms: Date.now() - started, ok: true, detail });
    process.stdout.write(`✔ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s) ${detail}\n`);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    steps.push({ step: name, ms: Date.now() - started, ok: false, detail });
    process.stdout.write(`✘ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n  ${detail.split('\n').join('\n  ')}\n`);
    throw new Mismatch(name);
  }
}

const expectExit = (what: string, result: { exitCode: number; all: string }, code: number) => {
  if (result.exitCode !== code) throw new Error(`${what} exited ${result.exitCode}, expected ${code}\n${result.all.split('\n').slice(-25).join('\n')}`);
};

let checks = 0;
async function check(args: string[], expectedExit: number): Promise<CheckReport> {
  const result = await labCli(['check', '--json', ...args], env);
  // CI keeps every report as an artifact when a leg fails.
  if (process.env.AOL_REPORT_DIR) writeFileSync(join(process.env.AOL_REPORT_DIR, `check-${++checks}.json`), result.stdout);
  expectExit(`check ${args.join(' ')}`, result, expectedExit);
  return checkReportSchema.parse(JSON.parse(result.stdout));
}

const failing = (report: CheckReport): string[] => report.criteria.filter((c) => !c.passed).map((c) => c.id);

async function expectBroken(): Promise<string> {
  const seen = await observeBrokenState(webPort);
  const problems = brokenStateMismatches(seen);
  if (problems.length) throw new Error(problems.join('\n'));
  return `web ${seen.statuses.web}; worker ${seen.statuses.worker}; OOMKilled/ExitCode ${seen.oomAndExit}; LLEN ${seen.depth} -> ${seen.depthLater}`;
}

async function play(): Promise<void> {
  await step('start from nothing (down)', async () => {
    expectExit('down', await labCli(['down'], env), 0);
    return 'clean';
  });
  await step('up: build, start, break', async () => {
    const result = await labCli(['up', scenarioId, '--json', '--web-port', String(webPort)], env);
    expectExit('up', result, 0);
    const up = JSON.parse(result.stdout) as { totalMs: number; steps: Array<{ step: string; ms: number }> };
    return `in ${(up.totalMs / 1000).toFixed(1)} s (${up.steps.map((s) => `${s.step}: ${(s.ms / 1000).toFixed(1)}`).join('; ')})`;
  });
  await step('the learner sees the broken state', expectBroken);
  await step('check before any fix: not solved, worker and drain fail', async () => {
    const report = await check(['--component', 'worker', '--cause', 'oom-killed'], 1);
    const fails = failing(report);
    for (const id of ['worker-headroom', 'backlog-draining']) if (!fails.includes(id)) throw new Error(`${id} passed without a fix`);
    if (!report.criteria.find((c) => c.id === 'root-cause')?.passed) throw new Error('the right root cause was not accepted');
    return `failing: ${fails.join(', ')}`;
  });
  await step('wrong fix (restart web, start worker as it is): graded wrong', async () => {
    expectExit('shell -c', await labCli(['shell', '-c', 'docker restart web && docker start worker'], env), 0);
    const report = await check([], 1);
    const fails = failing(report);
    for (const id of ['web-redis-untouched', 'worker-headroom']) if (!fails.includes(id)) throw new Error(`${id} passed after the wrong fix`);
    if (!report.transcript.some((entry) => entry.command.includes('restart web') && entry.ruleBreak))
      throw new Error('the transcript does not mark `docker restart web`');
    return `failing: ${fails.join(', ')}; transcript marks docker restart web`;
  });
  await step('reset: the outage is back', async () => {
    expectExit('reset', await labCli(['reset', '--json'], env), 0);
    return expectBroken();
  });
  await step("the card's fix through the recording shim", async () => {
    const fix = await labCli(['shell', '-c', 'docker update --memory 512m --memory-swap 512m worker && docker start worker'], env);
    expectExit('shell -c (fix)', fix, 0);
    const history = await labCli(['history', '--json'], env);
    expectExit('history', history, 0);
    const entries = (JSON.parse(history.stdout) as { entries: Array<{ argv: string[] }> }).entries;
    if (entries.length !== 2) throw new Error(`history has ${entries.length} entries, expected the 2 fix commands`);
    return `recorded: ${entries.map((e) => `docker ${e.argv.join(' ')}`).join('; ')}`;
  });
  await step('check --wait: solved, the queue reaches 0', async () => {
    finalReport = await check(['--wait', '--component', 'worker', '--cause', 'oom-killed'], 0);
    const depth = await queueLength();
    if (depth > 3) throw new Error(`LLEN celery is ${depth} after the drain`);
    return `${finalReport.passed}/${finalReport.total} criteria; LLEN celery now ${depth}`;
  });
  await step('reset gives the broken state again', async () => {
    expectExit('reset', await labCli(['reset'], env), 0);
    return expectBroken();
  });
  await step('down leaves nothing behind', async () => {
    expectExit('down', await labCli(['down'], env), 0);
    const left: string[] = [];
    for (const kind of [
      ['ps', '-a'],
      ['volume', 'ls'],
      ['network', 'ls'],
    ]) {
      const listed = await dockerCli(...kind, '--filter', 'label=com.docker.compose.project=async-outage-lab', '--quiet');
      if (listed.out) left.push(`${kind.join(' ')}: ${listed.out.replace(/\n/g, ' ')}`);
    }
    if (left.length) throw new Error(`left behind: ${left.join('; ')}`);
    return 'no container, volume or network with the lab label';
  });
}

const started = Date.now();
let failed = false;
try {
  await play();
} catch (error) {
  failed = true;
  if (!(error instanceof Mismatch)) process.stdout.write(`✘ playthrough crashed: ${error instanceof Error ? error.stack : String(error)}\n`);
}
const total = (Date.now() - started) / 1000;
process.stdout.write('\nPlaythrough report\n');
for (const s of steps) process.stdout.write(`  ${s.ok ? '✔' : '✘'} ${(s.ms / 1000).toFixed(1).padStart(6)} s  ${s.step}\n`);
if (finalReport) {
  process.stdout.write('  final check:\n');
  for (const c of finalReport.criteria) process.stdout.write(`    ${c.passed ? '✔' : '✘'} ${c.title}: ${c.evidence[0] ?? ''}\n`);
}
process.stdout.write(`playthrough: ${failed ? 'FAILED' : 'passed'} in ${total.toFixed(1)} s (${steps.filter((s) => s.ok).length} of ${steps.length} steps)\n`);
process.exitCode = failed ? 1 : 0;

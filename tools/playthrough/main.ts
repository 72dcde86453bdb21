import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerCli, labCli } from './learner.js';
import { requireToolArgs } from '../tool-args.js';
import { playthroughScripts } from './scripts/index.js';

/**
 * The lab plays itself: a learner's whole session against real Docker, through the lab's CLI and
 * the docker CLI only. Prints a report and exits non-zero on the first mismatch.
 * The session is the same for every outage; what differs (the cause, the broken state, a wrong
 * fix, the card's fix) is the outage's script in scripts/.
 *   npm run playthrough -- [--scenario ID] [--port N]
 */
requireToolArgs(process.argv.slice(2), { valued: ['--scenario', '--port'] }, 'npm run playthrough -- [--scenario ID] [--port N]');
const scenarioArg = process.argv.indexOf('--scenario');
const scenarioId = scenarioArg > 0 ? (process.argv[scenarioArg + 1] ?? '') : 'worker-oom';
const found = playthroughScripts[scenarioId];
if (!found) {
  process.stderr.write(`error: no scripted playthrough for "${scenarioId}"; there is one for ${Object.keys(playthroughScripts).join(', ')}\n`);
  process.exit(2);
}
const script = found;
const statement = ['--component', script.statement[0], '--cause', script.statement[1]];
const portArg = process.argv.indexOf('--port');
const sitePort = portArg > 0 ? Number(process.argv[portArg + 1]) : 8080;
const home = process.env.ASYNC_OUTAGE_LAB_HOME ?? mkdtempSync(join(tmpdir(), 'aol-playthrough-'));
const env = { ...process.env, ASYNC_OUTAGE_LAB_HOME: home, NO_COLOR: '1', CI: process.env.CI ?? 'true' };

interface StepRecord {
  step: string;
  ms: number;
  ok: boolean;
  detail: string;
}
const steps: StepRecord[] = [];
/** What the playthrough reads of `check --json` (the fields every outage's report has). */
interface CheckReport {
  criteria: Array<{ id: string; title: string; passed: boolean; evidence: string[] }>;
  passed: number;
  total: number;
  transcript: Array<{ command: string; ruleBreak?: string }>;
}
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
  return JSON.parse(result.stdout) as CheckReport;
}

const failing = (report: CheckReport): string[] => report.criteria.filter((c) => !c.passed).map((c) => c.id);

const expectBroken = () => script.brokenState(sitePort);

async function play(): Promise<void> {
  await step('start from nothing (down)', async () => {
    expectExit('down', await labCli(['down'], env), 0);
    return 'clean';
  });
  await step(`up ${scenarioId}: build, start, break`, async () => {
    const result = await labCli(['up', scenarioId, '--json', '--port', String(sitePort)], env);
    expectExit('up', result, 0);
    const up = JSON.parse(result.stdout) as { totalMs: number; steps: Array<{ step: string; ms: number }> };
    return `in ${(up.totalMs / 1000).toFixed(1)} s (${up.steps.map((s) => `${s.step}: ${(s.ms / 1000).toFixed(1)}`).join('; ')})`;
  });
  await step('the learner sees the broken state', expectBroken);
  await step(`check before any fix: not solved, ${script.failingBeforeFix.join(' and ')} fail`, async () => {
    const report = await check(statement, 1);
    const fails = failing(report);
    for (const id of script.failingBeforeFix) if (!fails.includes(id)) throw new Error(`${id} passed without a fix`);
    if (!report.criteria.find((c) => c.id === 'root-cause')?.passed) throw new Error('the right root cause was not accepted');
    return `failing: ${fails.join(', ')}`;
  });
  await step(`wrong fix (${script.wrongFix.name}): graded wrong`, async () => {
    expectExit('shell -c', await labCli(['shell', '-c', script.wrongFix.command], env), 0);
    const report = await check([], 1);
    const fails = failing(report);
    for (const id of script.wrongFix.failing) if (!fails.includes(id)) throw new Error(`${id} passed after the wrong fix`);
    const marked = script.wrongFix.ruleBreak;
    if (marked && !report.transcript.some((entry) => marked.test(entry.command) && entry.ruleBreak))
      throw new Error(`the transcript does not mark a command matching ${marked}`);
    return `failing: ${fails.join(', ')}${marked ? `; the transcript marks ${marked.source}` : ''}`;
  });
  await step('reset: the outage is back', async () => {
    expectExit('reset', await labCli(['reset', '--json'], env), 0);
    return expectBroken();
  });
  await step("the card's fix through the recording shim", async () => {
    const fix = await labCli(['shell', '-c', script.fix.command], env);
    expectExit('shell -c (fix)', fix, 0);
    const history = await labCli(['history', '--json'], env);
    expectExit('history', history, 0);
    const entries = (JSON.parse(history.stdout) as { entries: Array<{ argv: string[] }> }).entries;
    if (entries.length !== script.fix.recorded) throw new Error(`history has ${entries.length} entries, expected the ${script.fix.recorded} fix commands`);
    return `recorded: ${entries.map((e) => `docker ${e.argv.join(' ')}`).join('; ')}`;
  });
  await step('check --wait: solved', async () => {
    finalReport = await check(['--wait', ...statement], 0);
    return `${finalReport.passed}/${finalReport.total} criteria; ${await script.afterFix()}`;
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
process.stdout.write(`\nPlaythrough report (${scenarioId})\n`);
for (const s of steps) process.stdout.write(`  ${s.ok ? '✔' : '✘'} ${(s.ms / 1000).toFixed(1).padStart(6)} s  ${s.step}\n`);
if (finalReport) {
  process.stdout.write('  final check:\n');
  for (const c of finalReport.criteria) process.stdout.write(`    ${c.passed ? '✔' : '✘'} ${c.title}: ${c.evidence[0] ?? ''}\n`);
}
process.stdout.write(
  `playthrough ${scenarioId}: ${failed ? 'FAILED' : 'passed'} in ${total.toFixed(1)} s (${steps.filter((s) => s.ok).length} of ${steps.length} steps)\n`,
);
process.exitCode = failed ? 1 : 0;

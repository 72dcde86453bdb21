import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../../src/kits/celery-redis/backlog.js';
import { labCli } from '../playthrough/learner.js';
import { requireToolArgs } from '../tool-args.js';
import { vocabularyFor } from './vocabularies.js';

/**
 * The randomized learner: K random sequences of docker actions, each from a fresh outage, graded
 * by the real `check --wait` and compared with the oracle. Exits 1 on any disagreement.
 *   npm run explore -- [--scenario ID] --seed N --paths K [--only I] [--backlog B]
 */
requireToolArgs(
  process.argv.slice(2),
  { valued: ['--scenario', '--seed', '--paths', '--only', '--backlog'] },
  'npm run explore -- [--scenario ID] --seed N --paths K [--only I] [--backlog B]',
);
const scenarioAt = process.argv.indexOf('--scenario');
const scenarioId = scenarioAt < 0 ? 'worker-oom' : (process.argv[scenarioAt + 1] ?? '');
const vocabulary = vocabularyFor(scenarioId);
const { randomPath, observe, judge, statement } = vocabulary;
function flag<F extends number | undefined>(name: string, fallback: F): number | F {
  const at = process.argv.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 0) {
    process.stderr.write(`error: ${name} takes a whole number, got "${process.argv[at + 1] ?? ''}"\n`);
    process.exit(2);
  }
  return value;
}

const seed = flag('--seed', Date.now() % 100_000);
const count = flag('--paths', 4);
const only = flag('--only', -1);
// `up` stages the outage's own busy hour unless the vocabulary (or the command line) names another.
const backlog = flag('--backlog', vocabulary.backlog);
const backlogArgs = backlog === undefined ? [] : ['--backlog', String(backlog)];
const home = process.env.ASYNC_OUTAGE_LAB_HOME ?? mkdtempSync(join(tmpdir(), 'aol-explore-'));
const env = { ...process.env, ASYNC_OUTAGE_LAB_HOME: home, NO_COLOR: '1', CI: process.env.CI ?? 'true' };

interface Report {
  criteria: Array<{ id: string; passed: boolean; evidence: string[] }>;
  solved: boolean;
}

process.stdout.write(`explore: ${scenarioId}, seed ${seed}, ${count} path(s), backlog ${backlog ?? "the outage's default"}\n`);
const random = seededRandom(seed);
let disagreements = 0;
const started = Date.now();
for (let index = 0; index < count; index++) {
  const path = randomPath(random);
  if (only >= 0 && index !== only) continue;
  const pathStarted = Date.now();
  process.stdout.write(`\npath ${index}: ${path.map((step) => step.name).join(' → ')}\n`);
  const reset = await labCli(['up', scenarioId, '--force', ...backlogArgs], env);
  if (reset.exitCode !== 0) {
    process.stdout.write(`  reset failed (exit ${reset.exitCode}):\n${reset.all.split('\n').slice(-10).join('\n')}\n`);
    process.exit(4);
  }
  const before = await observe();
  for (const step of path) {
    const ran = await step
      .run()
      .catch((error: unknown) => ({ commands: [{ command: `${step.name}: ${error instanceof Error ? error.message : String(error)}`, exitCode: -1 }] }));
    for (const command of ran.commands) process.stdout.write(`  ${command.command}  (exit ${command.exitCode})\n`);
  }
  const grade = await labCli(['check', '--json', '--wait', '--timeout', '120', ...statement], env);
  let report: Report | undefined;
  try {
    report = JSON.parse(grade.stdout) as Report;
  } catch {
    process.stdout.write(`  check printed no report (exit ${grade.exitCode}):\n${grade.all.split('\n').slice(-10).join('\n')}\n`);
  }
  const oracle = await judge(before);
  const failing = report?.criteria.filter((c) => !c.passed).map((c) => c.id) ?? ['(no report)'];
  const graded = grade.exitCode === 0;
  process.stdout.write(`  grade: exit ${grade.exitCode}${failing.length ? `, failing ${failing.join(', ')}` : ', solved'}\n`);
  process.stdout.write(`  oracle: ${oracle.solved ? 'solved' : `not solved (${oracle.reasons.join('; ')})`}\n`);
  if (graded !== oracle.solved || (grade.exitCode !== 0 && grade.exitCode !== 1)) {
    disagreements++;
    process.stdout.write(
      `  ✘ DISAGREEMENT. Replay: npm run explore -- --scenario ${scenarioId} --seed ${seed} --paths ${count} --only ${index}${backlogArgs.map((arg) => ` ${arg}`).join('')}\n`,
    );
    for (const criterion of report?.criteria.filter((c) => !c.passed) ?? []) process.stdout.write(`    ${criterion.id}: ${criterion.evidence.join(' | ')}\n`);
  } else {
    process.stdout.write(`  ✔ agree (${((Date.now() - pathStarted) / 1000).toFixed(1)} s)\n`);
  }
}
process.stdout.write(`\nexplore: seed ${seed}, ${count} path(s), ${disagreements} disagreement(s), ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
process.exit(disagreements > 0 ? 1 : 0);

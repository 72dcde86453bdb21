import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playthroughScripts } from '../../tools/playthrough/scripts/index.js';
import { classroomRows, SANDBOX_LABEL } from './classroom-rows.js';
import { docker, eventually, lab } from './harness.js';

/**
 * The classroom holds and grades the newer outages as it does the default one (90-classroom):
 * one learner's sandbox, the outage brought up inside it, graded from outside as investigating,
 * the card's fix typed in the learner's shell (the playthrough's own commands and statement),
 * graded solved, and `down` leaves nothing. One outage per run, chosen by the explorer's seed
 * (AOL_EXPLORE_SEED; poison-loop without one), so that successive runs cover each. Needs root, as
 * the classroom does. redis-eviction's last criterion needs the burst `check --wait` sends: the
 * learner runs it, and the table's plain `check` judges by the burst it kept.
 */
const OUTAGES = ['poison-loop', 'partitioned-worker', 'redis-eviction'] as const;
/** How the learner states the cause: redis-eviction's learner follows the drain, which sends the burst. */
const checkFlags = (id: string) => (id === 'redis-eviction' ? '--wait ' : '');
const seed = Number(process.env.AOL_EXPLORE_SEED);
const scenarioId = Number.isInteger(seed) ? OUTAGES[Math.abs(seed) % OUTAGES.length]! : OUTAGES[0];
const script = playthroughScripts[scenarioId]!;
/** How long the fixed lab may take to drain and be graded solved (measured with two learners: 33 s for poison-loop, 51 s for partitioned-worker). */
const SOLVED_WITHIN_MS = 240_000;

describe(`classroom: ${scenarioId} held and graded from outside`, () => {
  beforeAll(async () => {
    process.stdout.write(`classroom outage: ${scenarioId} (AOL_EXPLORE_SEED=${process.env.AOL_EXPLORE_SEED ?? 'unset'})\n`);
    expect(process.getuid?.(), "the classroom test needs root (it enters sandboxes' networks)").toBe(0);
    const left = await docker('ps', '-aq', '--filter', `label=${SANDBOX_LABEL}`);
    if (left.out) await lab(['classroom', 'down'], { timeoutMs: 180_000 });
  });
  afterAll(async () => {
    const down = await lab(['classroom', 'down'], { timeoutMs: 180_000 });
    expect(down.exitCode, down.all).toBe(0);
    expect((await docker('ps', '-aq', '--filter', `label=${SANDBOX_LABEL}`)).out).toBe('');
    expect((await docker('volume', 'ls', '-q')).out).not.toMatch(/aol-learner/);
  });

  it(`brings ${scenarioId} up in a sandbox, graded investigating`, async () => {
    const up = await lab(['classroom', 'up', '--scenario', scenarioId, '--learners', '1', '--parallel', '1', '--json'], { timeoutMs: 400_000 });
    expect(up.exitCode, up.all).toBe(0);
    const summary = JSON.parse(up.stdout) as { scenario: string; seconds: number };
    expect(summary.scenario).toBe(scenarioId);
    process.stdout.write(`classroom up --scenario ${scenarioId}: ${summary.seconds} s\n`);
    const ps = await lab(['classroom', 'shell', '1', '-c', 'docker ps -a --format "{{.Names}}"'], { timeoutMs: 120_000 });
    expect(ps.exitCode, ps.all).toBe(0);
    expect(ps.stdout.split('\n').filter(Boolean).sort()).toEqual(['redis', 'web', 'worker']);
    const [row, ...others] = await classroomRows();
    expect(others).toEqual([]);
    expect(row).toMatchObject({ learner: 1, stage: 'investigating', rulesBroken: [] });
    expect(row!.passed).toBeLessThan(row!.total);
  }, 600_000);

  it("grades the card's fix solved, from outside", async () => {
    const [component, cause] = script.statement;
    const fix = await lab(
      [
        'classroom',
        'shell',
        '1',
        '-c',
        `${script.fix.command} && async-outage-lab check ${checkFlags(scenarioId)}--component ${component} --cause ${cause} --json >/dev/null; true`,
      ],
      { timeoutMs: 180_000 },
    );
    expect(fix.exitCode, fix.all).toBe(0);
    const started = Date.now();
    const [row] = await eventually('learner 1 solved in classroom status', classroomRows, (found) => found[0]?.stage === 'solved', SOLVED_WITHIN_MS);
    process.stdout.write(`classroom ${scenarioId}: solved ${Math.round((Date.now() - started) / 1000)} s after the fix\n`);
    expect(row).toMatchObject({ learner: 1, stage: 'solved', rulesBroken: [] });
    expect(row!.passed).toBe(row!.total);
  }, 600_000);
});

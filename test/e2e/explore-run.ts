import { join } from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { env } from './harness.js';

/**
 * A few paths of one outage's randomized learner on every run, with a seed that changes each time
 * (AOL_EXPLORE_SEED fixes it). A disagreement between the grade and the oracle fails the run and
 * prints the command that replays it. The default outage's explorer takes 3 paths, each other's 2
 * (so that four outages keep CI within its hour; AOL_EXPLORE_PATHS sets them all).
 */
export function exploreTest(scenarioId: string, defaultPaths = '3') {
  it(`${scenarioId}: the randomized learner and the oracle agree`, async () => {
    const seed = process.env.AOL_EXPLORE_SEED ?? String(Math.floor(Math.random() * 100_000));
    const paths = process.env.AOL_EXPLORE_PATHS ?? defaultPaths;
    expect(Number(paths), 'AOL_EXPLORE_PATHS must ask for at least one path').toBeGreaterThan(0);
    process.stdout.write(
      `explore: ${scenarioId}, seed ${seed}, ${paths} paths (replay: npm run explore -- --scenario ${scenarioId} --seed ${seed} --paths ${paths})\n`,
    );
    const tool = join(import.meta.dirname, '..', '..', 'build', 'tools', 'explore.js');
    const result = await execa('node', [tool, '--scenario', scenarioId, '--seed', seed, '--paths', paths], {
      env,
      reject: false,
      all: true,
      stdin: 'ignore',
      timeout: 900_000,
    });
    process.stdout.write(`${result.all}\n`);
    expect(result.exitCode, result.all).toBe(0);
  }, 1_000_000);
}

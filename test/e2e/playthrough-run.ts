import { join } from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { env } from './harness.js';

/** One outage's whole learner session, as `npm run playthrough -- --scenario ID` runs it; its report is printed for CI logs. */
export function playthroughTest(scenarioId: string) {
  it(`${scenarioId}: up, wrong fix graded wrong, reset, the right fix graded right, reset, down`, async () => {
    const script = join(import.meta.dirname, '..', '..', 'build', 'tools', 'playthrough.js');
    const result = await execa('node', [script, '--scenario', scenarioId], { env, reject: false, all: true, stdin: 'ignore', timeout: 1_500_000 });
    process.stdout.write(`${result.all}\n`);
    expect(result.all).toContain(`playthrough ${scenarioId}: passed`);
    expect(result.exitCode).toBe(0);
  }, 1_600_000);
}

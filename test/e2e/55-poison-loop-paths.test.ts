import { execa } from 'execa';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { env } from './harness.js';
import { POISON_BACKLOG, poisonPaths } from './poison-loop-paths.js';

interface Report {
  criteria: Array<{ id: string; passed: boolean; evidence: string[] }>;
}

const bin = join(import.meta.dirname, '..', '..', 'bin', 'async-outage-lab.js');
const lab = (args: string[], timeoutMs = 300_000) =>
  execa('node', [bin, ...args], { env: { ...env, ASYNC_OUTAGE_LAB_SCENARIO: 'poison-loop' }, reject: false, all: true, stdin: 'ignore', timeout: timeoutMs });

/**
 * poison-loop's learner-path corpus: each path from a fresh outage (`reset`), its steps through the
 * real docker CLI, graded by the real `check`: the exact exit code and exactly the failing criteria.
 */
describe('poison-loop learner paths', () => {
  for (const path of poisonPaths) {
    it(path.name, async () => {
      const started = Date.now();
      const reset = await lab(['reset', '--backlog', String(POISON_BACKLOG)]);
      expect(reset.exitCode, reset.all).toBe(0);
      const ran: Array<{ command: string; exitCode: number }> = [];
      for (const step of path.steps) ran.push(...(await step.run()).commands);
      for (const r of ran) expect(r.exitCode, r.command).toBe(0);
      const [component, cause] = path.statement ?? ['worker', 'poison-message'];
      const args = ['check', '--json', '--component', component, '--cause', cause, ...(path.grade === 'wait' ? ['--wait', '--timeout', '120'] : [])];
      const result = await lab(args, 240_000);
      const report = JSON.parse(result.stdout) as Report;
      const failing = report.criteria.filter((c) => !c.passed);
      const detail = failing.map((c) => `${c.id}: ${c.evidence.join(' | ')}`).join('\n');
      console.log(`[poison-loop path] ${path.name}: exit ${result.exitCode}, failing [${failing.map((c) => c.id).join(', ')}], ${((Date.now() - started) / 1000).toFixed(0)} s`);
      expect({ exitCode: result.exitCode, failing: failing.map((c) => c.id) }, detail).toEqual({ exitCode: path.exitCode, failing: path.failing });
    });
  }
});

import { describe, expect, it } from 'vitest';
import { lab } from './harness.js';
import { POISON_BACKLOG, poisonPaths } from './poison-loop-paths.js';

interface Report {
  criteria: Array<{ id: string; passed: boolean; evidence: string[] }>;
}

/**
 * poison-loop's learner-path corpus: each path from a fresh outage (`reset`), its steps through the
 * real docker CLI, graded by the real `check`: the exact exit code and exactly the failing criteria.
 * The first path stages the outage with `up poison-loop`; the others put it back with `reset`.
 */
describe('poison-loop learner paths', () => {
  let staged = false;
  for (const path of poisonPaths) {
    it(path.name, async () => {
      const started = Date.now();
      const reset = await lab([...(staged ? ['reset'] : ['up', 'poison-loop']), '--backlog', String(POISON_BACKLOG)]);
      staged = true;
      expect(reset.exitCode, reset.all).toBe(0);
      const ran: Array<{ command: string; exitCode: number }> = [];
      for (const step of path.steps) ran.push(...(await step.run()).commands);
      for (const r of ran) expect(r.exitCode, r.command).toBe(0);
      const [component, cause] = path.statement ?? ['worker', 'poison-message'];
      const args = ['check', '--json', '--component', component, '--cause', cause, ...(path.grade === 'wait' ? ['--wait', '--timeout', '120'] : [])];
      const result = await lab(args, { timeoutMs: 240_000 });
      const report = JSON.parse(result.stdout) as Report;
      const failing = report.criteria.filter((c) => !c.passed);
      const detail = failing.map((c) => `${c.id}: ${c.evidence.join(' | ')}`).join('\n');
      console.log(
        `[poison-loop path] ${path.name}: exit ${result.exitCode}, failing [${failing.map((c) => c.id).join(', ')}], ${((Date.now() - started) / 1000).toFixed(0)} s`,
      );
      expect({ exitCode: result.exitCode, failing: failing.map((c) => c.id) }, detail).toEqual({ exitCode: path.exitCode, failing: path.failing });
    });
  }
});

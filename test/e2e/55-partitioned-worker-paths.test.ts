import { describe, expect, it } from 'vitest';
import { lab } from './harness.js';
import { paths } from './partitioned-worker-paths.js';

interface Report {
  solved: boolean;
  criteria: Array<{ id: string; passed: boolean; evidence: string[]; hint?: string }>;
}

/**
 * partitioned-worker's learner-path corpus: every path from a freshly staged partition, the steps
 * run through the real docker CLI, then graded by the real `check`. Each asserts the exact exit
 * code and exactly which criteria fail.
 */
describe('partitioned-worker learner paths', () => {
  for (const path of paths) {
    it(path.name, async () => {
      const up = await lab(['up', 'partitioned-worker', '--force', '--backlog', String(path.backlog)], { timeoutMs: 300_000 });
      expect(up.exitCode, up.all).toBe(0);
      const ran: Array<{ command: string; exitCode: number }> = [];
      for (const step of path.steps) ran.push(...(await step.run()).commands);
      for (const r of ran) expect(r.exitCode, r.command).toBe(0);
      const [component, cause] = path.statement ?? ['worker', 'lost-network'];
      const args = ['check', '--json', '--component', component, '--cause', cause, ...(path.grade === 'wait' ? ['--wait', '--timeout', '300'] : [])];
      const result = await lab(args, { timeoutMs: 400_000 });
      const report = JSON.parse(result.stdout) as Report;
      const failing = report.criteria.filter((c) => !c.passed);
      const detail = failing.map((c) => `${c.id}: ${c.evidence.join(' | ')}`).join('\n');
      expect({ exitCode: result.exitCode, failing: failing.map((c) => c.id) }, detail).toEqual({ exitCode: path.exitCode, failing: path.failing });
    });
  }
});

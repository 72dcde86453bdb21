import { describe, expect, it } from 'vitest';
import { lab } from './harness.js';
import { paths } from './paths.js';

interface Report {
  solved: boolean;
  criteria: Array<{ id: string; passed: boolean; evidence: string[]; hint?: string }>;
}

/**
 * The learner-path corpus: every path from a fresh outage (`reset`, not `up`), the steps run
 * through the real docker CLI, then graded by the real `check`. Each asserts the exact exit code
 * and exactly which criteria fail.
 */
describe('learner paths', () => {
  for (const path of paths) {
    it(path.name, async () => {
      const reset = await lab(['reset', '--backlog', String(path.backlog)]);
      expect(reset.exitCode, reset.all).toBe(0);
      const ran: Array<{ command: string; exitCode: number }> = [];
      for (const step of path.steps) ran.push(...(await step.run()).commands);
      for (const command of path.refused ?? []) expect(ran.find((r) => r.command === command)?.exitCode, command).not.toBe(0);
      for (const r of ran) if (!(path.refused ?? []).includes(r.command)) expect(r.exitCode, r.command).toBe(0);
      const [component, cause] = path.statement ?? ['worker', 'oom-killed'];
      const args = ['check', '--json', '--component', component, '--cause', cause, ...(path.grade === 'wait' ? ['--wait', '--timeout', '180'] : [])];
      const result = await lab(args, { timeoutMs: 240_000 });
      const report = JSON.parse(result.stdout) as Report;
      const failing = report.criteria.filter((c) => !c.passed);
      const detail = failing.map((c) => `${c.id}: ${c.evidence.join(' | ')}`).join('\n');
      expect({ exitCode: result.exitCode, failing: failing.map((c) => c.id) }, detail).toEqual({ exitCode: path.exitCode, failing: path.failing });
    });
  }
});

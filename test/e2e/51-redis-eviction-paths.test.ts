import { beforeAll, describe, expect, it } from 'vitest';
import { lab } from './redis-eviction/lab.js';
import { paths } from './redis-eviction/paths.js';

interface Report {
  criteria: Array<{ id: string; passed: boolean; evidence: string[] }>;
}

const grade = async (statement: [string, string], wait: boolean) => {
  const result = await lab(['check', '--json', '--component', statement[0], '--cause', statement[1], ...(wait ? ['--wait', '--timeout', '300'] : [])]);
  const report = JSON.parse(result.stdout) as Report;
  const failing = report.criteria.filter((c) => !c.passed);
  return { exitCode: result.exitCode, failing: failing.map((c) => c.id), detail: failing.map((c) => `${c.id}: ${c.evidence.join(' | ')}`).join('\n') };
};

/**
 * The redis-eviction learner paths: each from a fresh outage (`reset`), its steps through the real
 * docker CLI, graded by the real `check`, with the exact exit code and failing criteria.
 */
describe('redis-eviction learner paths', () => {
  beforeAll(async () => {
    const up = await lab(['up', 'redis-eviction']);
    expect(up.exitCode, up.all).toBe(0);
  });
  for (const path of paths) {
    it(path.name, async () => {
      const started = Date.now();
      const reset = await lab(['reset']);
      expect(reset.exitCode, reset.all).toBe(0);
      if (path.firstGuess) {
        const guessed = await grade(path.firstGuess, false);
        expect(guessed.exitCode).toBe(1);
        expect(guessed.failing).toContain('root-cause');
      }
      for (const ran of await path.steps()) expect(ran.exits ?? [0], `${ran.command}\n${ran.out}`).toContain(ran.exitCode);
      const observed = await grade(path.statement ?? ['redis', 'evicting-keys'], path.grade === 'wait');
      process.stdout.write(
        `path "${path.name}": expected ${path.exitCode} [${path.failing.join(', ')}], observed ${observed.exitCode} [${observed.failing.join(', ')}] in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
      );
      expect({ exitCode: observed.exitCode, failing: observed.failing }, observed.detail).toEqual({ exitCode: path.exitCode, failing: path.failing });
    });
  }
});

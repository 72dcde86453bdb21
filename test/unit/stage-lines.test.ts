import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { givesAway } from '../../src/cli/spoilers.js';
import { scenarios } from '../../src/scenarios/index.js';

/**
 * `up` prints each step's title and its detail line on the first screen, before the learner has
 * looked at anything: for every outage, neither may name what is wrong. The titles and details are
 * read from each stage's source as written (the literal text `up` prints, numbers aside).
 */
const stageSource = (id: string) => readFileSync(join(import.meta.dirname, '..', '..', 'src', 'scenarios', id, 'stage.ts'), 'utf8');
const printed = (source: string) =>
  [...source.matchAll(/\b(?:step|detail)\(\s*(['`])((?:\\.|(?!\1).)*)\1/gs)].map((match) => match[2]!.replace(/\$\{[^}]*\}/g, '…'));

describe("up's first screen, outage by outage", () => {
  for (const scenario of scenarios) {
    it(`${scenario.id}: its step titles and details name no cause`, () => {
      const lines = printed(stageSource(scenario.id));
      if (scenario.id !== 'worker-oom') expect(lines.length).toBeGreaterThan(2);
      expect(lines.filter((line) => givesAway(line, scenario))).toEqual([]);
    });
  }

  it('catches a title that does name the cause', () => {
    const eviction = scenarios.find((scenario) => scenario.id === 'redis-eviction')!;
    expect(printed("await step('Wait for Redis to evict accepted exports', async (detail) => {")).toEqual(['Wait for Redis to evict accepted exports']);
    expect(givesAway('Wait for Redis to evict accepted exports', eviction)).toBe(true);
  });
});

describe('`scenarios` lists each outage by what support sees', () => {
  for (const scenario of scenarios) {
    it(`${scenario.id}: its title and its report from support name no cause`, () => {
      expect([scenario.title, scenario.reported].filter((line) => givesAway(line, scenario))).toEqual([]);
    });
  }
});

import { describe, expect, it } from 'vitest';
import { parseSoakOptions } from '../../tools/soak/options.js';

const ids = ['worker-oom', 'redis-eviction', 'poison-loop', 'partitioned-worker'];
const parse = (...argv: string[]) => parseSoakOptions(argv, ids, 'worker-oom');

describe('the soak options', () => {
  it('soaks the default outage, 5 rounds, with the fix, when nothing is asked', () => {
    expect(parse()).toEqual({ cycles: 5, scenarioId: 'worker-oom', upOnly: false });
  });

  it('takes any outage of the registry, a round count and --up-only', () => {
    expect(parse('--scenario', 'poison-loop', '--up-only', '--cycles', '20')).toEqual({ cycles: 20, scenarioId: 'poison-loop', upOnly: true });
  });

  it('refuses an outage the registry does not hold, naming the ones it does', () => {
    expect(parse('--scenario', 'disk-full')).toEqual({ error: `there is no outage named "disk-full"; the outages: ${ids.join(', ')}` });
    expect(parse('--scenario')).toMatchObject({ error: expect.stringMatching(/no outage named ""/) });
  });

  it('refuses a round count that is not a whole number from 1 to 1000', () => {
    for (const bad of ['0', '2.5', 'x', '1001'])
      expect(parse('--cycles', bad)).toEqual({ error: `--cycles takes a whole number from 1 to 1000, got "${bad}"` });
  });
});

import { describe, expect, it } from 'vitest';
import { judgeBrokerReachable } from '../../src/scenarios/worker-oom/criteria/broker-reachable.js';
import { brokenSnapshot, labBaseline } from '../../fixtures/snapshots/lab.js';

describe('broker-reachable (toy)', () => {
  it('passes when redis answered', () => {
    expect(judgeBrokerReachable(brokenSnapshot(), labBaseline(), { waited: false }).passed).toBe(true);
  });
});

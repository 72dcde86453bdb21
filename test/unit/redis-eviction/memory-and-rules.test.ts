import { describe, expect, it } from 'vitest';
import { type EvictionHintFacts, evictionSituation } from '../../../src/scenarios/redis-eviction/hints.js';
import { freeBytes, parseMemoryFacts } from '../../../src/scenarios/redis-eviction/observe/memory-facts.js';
import { classifyRedisEvictionCommand } from '../../../src/scenarios/redis-eviction/rule-breaks.js';
import { recordedSnapshot } from './fixture-snapshot.js';

describe('Redis memory facts, from the recorded INFO and CONFIG GET replies', () => {
  it('broken: a 2 MiB cache that evicts, at its limit', () => {
    const memory = recordedSnapshot('broken').memory!;
    expect(memory).toMatchObject({ maxmemory: 2_097_152, policy: 'allkeys-lru' });
    expect(memory.evictedKeys).toBeGreaterThan(0);
    expect(memory.usedMemory / memory.maxmemory).toBeGreaterThan(0.9);
  });

  it('policy only (recorded at the change): noeviction, nothing refused yet; the refusals that followed are counted later (errorstat_OOM)', () => {
    const memory = recordedSnapshot('policy-only').memory!;
    expect(memory.policy).toBe('noeviction');
    expect(memory.oomRefusals).toBe(0);
    expect(recordedSnapshot('fixed-drained').memory!.oomRefusals).toBe(3);
  });

  it('fixed: 64 MiB with room; no limit reads as infinite room', () => {
    const memory = recordedSnapshot('fixed-drained').memory!;
    expect(memory).toMatchObject({ maxmemory: 67_108_864, policy: 'noeviction' });
    expect(freeBytes({ usedMemory: 5, maxmemory: 0 })).toBe(Number.POSITIVE_INFINITY);
    expect(parseMemoryFacts({ memory: 'used_memory:10\r\n', stats: '', keyspace: '', errorstats: '', config: {} })).toMatchObject({
      usedMemory: 10,
      evictedKeys: 0,
      oomRefusals: 0,
      keys: 0,
    });
  });
});

describe('what this outage counts as a broken rule', () => {
  it.each([
    [['restart', 'redis'], /^restarted redis \(redis holds the jobs that survived/],
    [['exec', 'redis', 'redis-cli', 'FLUSHALL'], /^flushed Redis with FLUSHALL/],
    [['exec', 'redis', 'redis-cli', 'DEL', 'celery'], /^deleted the celery queue/],
    [['restart', 'worker'], /^restarted worker/],
    [['stop', 'web'], /^stopped web/],
  ])('%j breaks one', (argv, why) => expect(classifyRedisEvictionCommand(argv)).toMatch(why));

  it.each([
    [['exec', 'redis', 'redis-cli', 'CONFIG', 'SET', 'maxmemory-policy', 'noeviction']],
    [['exec', 'web', 'redrive-exports']],
    [['start', 'worker']],
    [['update', '--memory', '1g', 'redis']],
  ])('%j breaks none', (argv) => expect(classifyRedisEvictionCommand(argv)).toBeUndefined());
});

describe('hint situations', () => {
  const facts = (eviction: Partial<EvictionHintFacts['eviction']>, ruleBreak?: string): EvictionHintFacts => ({
    commands: ruleBreak ? [{ argv: ['x'], ruleBreak }] : [],
    asked: {},
    eviction: { policyFixed: false, headroom: false, missing: 10, workerRunning: true, lookedInRedis: false, ...eviction },
  });
  it('follows the learner from looking, to the policy, the room, the re-drive and the proof', () => {
    expect(evictionSituation(facts({}))).toBe('look-first');
    expect(evictionSituation(facts({ lookedInRedis: true }))).toBe('still-evicting');
    expect(evictionSituation(facts({ policyFixed: true }))).toBe('no-room');
    expect(evictionSituation(facts({ policyFixed: true, headroom: true }))).toBe('not-recovered');
    expect(evictionSituation(facts({ policyFixed: true, headroom: true, missing: 0 }))).toBe('draining');
    expect(evictionSituation(facts({ workerRunning: false }))).toBe('worker-stopped');
    expect(evictionSituation(facts({}, 'restarted redis'))).toBe('rule-broken');
    expect(evictionSituation({ ...facts({}, 'restarted redis'), asked: { 'rule-broken': 3 } })).toBe('look-first');
  });
});

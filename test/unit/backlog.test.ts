import { describe, expect, it } from 'vitest';
import { planBacklog, seededRandom } from '../../src/kits/celery-redis/backlog.js';
import { IN_FLIGHT_ROWS, JOBS_BEFORE_IN_FLIGHT, LARGE_ROWS, SMALL_ROWS } from '../../src/kits/celery-redis/figures.js';

/** Ids that look like uuid4s but come from a counter, so two plans can be compared whole. */
function countingIds(start = 0): () => string {
  let next = start;
  return () => {
    const hex = (next++).toString(16).padStart(12, '0');
    return `a1b2c3d4-0000-4000-8000-${hex}`;
  };
}

const indexesOf = (ids: string[], wanted: string[]) => wanted.map((id) => ids.indexOf(id));

describe('planBacklog', () => {
  const plan = planBacklog(1487, { random: seededRandom(42) });
  const ids = plan.tasks.map((task) => task.exportId);

  it('plans exactly the number of jobs asked for, each with its own id', () => {
    expect(plan.tasks).toHaveLength(1487);
    expect(new Set(ids).size).toBe(1487);
  });

  it('puts the one export whose id starts with 7c9d right after the first small ones', () => {
    const fatal = ids.filter((id) => id.startsWith('7c9d'));
    expect(fatal).toEqual([plan.inFlightId]);
    expect(ids.indexOf(plan.inFlightId)).toBe(JOBS_BEFORE_IN_FLIGHT);
    expect(JOBS_BEFORE_IN_FLIGHT).toBe(3);
    expect(plan.tasks[3]).toMatchObject({ rows: IN_FLIGHT_ROWS });
    expect(plan.inFlightId).toMatch(/^7c9d[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('keeps the jobs before the fatal one small, so the worker gets through them', () => {
    for (const task of plan.tasks.slice(0, 3)) {
      expect(task.rows).toBeGreaterThanOrEqual(SMALL_ROWS.min);
      expect(task.rows).toBeLessThanOrEqual(SMALL_ROWS.max);
    }
  });

  it('never hands out another 7c9d id, even when the id source keeps offering one', () => {
    let calls = 0;
    // Every other id offered starts with 7c9d: the plan has to skip them.
    const sticky = () =>
      calls++ % 2 === 0 ? `7c9d0000-0000-4000-8000-${String(calls).padStart(12, '0')}` : `0000aaaa-0000-4000-8000-${String(calls).padStart(12, '0')}`;
    const tricky = planBacklog(300, { random: seededRandom(1), newId: sticky });
    expect(tricky.tasks.filter((task) => task.exportId.startsWith('7c9d'))).toHaveLength(1);
    expect(tricky.tasks[3]!.exportId).toBe(tricky.inFlightId);
  });

  it('spreads large exports through the backlog, the first within about 40 jobs', () => {
    const positions = indexesOf(ids, plan.largeIds);
    expect(positions.length).toBeGreaterThanOrEqual(10);
    expect(positions[0]).toBeGreaterThan(JOBS_BEFORE_IN_FLIGHT);
    expect(positions[0]).toBeLessThanOrEqual(40);
    const gaps = positions.slice(1).map((at, i) => at - positions[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(50);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(150);
    // The last one is near the end, not bunched at the start.
    expect(positions.at(-1)).toBeGreaterThan(1487 - 160);
    for (const id of plan.largeIds) {
      const task = plan.tasks[ids.indexOf(id)]!;
      expect(task.rows).toBeGreaterThanOrEqual(LARGE_ROWS.min);
      expect(task.rows).toBeLessThanOrEqual(LARGE_ROWS.max);
    }
  });

  it('keeps every other export small', () => {
    const special = new Set([plan.inFlightId, ...plan.largeIds]);
    const others = plan.tasks.filter((task) => !special.has(task.exportId));
    expect(others).toHaveLength(1487 - 1 - plan.largeIds.length);
    for (const task of others) {
      expect(task.rows).toBeGreaterThanOrEqual(SMALL_ROWS.min);
      expect(task.rows).toBeLessThanOrEqual(SMALL_ROWS.max);
      expect(task.report).toBe('orders');
    }
  });

  it('reports the largest export still waiting after the fatal one', () => {
    const waiting = plan.tasks.slice(JOBS_BEFORE_IN_FLIGHT + 1).map((task) => task.rows);
    expect(plan.largestWaitingRows).toBe(Math.max(...waiting));
    expect(plan.largestWaitingRows).toBeGreaterThanOrEqual(LARGE_ROWS.min);
    expect(plan.largestWaitingRows).toBeLessThan(IN_FLIGHT_ROWS);
  });

  it('counts only the jobs after the fatal one as waiting, even in a tiny backlog', () => {
    for (let seed = 0; seed < 50; seed++) {
      const tiny = planBacklog(5, { random: seededRandom(seed) });
      expect(tiny.largestWaitingRows).toBe(tiny.tasks[4]!.rows);
    }
  });

  it('is reproducible from its seed', () => {
    const first = planBacklog(1487, { random: seededRandom(7), newId: countingIds() });
    const second = planBacklog(1487, { random: seededRandom(7), newId: countingIds() });
    const other = planBacklog(1487, { random: seededRandom(8), newId: countingIds() });
    expect(second).toEqual(first);
    expect(other.tasks.map((task) => task.rows)).not.toEqual(first.tasks.map((task) => task.rows));
  });

  it('refuses a backlog too short to hold the fatal export and one waiting job', () => {
    expect(() => planBacklog(4)).toThrow(RangeError);
    expect(() => planBacklog(2.5)).toThrow(RangeError);
    expect(planBacklog(5).tasks).toHaveLength(5);
  });
});

describe('seededRandom', () => {
  it('gives the same sequence for the same seed, in [0, 1)', () => {
    const a = seededRandom(123);
    const b = seededRandom(123);
    const values = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(values);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(new Set(values).size).toBeGreaterThan(990);
  });
});

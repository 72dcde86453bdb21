import { describe, expect, it } from 'vitest';
import { pace, queueRate, RATE_WINDOW_MS } from '../../src/checks/queue-rate.js';

/** Readings one `stepMs` apart, ending at t = 100 s. */
const readings = (depths: number[], stepMs = 1000) => depths.map((queueDepth, i) => ({ at: 100_000 - (depths.length - 1 - i) * stepMs, queueDepth }));

describe('queueRate', () => {
  it('reads a fast drain per second, over the window it was measured on', () => {
    expect(queueRate(readings([900, 810, 720, 630, 540, 450, 360, 270, 180, 90, 0].slice(0, 10)))).toMatchObject({
      trend: 'draining',
      windowSeconds: 9,
      perMinute: -5400,
      text: 'draining at 90/s over the last 9 s',
    });
  });

  it('says "steady at 0" for a drained queue that stays drained, never a rate', () => {
    const rate = queueRate(readings([0, 0, 0, 0, 0]));
    expect(rate).toMatchObject({ trend: 'steady', perMinute: 0, text: 'steady at 0 over the last 4 s' });
  });

  it('says the queue emptied when it reached 0 inside the window, instead of an inflated rate', () => {
    expect(queueRate(readings([90, 0, 0, 0, 0, 0, 0, 0, 0, 0]))?.text).toBe('drained to 0 (from 90) over the last 9 s');
  });

  it('reads slow growth per minute', () => {
    expect(queueRate(readings([100, 101, 102, 103], 3000))).toMatchObject({ trend: 'growing', perMinute: 20, text: 'growing 20/min over the last 9 s' });
  });

  it('uses only the recent window: an old drain does not colour a queue that is steady now', () => {
    const old = readings([5000, 2000, 0], 60_000).map((r) => ({ ...r, at: r.at - RATE_WINDOW_MS * 3 }));
    expect(queueRate([...old, ...readings([0, 0, 0])])?.text).toBe('steady at 0 over the last 2 s');
  });

  it('needs two readable samples in the window', () => {
    expect(queueRate([])).toBeNull();
    expect(queueRate(readings([12]))).toBeNull();
    expect(queueRate(readings([-1, 12]))).toBeNull();
  });

  it('paces in the unit a person would use', () => {
    expect(pace(-5400)).toBe('90/s');
    expect(pace(20)).toBe('20/min');
    expect(pace(0.2)).toBe('under 1/min');
  });
});

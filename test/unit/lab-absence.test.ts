import { describe, expect, it } from 'vitest';
import { labAbsence } from '../../src/lab/lab-absence.js';
import type { LabBaseline } from '../../src/scenario/baseline.js';
import { workerOom } from '../../src/scenarios/worker-oom/index.js';

const names = ['web', 'redis', 'worker'];
const recorded = { kind: 'ok', baseline: { createdAt: '2026-12-06T14:00:00.000Z' } as LabBaseline, scenario: workerOom } as const;

describe('one answer for a lab that is not there, whichever command asks', () => {
  it('a half-done up or reset (containers, no outage recorded): reset puts it back', () => {
    expect(labAbsence({ kind: 'missing' }, names, 2)).toEqual({
      message: 'No outage is recorded, but lab containers are here: an `up` or `reset` stopped half-way.',
      hint: 'Run `async-outage-lab reset`: it puts the outage back.',
    });
  });

  it('nothing at all: up; an outage whose containers are all gone: reset; a lab that is there: nothing to say', () => {
    expect(labAbsence({ kind: 'missing' }, names, 0)?.hint).toBe('Run `async-outage-lab up` first.');
    expect(labAbsence(recorded, names, 0)).toEqual({
      message: 'The outage began 2026-12-06T14:00:00.000Z, but none of web, redis, worker is left.',
      hint: 'Run `async-outage-lab reset`: it puts the outage back.',
    });
    expect(labAbsence(recorded, names, 3)).toBeUndefined();
  });
});

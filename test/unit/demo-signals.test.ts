import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AlertRule, compareRules, firstFiring, firstReaching, type SignalReading } from '../../src/checks/alert-rules.js';
import { parseTaskResult } from '../../src/kits/celery-redis/broker/results.js';
import { markerRow, resample, sparkline } from '../../src/lab/text-plot.js';
import { containerEventFromDocker } from '../../src/observe/from-inspect.js';
import { fateOf } from '../../src/scenarios/worker-oom/demos/acks-late.js';
import { PAGING_RULES, plotRecording, ruleLine } from '../../src/scenarios/worker-oom/demos/paging.js';
import { restartGaps } from '../../src/scenarios/worker-oom/demos/restart-policy.js';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures');
// A real `demo paging --json` run (fixtures/demos/README.md).
const run = JSON.parse(readFileSync(join(fixtures, 'demos', 'paging-run.json'), 'utf8')) as { figures: { readings: SignalReading[]; diedAtS: number } };
const readings = run.figures.readings;

describe('the paging signals, on a recorded replay', () => {
  const reachedAt = firstReaching(readings, 'depth', 1487);
  const { outcomes, first } = compareRules(readings, PAGING_RULES, run.figures.diedAtS, reachedAt);

  it('finds the moment the backlog reached 1,487, after the worker died', () => {
    expect(reachedAt).toBeGreaterThan(run.figures.diedAtS);
  });

  it('pages on live consumers first, seconds after the death and long before 1,487', () => {
    expect(first?.rule.signal).toBe('consumers');
    const consumers = outcomes.find((o) => o.rule.signal === 'consumers')!;
    expect(consumers.afterIncidentS).toBeGreaterThan(0);
    expect(consumers.afterIncidentS).toBeLessThan(10);
    expect(consumers.leadS).toBeGreaterThan(30);
  });

  it("says a rule that fired before the death was seen fired before it, never '-1 s after'", () => {
    const consumers = outcomes.find((o) => o.rule.signal === 'consumers')!;
    expect(ruleLine({ ...consumers, afterIncidentS: 2.5, leadS: 40 }, '1,487')).toMatch(
      /: fired 2.5 s after the death, 40 s before the backlog reached 1,487$/,
    );
    expect(ruleLine({ ...consumers, afterIncidentS: -1, leadS: 40 }, '1,487')).toMatch(
      /: fired 1 s before the death was seen, 40 s before the backlog reached 1,487$/,
    );
    expect(ruleLine({ ...consumers, afterIncidentS: null, leadS: 40 }, '1,487')).toMatch(/: fired 40 s before the backlog reached 1,487$/);
    expect(ruleLine({ ...consumers, firedAtS: null }, '1,487')).toMatch(/: did not fire in the window$/);
  });

  it('pages on depth later, and not at all on the oldest job age within the window', () => {
    const depth = outcomes.find((o) => o.rule.signal === 'depth')!;
    expect(depth.firedAtS).toBeGreaterThan(first!.firedAtS!);
    expect(depth.leadS).toBeGreaterThan(0);
    expect(outcomes.find((o) => o.rule.signal === 'oldestAgeS')!.firedAtS).toBeNull();
  });

  it('plots one line and one marker row per signal, the death and each firing marked', () => {
    const lines = plotRecording(readings, outcomes, run.figures.diedAtS, 40);
    expect(lines).toHaveLength(7);
    expect(lines[0]).toMatch(/^queue depth .*\|[▁-█ ]{40}\|/);
    expect(lines[1]).toContain('x');
    expect(lines[3]).toContain('^');
  });
});

describe('alert rules', () => {
  const at = (atS: number, v: number): SignalReading => ({ atS, values: { v } });
  const rule: AlertRule = { signal: 'v', op: '>=', threshold: 10, forS: 2, text: 'v >= 10 for 2 s' };

  it('fires only once the condition has held for its duration, without a break', () => {
    expect(firstFiring([at(0, 10), at(1, 5), at(2, 10), at(3, 11), at(4, 12)], rule)).toBe(4);
    expect(firstFiring([at(0, 10), at(1, 11)], rule)).toBeUndefined();
  });

  it('ignores readings that lack the signal', () => {
    const below: AlertRule = { signal: 'c', op: '<', threshold: 1, forS: 0, text: 'c < 1' };
    expect(
      firstFiring(
        [
          { atS: 0, values: {} },
          { atS: 1, values: { c: 1 } },
          { atS: 2, values: { c: 0 } },
        ],
        below,
      ),
    ).toBe(2);
  });
});

describe('the text plot', () => {
  it('resamples to the last value at or before each column', () => {
    expect(
      resample(
        [
          { x: 0, y: 1 },
          { x: 5, y: 3 },
        ],
        4,
        0,
        8,
      ),
    ).toEqual([1, 1, 3, 3]);
    expect(resample([{ x: 5, y: 3 }], 2, 0, 8)).toEqual([undefined, 3]);
  });
  it('draws low to high, blank where nothing was read', () => {
    expect(sparkline([undefined, 0, 7], 7)).toBe(' ▁█');
  });
  it('puts markers in their columns', () => {
    expect(
      markerRow(
        [
          { x: 0, mark: 'x' },
          { x: 10, mark: '^' },
        ],
        5,
        0,
        10,
      ),
    ).toBe('x   ^');
  });
});

describe('the restart gaps, from real Docker events', () => {
  it('measures each death to the next start: the bare start killed again, then the fixed start', () => {
    const lines = readFileSync(join(fixtures, 'debrief', 'events-solved.jsonl'), 'utf8')
      .trim()
      .split('\n');
    // The recording begins with the earlier lab's worker removed by `up --force`: keep the outage's container.
    const all = lines.map((line) => JSON.parse(line) as { Action?: string; status?: string; id: string; timeNano: number });
    const events = all.filter((e) => e.id === all.at(-1)!.id);
    const gaps = restartGaps(events.map((e) => ({ action: (e.Action ?? e.status ?? '').split(':')[0]!, timeNano: e.timeNano })));
    expect(events.map((e) => containerEventFromDocker(e)?.action).filter((a) => a === 'die')).toHaveLength(2);
    expect(gaps).toHaveLength(2);
    // The learner's own pace: 5.3 s to type the bare start, 1.0 s from the second death to the fixed start.
    expect(gaps[0]).toBeGreaterThan(gaps[1]!);
    expect(gaps.every((gap) => gap > 0 && gap < 60)).toBe(true);
  });
});

describe('what became of the job in the acks-late demo', () => {
  const success = parseTaskResult('{"status": "SUCCESS", "result": {"redelivered": true}, "date_done": "2026-12-02T17:00:56.215622+00:00"}');
  const failure = parseTaskResult('{"status": "FAILURE", "result": {"exc_type": "WorkerLostError"}, "date_done": "2026-12-02T17:00:56.215622"}');
  const nowhere = { queued: false, unacked: false };

  it('parked: held in unacked after the kill and back only after the visibility timeout', () => {
    expect(fateOf({ result: success, afterKill: { queued: false, unacked: true }, redeliveredAfterS: 9.7 }, nowhere)).toBe('parked-then-redelivered');
  });
  it('redelivered at once: back before the visibility timeout', () => {
    expect(fateOf({ result: success, afterKill: { queued: false, unacked: true }, redeliveredAfterS: 0 }, nowhere)).toBe('redelivered-at-once');
  });
  it('lost: failed and held nowhere', () => {
    expect(fateOf({ result: failure, afterKill: { queued: false, unacked: false } }, nowhere)).toBe('lost');
    expect(failure.dateDone).toBe('2026-12-02T17:00:56.215Z');
  });
  it('parked: nothing yet, still in unacked', () => {
    expect(fateOf({ result: parseTaskResult(null), afterKill: { queued: false, unacked: true } }, { queued: false, unacked: true })).toBe('parked');
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stackStateSchema } from '../../src/kits/celery-redis/baseline.js';
import { parseTaskResult } from '../../src/kits/celery-redis/broker/results.js';
import { containerEventFromDocker } from '../../src/observe/from-inspect.js';
import { poisonBaselineSchema } from '../../src/scenarios/poison-loop/baseline.js';
import { ANSWER } from '../../src/scenarios/poison-loop/criteria/root-cause.js';
import { buildPoisonDebrief, type PoisonDebriefEvidence } from '../../src/scenarios/poison-loop/debrief.js';
import { classifyPoisonLoopCommand } from '../../src/scenarios/poison-loop/rule-breaks.js';
import { readSessionLog } from '../../src/shim/session-log.js';

// A real solved lab's recordings (fixtures/debrief/README.md), with this outage's poison export
// and answer: the shape of the evidence is the shared stack's.
const dir = join(import.meta.dirname, '..', '..', 'fixtures', 'debrief');
const text = (file: string) => readFileSync(join(dir, file), 'utf8');
const lines = (file: string) => text(file).trim().split('\n');

function evidence(): PoisonDebriefEvidence {
  const recorded = JSON.parse(text('baseline-solved.json'));
  const baseline = stackStateSchema(poisonBaselineSchema).parse({
    ...recorded,
    statement: { ...ANSWER, at: recorded.statement.at },
    poison: {
      id: recorded.backlog.inFlightId,
      body: 'W10=',
      deathsAtHandover: 1,
      restartCountAtHandover: 1,
      restartPolicy: 'unless-stopped',
      visibilityTimeoutS: 1,
    },
  });
  return {
    at: '2026-12-02T17:03:56.000Z',
    baseline,
    events: lines('events-solved.jsonl')
      .map((line) => containerEventFromDocker(JSON.parse(line)))
      .filter((e) => e !== undefined),
    session: readSessionLog(join(dir, 'session-solved.jsonl')),
    finishedAt: lines('results-solved.jsonl')
      .map((line) => parseTaskResult(line))
      .flatMap((r) => (r.status === 'SUCCESS' && r.dateDone ? [r.dateDone] : [])),
    acceptedAt: (JSON.parse(text('ledger-solved.json')) as { entries: Array<{ acceptedAt: string }> }).entries.map((e) => e.acceptedAt),
    now: { queueDepth: 0, parked: 0, running: true },
  };
}

describe('poison-loop debrief: what its time to diagnose measures', () => {
  it('counts to the correct answer, and its note says so (not the first look at how the worker ended)', () => {
    const given = evidence();
    const debrief = buildPoisonDebrief(given, classifyPoisonLoopCommand);
    const answeredAt = Date.parse(given.baseline.statement!.at);
    const firstCommandAt = Date.parse(given.session[0]!.at);
    expect(firstCommandAt).toBeLessThan(answeredAt);
    expect(debrief.figures.timeToDiagnoseS).toBeCloseTo((answeredAt - Date.parse(debrief.began)) / 1000, 0);
    expect(debrief.figureNotes?.diagnose).toBe('outage to your correct answer');
  });
});

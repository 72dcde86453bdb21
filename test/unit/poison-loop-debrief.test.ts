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

/** The evidence `debrief` gathers, read from one recorded lab's files (`events<tag>.jsonl`, ...). */
function recordedEvidence(dir: string, tag: string, at: string, baseline: (recorded: any) => unknown): PoisonDebriefEvidence {
  const path = (file: string) => join(dir, file.replace('.', `${tag}.`));
  const text = (file: string) => readFileSync(path(file), 'utf8');
  const lines = (file: string) => text(file).trim().split('\n');
  return {
    at,
    baseline: stackStateSchema(poisonBaselineSchema).parse(baseline(JSON.parse(text('baseline.json')))),
    events: lines('events.jsonl')
      .map((line) => containerEventFromDocker(JSON.parse(line)))
      .filter((e) => e !== undefined),
    session: readSessionLog(path('session.jsonl')),
    finishedAt: lines('results.jsonl')
      .map((line) => parseTaskResult(line))
      .flatMap((r) => (r.status === 'SUCCESS' && r.dateDone ? [r.dateDone] : [])),
    acceptedAt: (JSON.parse(text('ledger.json')) as { entries: Array<{ acceptedAt: string }> }).entries.map((e) => e.acceptedAt),
    now: { queueDepth: 0, parked: 0, running: true },
  };
}

// A real solved lab's recordings (fixtures/debrief/README.md), with this outage's poison export
// and answer: the shape of the evidence is the shared stack's.
const evidence = () =>
  recordedEvidence(join(import.meta.dirname, '..', '..', 'fixtures', 'debrief'), '-solved', '2026-12-02T17:03:56.000Z', (recorded) => ({
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
  }));

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

// A real solved poison-loop (fixtures/poison-loop/debrief/README.md): Docker restarts the crashing
// worker on its own all along, between and during the learner's commands.
const loopEvidence = () =>
  recordedEvidence(join(import.meta.dirname, '..', '..', 'fixtures', 'poison-loop', 'debrief'), '', '2026-12-07T04:48:14.336Z', (recorded) => recorded);

describe("poison-loop debrief: the learner's fix attempts among Docker's own restarts", () => {
  const debrief = buildPoisonDebrief(loopEvidence(), classifyPoisonLoopCommand);
  const fixes = debrief.timeline.filter((e) => e.kind === 'fix').map((e) => e.text);

  it("credits no attempt with a start Docker's restart policy made", () => {
    // `docker update` starts nothing: the start a moment later was Docker's, as before it and after.
    expect(fixes[0]).toBe(
      'fix attempt 1: `docker update --memory 512m --memory-swap 512m worker` → the cap changed; it started nothing itself: the worker started 2 times meanwhile with no recorded command of yours',
    );
    // An update that sets no memory changes the worker's settings, not its cap.
    expect(fixes[2]).toMatch(/^fix attempt 3: .*`docker update --restart no worker`.* → its settings changed; /);
  });

  it('credits an attempt with the start its own command made', () => {
    expect(fixes[1]).toMatch(/^fix attempt 2: `docker restart worker` → started, and died again [\d.]+ s later \(exit 139\)$/);
    expect(fixes[3]).toMatch(
      /^fix attempt 4: `docker start worker` then `docker update --restart unless-stopped worker` \(one command line\) → started, and stayed up$/,
    );
  });

  it('counts only the learner commands as attempts, and every start and death Docker recorded', () => {
    expect(fixes).toHaveLength(4);
    expect(debrief.figures).toMatchObject({ fixAttempts: 4, subjectStarts: 13, subjectDeaths: 12, commands: 13 });
    expect(debrief.resolved).toBe(true);
  });
});

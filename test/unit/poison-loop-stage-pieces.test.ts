import { describe, expect, it } from 'vitest';
import { recorded, recordingFile } from '../../fixtures/poison-loop/snapshots.js';
import { seededRandom } from '../../src/kits/celery-redis/backlog.js';
import { decodeEnvelope, encodeExportTask } from '../../src/kits/celery-redis/broker/envelope.js';
import { planPoisonBacklog } from '../../src/kits/celery-redis/poison-backlog.js';
import { judge } from '../../src/scenarios/poison-loop/criteria/index.js';
import { JOBS_BEFORE_POISON, POISON_LAYOUT, POISON_PREFIX } from '../../src/scenarios/poison-loop/figures.js';
import { poisonLoop } from '../../src/scenarios/poison-loop/index.js';
import { runsOfLog } from '../../src/scenarios/poison-loop/worker-log.js';

describe('poison-loop backlog', () => {
  const plan = planPoisonBacklog(200, { random: seededRandom(25) });

  it('puts the one export with a layout fourth in line, its id starting 5a1f; no other carries a layout', () => {
    expect(plan.tasks[JOBS_BEFORE_POISON]).toMatchObject({ exportId: plan.inFlightId, layout: POISON_LAYOUT });
    expect(plan.inFlightId.startsWith(POISON_PREFIX)).toBe(true);
    expect(plan.tasks.filter((task) => task.layout !== undefined)).toHaveLength(1);
    expect(plan.tasks.filter((task) => task.exportId.startsWith(POISON_PREFIX))).toHaveLength(1);
    expect(plan.largeIds).toEqual([]);
  });

  it('queues the layout in the task kwargs as Celery reads them', () => {
    const decoded = decodeEnvelope(encodeExportTask(plan.tasks[JOBS_BEFORE_POISON]!, { origin: 'test' }));
    expect(decoded.kwargs).toMatchObject({ layout: { columns: expect.arrayContaining([{ title: null }]) } });
  });
});

describe('poison-loop worker log', () => {
  it("splits the recorded loop's log into runs: 3 exports then the poison one, then the poison one first in every run", () => {
    const poisonId = recordingFile('loop-solo-acks-late-vt1', 'poison-id.txt').trim();
    const runs = runsOfLog(recordingFile('loop-solo-acks-late-vt1', 'worker.log'));
    expect(runs[0]!.received).toHaveLength(4);
    expect(runs[0]!.last).toEqual({ id: poisonId, word: 'received' });
    for (const run of runs.slice(1)) expect(run.received).toEqual([poisonId]);
  });
});

describe('poison-loop texts before a root cause is stated', () => {
  it('no verdict of the recorded looping lab gives the cause away (the root cause lists every choice, so it is exempt)', () => {
    const { baseline, snapshot } = recorded('broken-looping');
    const spoilers = poisonLoop.check.report.spoilers;
    for (const verdict of judge(snapshot, baseline, { waited: false }).filter((v) => v.id !== 'root-cause')) {
      for (const text of [verdict.title, ...verdict.evidence, verdict.hint ?? '']) expect(text, verdict.id).not.toMatch(spoilers);
    }
  });
});

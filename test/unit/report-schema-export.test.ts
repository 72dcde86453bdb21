import { describe, expect, it } from 'vitest';
import { RECORDED as PARTITION_STATES, recorded as partitionRecorded } from '../../fixtures/partitioned-worker/lab.js';
import { recorded as poisonRecorded } from '../../fixtures/poison-loop/snapshots.js';
import { brokenSnapshot, labBaseline } from '../../fixtures/snapshots/lab.js';
import { gradeOf } from '../../src/checks/grade.js';
import type { LabBaseline } from '../../src/scenario/baseline.js';
import { scenarios } from '../../src/scenarios/index.js';
import { recordedBaseline, recordedSnapshot } from './redis-eviction/fixture-snapshot.js';

type Exported = typeof import('../../src/report-schema.js');
const exported = async () => (await import('async-outage-lab/report-schema' as string)) as Exported;

/** One recorded moment of each outage, as `check` observes it. */
const moments: Record<string, () => { snapshot: unknown; baseline: LabBaseline }> = {
  'worker-oom': () => ({ snapshot: brokenSnapshot(), baseline: labBaseline() }),
  'redis-eviction': () => ({ snapshot: recordedSnapshot('broken'), baseline: recordedBaseline() }),
  'poison-loop': () => poisonRecorded('broken-looping'),
  'partitioned-worker': () => partitionRecorded(PARTITION_STATES[0]),
};

/** The report `check --json` prints for that moment: judged once, built by the outage, named by the engine. */
function reportOf(id: string): Record<string, unknown> {
  const scenario = scenarios.find((s) => s.id === id);
  const moment = moments[id];
  if (!scenario || !moment) throw new Error(`no recorded moment for ${id}`);
  const { snapshot, baseline } = moment();
  const context = { waited: false };
  const verdicts = scenario.check.criteria.judge(snapshot, baseline, context);
  const built = scenario.check.report.build({ snapshot, baseline, context, verdicts, grade: gradeOf(verdicts), transcript: [] });
  return JSON.parse(JSON.stringify({ scenario: id, ...built })) as Record<string, unknown>;
}

describe('the exported report schema', () => {
  it('covers every outage the lab stages, with its criteria in the order check judges them', async () => {
    const { checkReportSchemas, criterionIds } = await exported();
    expect(Object.keys(checkReportSchemas)).toEqual(scenarios.map((s) => s.id));
    expect(Object.keys(moments).sort()).toEqual(scenarios.map((s) => s.id).sort());
    expect(criterionIds['worker-oom']).toEqual(['root-cause', 'web-redis-untouched', 'no-job-discarded', 'worker-headroom', 'backlog-draining']);
  });

  for (const id of Object.keys(moments)) {
    it(`${id}: a real report parses as any report and as its own, and a grade that disagrees with its criteria does not`, async () => {
      const { checkReportSchema, checkReportSchemas } = await exported();
      const report = reportOf(id);
      expect(checkReportSchema.parse(report)).toMatchObject({ scenario: id, solved: false, exitCode: 1 });
      expect(checkReportSchemas[id]?.parse(report)).toEqual(report);
      expect(() => checkReportSchema.parse({ ...report, exitCode: 0 })).toThrow(/exitCode must be 0 when solved/);
      expect(() => checkReportSchema.parse({ ...report, solved: true })).toThrow(/solved is true/);
    });
  }

  it("an outage's figures are checked against its own shape, not another's", async () => {
    const { checkReportSchemas } = await exported();
    const eviction = reportOf('redis-eviction');
    expect(checkReportSchemas['redis-eviction']?.safeParse(eviction).success).toBe(true);
    expect(checkReportSchemas['worker-oom']?.safeParse(eviction).success).toBe(false);
    const partition = reportOf('partitioned-worker');
    expect(checkReportSchemas['redis-eviction']?.safeParse(partition).success).toBe(false);
  });
});

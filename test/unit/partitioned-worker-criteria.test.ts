import { describe, expect, it } from 'vitest';
import { type Recorded, recorded } from '../../fixtures/partitioned-worker/lab.js';
import { accountExports } from '../../src/kits/celery-redis/account/account.js';
import { judge } from '../../src/scenarios/partitioned-worker/criteria/index.js';
import { CAUSES, COMPONENTS, judgeRootCause } from '../../src/scenarios/partitioned-worker/criteria/root-cause.js';

const RIGHT = { component: 'worker', cause: 'lost-network' };
const grade = (label: Recorded, statement = RIGHT) => {
  const { baseline, snapshot } = recorded(label);
  return Object.fromEntries(judge(snapshot, baseline, { statement, waited: false }).map((verdict) => [verdict.id, verdict]));
};
const passed = (label: Recorded) =>
  Object.entries(grade(label))
    .filter(([, v]) => v.passed)
    .map(([id]) => id);

describe('partitioned-worker criteria over the recorded lab', () => {
  it('at the hand-over: every container Up, the worker on no network, nobody heard, the queue full', () => {
    const verdicts = grade('partitioned-at-handover');
    expect(passed('partitioned-at-handover')).toEqual(['root-cause', 'web-redis-untouched', 'no-job-discarded']);
    expect(verdicts['worker-reconnected']?.evidence).toContain('worker is attached to no network at all');
    expect(verdicts['worker-reconnected']?.evidence.join('\n')).toMatch(/live consumers heard on the broker in \d+ s: none/);
    expect(verdicts['backlog-drained']?.hint).toMatch(/Nothing takes jobs off the queue/);
  });

  it('a minute later, while the worker retries: the same grade', () => {
    expect(passed('partitioned-retrying')).toEqual(['root-cause', 'web-redis-untouched', 'no-job-discarded']);
  });

  it('`docker restart worker` alone keeps it off the network: not reconnected', () => {
    const verdict = grade('restarted-without-network')['worker-reconnected'];
    expect(verdict?.passed).toBe(false);
    expect(verdict?.evidence[0]).toMatch(/the same container, restarted at/);
    expect(verdict?.evidence).toContain('worker is attached to no network at all');
  });

  it('just after `docker network connect`, mid large export: on the network, but consumption not yet seen', () => {
    const verdicts = grade('reconnected-draining');
    const verdict = verdicts['worker-reconnected'];
    expect(verdict?.passed).toBe(false);
    expect(verdict?.evidence.join('\n')).toMatch(/restarted at[\s\S]*on async-outage-lab_default at [\d.]+[\s\S]*heard on the broker in \d+ s: none/);
    expect(verdict?.hint).toMatch(/beats only when it is done/);
    expect(verdicts['backlog-drained']?.passed).toBe(false);
  });

  it('drained: the connected worker is heard on the broker', () => {
    const verdict = grade('drained')['worker-reconnected'];
    expect(verdict?.passed).toBe(true);
    expect(verdict?.evidence.join('\n')).toMatch(/on async-outage-lab_default at [\d.]+[\s\S]*: worker@worker/);
  });

  it('drained: every criterion passes, and the job the cut worker held is accounted for', () => {
    expect(passed('drained')).toEqual(['root-cause', 'web-redis-untouched', 'no-job-discarded', 'worker-reconnected', 'backlog-drained']);
  });

  it('a redis restart is collateral even when everything drained', () => {
    const verdicts = grade('drained-after-redis-restart');
    expect(verdicts['web-redis-untouched']?.passed).toBe(false);
    expect(verdicts['web-redis-untouched']?.evidence.join('\n')).toMatch(/redis was restarted: its run_id is/);
    expect(verdicts['worker-reconnected']?.passed).toBe(true);
  });

  it('a queued export deleted by hand is gone, and no-job-discarded names it', () => {
    const { baseline, snapshot } = recorded('reconnected-draining');
    const victim = snapshot.web.ledger?.find(
      (entry) => !entry.ready && snapshot.broker.queuedIds?.includes(entry.id) && !snapshot.broker.unacked?.some((job) => job.exportId === entry.id),
    );
    expect(victim).toBeDefined();
    snapshot.broker.queuedIds = snapshot.broker.queuedIds?.filter((id) => id !== victim?.id);
    const verdict = judge(snapshot, baseline, { statement: RIGHT, waited: false }).find((v) => v.id === 'no-job-discarded');
    expect(verdict?.passed).toBe(false);
    expect(verdict?.evidence.join('\n')).toContain(victim?.id.slice(0, 8));
    expect(accountExports(snapshot, baseline).gone.map((entry) => entry.id)).toEqual([victim?.id]);
  });
});

describe('partitioned-worker root cause', () => {
  const { baseline, snapshot } = recorded('partitioned-retrying');
  const answer = (component: string, cause: string) => judgeRootCause(snapshot, baseline, { statement: { component, cause }, waited: false });

  it('offers the right answer among plausible wrong ones, not first', () => {
    expect(COMPONENTS[0]).not.toBe('worker');
    expect(CAUSES[0]).not.toBe('lost-network');
    expect(CAUSES).toEqual(expect.arrayContaining(['down', 'overloaded', 'oom-killed', 'not-enqueueing']));
  });

  it.each([
    ['redis', 'down'],
    ['redis', 'overloaded'],
    ['web', 'not-enqueueing'],
    ['worker', 'oom-killed'],
    ['worker', 'down'],
  ])('%s / %s is wrong, and the hint names no cause', (component, cause) => {
    const verdict = answer(component, cause);
    expect(verdict.passed).toBe(false);
    expect(verdict.hint).not.toMatch(/disconnect|network connect|partition/i);
  });

  it('worker / lost-network is right', () => {
    expect(answer('worker', 'lost-network').passed).toBe(true);
  });

  it('no statement yet: fails with how to give one', () => {
    expect(judgeRootCause(snapshot, baseline, { waited: false }).hint).toMatch(
      /--component <web\|redis\|worker>` and `--cause <down\|lost-network\|not-enqueueing\|oom-killed\|overloaded>/,
    );
  });
});

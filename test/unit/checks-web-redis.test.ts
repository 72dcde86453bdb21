import { describe, expect, it } from 'vitest';
import { commandCallsFixture, fixedSnapshot, inspectFixture, labBaseline, runIdFixture, TAKEN_AT, viewFixture } from '../../fixtures/snapshots/lab.js';
import type { Snapshot } from '../../src/kits/celery-redis/observe/snapshot.js';
import { containerViewFromInspect } from '../../src/observe/from-inspect.js';
import { judgeWebRedisUntouched } from '../../src/scenarios/worker-oom/criteria/index.js';

const baseline = labBaseline();
const run = (change: (snapshot: Snapshot) => void = () => {}, base = baseline) => {
  const snapshot = fixedSnapshot();
  change(snapshot);
  return judgeWebRedisUntouched(snapshot, base, { waited: false });
};

describe('web-redis-untouched', () => {
  it('passes when web and redis are the containers and processes `up` recorded, answering normally', () => {
    const verdict = run();
    expect(verdict.passed).toBe(true);
    expect(verdict.evidence).toEqual([
      'web: running since 04:26:29 UTC, the same container (8d66f9e348c1) and start as at `up`, RestartCount 0',
      'web: GET / answered 200, GET /dashboard 200',
      'web since it started: 16 × 202 Accepted, 0 × 5xx',
      'redis: running, the same container (f41df75eec26) and server process (run_id 6777e56c…) as at `up`, PING answered PONG',
    ]);
  });

  it('fails after `docker restart web` (recorded: same id, new StartedAt, RestartCount still 0)', () => {
    const verdict = run((s) => {
      s.containers.web = viewFixture('web', 'web-restarted');
    });
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence[0]).toBe('web was restarted: it started at 04:26:40 UTC; at `up` it had been running since 04:26:29 UTC');
    expect(verdict.hint).toContain('nothing took them off the queue');
    expect(verdict.hint).toContain("docker inspect web redis --format '{{.Name}} {{.Id}} {{.State.StartedAt}}'");
    // The hint explains, it does not hand over the fix.
    expect(verdict.hint).not.toMatch(/docker (start|update) worker|--memory/);
  });

  it('fails when web was removed and created again (a new id)', () => {
    const verdict = run((s) => {
      s.containers.web = { ...s.containers.web, id: 'a1b2c3d4e5f6'.padEnd(64, '0') };
    });
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence[0]).toBe('web is a different container: a1b2c3d4e5f6, at `up` it was 8d66f9e348c1 (removed and created again)');
  });

  it('fails when web is gone, and mentions reset', () => {
    const verdict = run((s) => {
      s.containers.web = containerViewFromInspect('web', inspectFixture('missing.stdout'));
      s.web = { reachable: false, error: 'connect ECONNREFUSED 127.0.0.1:8080' };
    });
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence).toContain('web: no such container (at `up` it was 8d66f9e348c1)');
    expect(verdict.evidence).toContain('web did not answer over HTTP: connect ECONNREFUSED 127.0.0.1:8080');
    expect(verdict.hint).toContain('async-outage-lab reset');
  });

  it('fails when web is stopped', () => {
    const verdict = run((s) => {
      s.containers.web = { ...s.containers.web, status: 'exited', running: false, exitCode: 137 };
    });
    expect(verdict.evidence).toContain('web is exited (137), not running');
  });

  it('fails on 5xx answers, or when GET / is not 200', () => {
    const errors = run((s) => {
      s.web.responses = { '202': 12, '502': 3, '503': 1 };
    });
    expect(errors.passed).toBe(false);
    expect(errors.evidence).toContain('web since it started: 12 × 202 Accepted, 4 × 5xx');
    const root = run((s) => {
      s.web.rootStatus = 500;
    });
    expect(root.passed).toBe(false);
    expect(root.evidence).toContain('web: GET / answered 500, GET /dashboard 200');
  });

  it('fails when web has accepted no exports while customers should be sending them, not when they are off', () => {
    const quiet = (s: Snapshot) => {
      s.web.responses = { '200': 4 };
    };
    expect(run(quiet).passed).toBe(false);
    expect(run(quiet).evidence).toContain('web since it started: 0 × 202 Accepted, 0 × 5xx');
    expect(run(quiet, { ...baseline, trafficIntervalMs: 0 }).passed).toBe(true);
  });

  it('does not expect 202s from a web that started too recently for a customer to have come by', () => {
    const justStarted = (s: Snapshot) => {
      s.web.responses = { '200': 4 };
      s.containers.web.startedAt = new Date(Date.parse(s.takenAt) - 2_000).toISOString();
    };
    // The baseline must agree on the start, or the criterion rightly fails on a restarted web.
    const verdict = run(justStarted, { ...baseline, web: { ...baseline.web, startedAt: new Date(Date.parse(TAKEN_AT) - 2_000).toISOString() } });
    expect(verdict.passed).toBe(true);
    expect(verdict.evidence).toContain('web since it started: 0 × 202 Accepted, 0 × 5xx');
  });

  it('fails after `docker restart redis` (recorded: same id, a new run_id, counters reset)', () => {
    const verdict = run((s) => {
      s.containers.redis = viewFixture('redis', 'redis-restarted');
      s.broker.runId = runIdFixture('info-server-after-restart');
      s.broker.commandCalls = commandCallsFixture('commandstats-after-restart');
    });
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence).toContain('redis was restarted: its run_id is 2094c60b…, at `up` it was 6777e56c… (a new server process)');
    expect(verdict.hint).toContain('redis kept every job');
  });

  it('fails when redis does not answer', () => {
    const verdict = run((s) => {
      s.broker = { reachable: false, error: 'connect ECONNREFUSED 127.0.0.1:6379' };
      s.containers.redis = { ...s.containers.redis, status: 'exited', running: false, exitCode: 0 };
    });
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence).toEqual(expect.arrayContaining(['redis is exited (0), not running', 'redis did not answer: connect ECONNREFUSED 127.0.0.1:6379']));
  });
});

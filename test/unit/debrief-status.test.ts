import { describe, expect, it } from 'vitest';
import type { Debrief } from '../../src/scenario/debrief.js';
import type { SessionEntry } from '../../src/shim/session-log.js';
import { withCheckStatus } from '../../src/usecases/debrief-status.js';

/** A postmortem the outage's own evidence calls over: the status must still be check's. */
const debrief = (open: string[] = []): Debrief =>
  ({ kind: 'async-outage-lab/debrief', version: 1, resolved: open.length === 0, open, title: 't', subject: 'worker' }) as unknown as Debrief;
const command = (at: string, ...argv: string[]): SessionEntry => ({ at, argv, exitCode: 0, durationMs: 10, cwd: '/' });

describe("debrief's status is the last check's", () => {
  it('no check yet: still open, saying so', () => {
    const result = withCheckStatus(debrief(), undefined, []);
    expect(result.resolved).toBe(false);
    expect(result.open[0]).toMatch(/No `async-outage-lab check` has graded the lab yet/);
  });

  it('the last check failed (web restarted) while the outage evidence looks over: still open, naming what failed', () => {
    const lastCheck = { at: '2026-12-06T18:00:05.000Z', solved: false, failing: ['web and redis left as they were'] };
    const result = withCheckStatus(debrief(), lastCheck, [command('2026-12-06T17:59:00.000Z', 'restart', 'web')]);
    expect(result).toMatchObject({ resolved: false, open: ['The last check (18:00:05 UTC) did not pass: web and redis left as they were.'] });
  });

  it('the last check passed and nothing ran since: resolved, nothing open', () => {
    const lastCheck = { at: '2026-12-06T18:00:05.000Z', solved: true, failing: [] };
    const result = withCheckStatus(debrief(['the worker has not stayed up since the outage']), lastCheck, [
      command('2026-12-06T17:59:00.000Z', 'start', 'worker'),
    ]);
    expect(result).toMatchObject({ resolved: true, open: [] });
  });

  it('docker commands after a passing check: still open until check grades the lab again', () => {
    const lastCheck = { at: '2026-12-06T18:00:05.000Z', solved: true, failing: [] };
    const result = withCheckStatus(debrief(), lastCheck, [command('2026-12-06T18:01:00.000Z', 'restart', 'redis'), command('2026-12-06T18:01:09.000Z', 'ps')]);
    expect(result.resolved).toBe(false);
    expect(result.open).toEqual(['2 docker commands ran after the last check (18:00:05 UTC): run `async-outage-lab check` to grade the lab as it is now.']);
  });

  it('resolved keeps what the postmortem could not read, which explains its missing figures', () => {
    const lastCheck = { at: '2026-12-06T18:00:05.000Z', solved: true, failing: [] };
    const result = withCheckStatus(debrief(['could not read the result backend (timeout)', 'the worker has not stayed up']), lastCheck, []);
    expect(result).toMatchObject({ resolved: true, open: ['could not read the result backend (timeout)'] });
  });
});

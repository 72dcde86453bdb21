import { clock, plural, stateOf } from '../../../kits/celery-redis/criteria/facts.js';
import type { JudgeContext } from '../../../scenario/judge.js';
import type { PoisonBaseline } from '../baseline.js';
import type { PoisonSnapshot } from '../snapshot.js';
import { type Verdict, verdict } from './verdict.js';

/** A run of the worker this long without a death is past anything the loop did (each of its runs died within seconds). */
export const STABLE_AFTER_S = 10;
const AGAIN = 'Run `async-outage-lab check` again once it has been up a while: it watches the worker for about 10 s.';

/**
 * Criterion 5: the worker runs and stays up, judged by its history, not by its settings: running
 * now and for at least STABLE_AFTER_S since its last start, no death and no restart while the
 * check watched it. Its restart policy may stay or go.
 */
export function judgeWorkerStable(snapshot: PoisonSnapshot, _baseline: PoisonBaseline, _context: JudgeContext): Verdict {
  const worker = snapshot.containers.worker;
  if (!worker.exists) {
    return verdict('worker-stable', false, ['worker: no such container'], {
      hint: 'Without a worker nothing is consumed. `async-outage-lab reset` rebuilds the lab if you removed it.',
    });
  }
  const samples = snapshot.drain;
  const mine = snapshot.workerEvents.filter((event) => event.id === undefined || event.id === worker.id);
  const deathsSinceUp = mine.filter((event) => event.action === 'die');
  const lastDeath = deathsSinceUp.at(-1);
  const history = `${plural(deathsSinceUp.length, 'death')} since \`up\`${lastDeath ? `, the last at ${clock(lastDeath.time, snapshot.takenAt)} (exit ${lastDeath.exitCode ?? '?'})` : ''}`;
  const stoppedInWindow = samples.find((sample) => sample.workerStatus !== undefined && sample.workerStatus !== 'running');
  if (!worker.running || stoppedInWindow) {
    const status = stoppedInWindow?.workerStatus ?? stateOf(worker);
    const backoff = status === 'restarting' ? ': Docker is waiting out its restart back-off before it starts the worker again' : '';
    return verdict('worker-stable', false, [`worker: ${status}${backoff}`, `RestartCount ${worker.restartCount ?? '?'}`, history], {
      hint:
        status === 'restarting'
          ? 'Docker keeps starting it, and the waits between starts grow. `docker logs --tail 5 worker` shows what every run ends on.'
          : 'Nothing takes exports off the queue while the worker is down. Start it once nothing in its way will kill it again.',
    });
  }
  const counts = samples.map((sample) => sample.restartCount).filter((value): value is number => value !== undefined);
  const restartedInWindow = counts.length >= 2 && counts.at(-1)! !== counts[0]!;
  const windowStart = samples[0]?.at;
  const diedInWindow = windowStart !== undefined && mine.some((event) => event.action === 'die' && Date.parse(event.time) >= windowStart - 500);
  const startedInWindow = windowStart !== undefined && worker.startedAt !== undefined && Date.parse(worker.startedAt) > windowStart;
  if (restartedInWindow || diedInWindow || startedInWindow) {
    return verdict(
      'worker-stable',
      false,
      [
        `worker: running, but it died and came back while this check watched it (RestartCount ${counts[0] ?? '?'} → ${counts.at(-1) ?? worker.restartCount ?? '?'})`,
        history,
      ],
      {
        hint: 'A worker that is Up now and dead a second later is looping. `docker logs --tail 5 worker` shows what each run ends on.',
      },
    );
  }
  const upFor = worker.startedAt ? Math.round((Date.parse(snapshot.takenAt) - Date.parse(worker.startedAt)) / 1000) : 0;
  // Each run of the loop lasted seconds: a run this long, with no death since it began, is not one of them.
  if (upFor < STABLE_AFTER_S) {
    return verdict(
      'worker-stable',
      false,
      [`worker: running since ${clock(worker.startedAt, snapshot.takenAt)}, only ${upFor} s: each run of the loop lasted about that long too`, history],
      { hint: AGAIN },
    );
  }
  const watched =
    samples.length >= 2
      ? `, RestartCount ${worker.restartCount ?? '?'} and unchanged over ${Math.round((samples.at(-1)!.at - samples[0]!.at) / 1000)} s of readings`
      : '';
  return verdict('worker-stable', true, [`worker: running since ${clock(worker.startedAt, snapshot.takenAt)} (${upFor} s, no death since)${watched}`, history]);
}

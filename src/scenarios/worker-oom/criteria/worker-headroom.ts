import { LARGE_ROWS } from '../../../kits/celery-redis/figures.js';
import type { Snapshot, WorkerEvent } from '../../../kits/celery-redis/observe/snapshot.js';
import { MIB } from '../../../project/names.js';
import type { JudgeContext } from '../../../scenario/judge.js';
import type { Baseline } from '../baseline.js';
import { requiredLimitMiB } from '../figures.js';
import { count, deaths, effectiveMemoryLimit, later, limitText, shortId, sinceLatestStart, stateOf, stoppedDuringCheck, when } from './facts.js';
import { updateOrderLine } from './update-order.js';
import { type Verdict, verdict } from './verdict.js';

export interface HeadroomNeed {
  /** Rows of the export the figure is for (0: the queue holds none). */
  rows: number;
  requiredMiB: number;
  /** What the figure is for, in words. */
  what: string;
}

/**
 * The memory limit the worker needs for what it still has to get through: the largest export
 * Redis holds now (or, when Redis could not be read, the largest left at the outage).
 */
export function headroomNeeded(snapshot: Snapshot, baseline: Baseline): HeadroomNeed {
  const broker = snapshot.broker;
  if (broker.reachable && broker.queuedRows) {
    const rows = Object.values(broker.queuedRows);
    if (rows.length === 0) {
      return { rows: 0, requiredMiB: requiredLimitMiB(0), what: 'an idle worker (the queue holds no export now, so no large one either)' };
    }
    const largest = Math.max(...rows);
    const large = largest >= LARGE_ROWS.min ? '' : '; no large export is left';
    return {
      rows: largest,
      requiredMiB: requiredLimitMiB(largest),
      what: `the largest export Redis still holds, queued or unacked (${count(largest)} rows${large})`,
    };
  }
  const rows = baseline.backlog.largestWaitingRows;
  return {
    rows,
    requiredMiB: requiredLimitMiB(rows),
    what: `the largest export left waiting at the outage (${count(rows)} rows; Redis could not be read now)`,
  };
}

/**
 * The die just before the latest start, when Docker stopped the worker (a kill event, no oom):
 * `docker restart` or `docker stop` + `docker start` mid-drain.
 */
function orderlyStopBefore(events: WorkerEvent[], start: WorkerEvent | undefined): WorkerEvent | undefined {
  if (!start) return undefined;
  const before = events.filter((event) => later(start.time, event.time));
  const die = [...before].reverse().find((event) => event.action === 'die');
  if (!die) return undefined;
  const run = before.slice(0, before.indexOf(die) + 1);
  const lastStart = [...run].reverse().findIndex((event) => event.action === 'start');
  const sinceStart = lastStart < 0 ? run : run.slice(run.length - lastStart);
  const signalled = sinceStart.some((event) => event.action === 'kill');
  const oom = sinceStart.some((event) => event.action === 'oom');
  return signalled && !oom ? die : undefined;
}

const COMPARE =
  "Compare its limit (`docker inspect worker --format '{{.HostConfig.Memory}}'`, or the LIMIT column of `docker stats --no-stream worker`) " +
  'with what the exports still waiting in the backlog need.';

/**
 * Criterion 4: the worker runs, has not died since it was last started, and its memory limit
 * covers the largest export it still has to get through. Any way there counts (update and start,
 * recreate with more memory, ...). State.OOMKilled alone proves nothing: Engine 20.10 keeps it
 * true after a restart, so this reads status, exit code, StartedAt and events.
 */
export function judgeWorkerHeadroom(snapshot: Snapshot, baseline: Baseline, _context: JudgeContext): Verdict {
  const worker = snapshot.containers.worker;
  const need = headroomNeeded(snapshot, baseline);
  if (!worker.exists) {
    return verdict('worker-headroom', false, ['no container named worker exists', `needed: ${need.requiredMiB} MiB for ${need.what}`], {
      hint:
        "Without a worker container nothing will ever consume the queue. `docker ps -a` lists what exists; the lab's compose file defines the worker it had " +
        '(`async-outage-lab reset` rebuilds the lab if you removed it by mistake).',
    });
  }

  const takenAt = snapshot.takenAt;
  const limit = effectiveMemoryLimit(worker);
  const limitOk = limit.bytes === undefined || limit.bytes >= need.requiredMiB * MIB;
  const limitLine = `${limitText(limit)} ${limitOk ? '≥' : '<'} ${need.requiredMiB} MiB needed by ${need.what}`;
  const sameContainer = worker.id === baseline.worker.id;
  const which = sameContainer
    ? `container ${shortId(worker.id)}, the one from the outage`
    : `container ${shortId(worker.id)}, created since the outage (that one was ${shortId(baseline.worker.id)})`;
  const { start, after } = sinceLatestStart(snapshot.workerEvents, worker.id, worker.startedAt);
  const died = deaths(after);
  const lastSample = snapshot.drain.at(-1);
  const diedInWindow = stoppedDuringCheck(worker, snapshot.drain) !== undefined;

  if (worker.running && !diedInWindow && !died.oom && !died.die) {
    const evidence = [`worker: running since ${when(worker.startedAt, takenAt)}, ${which}`, limitLine];
    // The container's StartedAt, not the start event's time: Engine 28 sends the event a second or
    // two after the process started, and the line above already names StartedAt.
    const startedAt = worker.startedAt ?? start?.time;
    evidence.push(`no OOM kill or exit since it was last started${startedAt ? ` (at ${when(startedAt, takenAt)})` : ''}`);
    // OOM kills of runs started after the outage: the outage's own oom event lands within a few ms
    // of its FinishedAt, on either side, so count from the first start after it.
    const restarted = snapshot.workerEvents.find((event) => event.action === 'start' && later(event.time, baseline.worker.finishedAt));
    const deathsSinceOutage = restarted ? snapshot.workerEvents.filter((event) => event.action === 'oom' && later(event.time, restarted.time)).length : 0;
    if (deathsSinceOutage > 0) {
      evidence.push(
        `since the outage it has been OOM-killed ${deathsSinceOutage === 1 ? 'once more' : `${deathsSinceOutage} more times`}${worker.restartCount ? ` (Docker restarted it ${worker.restartCount} × under its restart policy)` : ''}: each death left the export in hand in \`unacked\``,
      );
    }
    const order = deathsSinceOutage > 0 ? updateOrderLine(snapshot.workerEvents, true, takenAt) : undefined;
    if (order) evidence.push(order);
    const stop = orderlyStopBefore(snapshot.workerEvents, start);
    if (stop)
      evidence.push(
        `before that it was stopped by Docker at ${when(stop.time, takenAt)} (exit ${stop.exitCode ?? '?'}, no OOM kill): a restart of a worker that has room loses nothing, since a job it had not finished waits in \`unacked\``,
      );
    if (sameContainer && worker.oomKilled) {
      evidence.push('State.OOMKilled still reads true: Docker Engine 20.10 keeps the flag from the earlier kill after a restart, so it says nothing about now');
    }
    if (limitOk) return verdict('worker-headroom', true, evidence);
    return verdict('worker-headroom', false, evidence, {
      hint: `It is up for now, but the backlog still holds an export bigger than its limit allows: it will be killed again when it gets there. ${COMPARE}`,
    });
  }

  if (worker.status === 'paused') {
    return verdict('worker-headroom', false, [`worker: paused (${which})`, limitLine], {
      hint: 'A paused container keeps its memory but runs nothing: `docker ps` shows (Paused) in its STATUS.',
    });
  }

  if (sameContainer && !worker.running && !later(worker.startedAt, baseline.worker.finishedAt)) {
    return verdict(
      'worker-headroom',
      false,
      [
        `worker: ${stateOf(worker)} since ${when(worker.finishedAt ?? baseline.worker.finishedAt, takenAt)}: the container from the outage, not started since`,
        limitLine,
      ],
      {
        hint:
          'A container that exited stays exited: nothing starts it again on its own (it has no restart policy). `docker ps -a` shows how long ago it stopped. ' +
          'And before it runs again: what will it meet in the backlog? ' +
          COMPARE,
      },
    );
  }

  if (!worker.running && !worker.startedAt) {
    return verdict('worker-headroom', false, [`worker: ${stateOf(worker)}, ${which}, never started`, limitLine], {
      hint: 'A created container does nothing until it is started: `docker ps -a` shows its STATUS as Created.',
    });
  }

  // It was started after the outage and has died again (or is dying over and over).
  const exitCode = died.die?.exitCode ?? (worker.running ? undefined : worker.exitCode);
  const killed = died.oom || exitCode === 137;
  const deathTime = worker.running ? (died.die?.time ?? lastSample?.at) : (worker.finishedAt ?? died.die?.time);
  const deathAt = typeof deathTime === 'number' ? when(new Date(deathTime).toISOString(), takenAt) : when(deathTime, takenAt);
  const how = died.oom ? 'OOM-killed' : killed ? 'killed (exit 137)' : exitCode !== undefined ? `exited (${exitCode})` : 'stopped running';
  const restarting = (diedInWindow ? lastSample?.workerStatus : worker.status) === 'restarting';
  const now = diedInWindow ? `${lastSample?.workerStatus} (it stopped running during this check)` : stateOf(worker);
  const evidence = [
    `worker: started again at ${when(worker.startedAt ?? start?.time, takenAt)} (${which}), then ${how} at ${deathAt}`,
    `now: ${now}${restarting ? ': Docker starts it again under its restart policy once its back-off ends' : ''}`,
    limitLine,
  ];
  const order = updateOrderLine(snapshot.workerEvents, worker.running === true && !restarting && !diedInWindow, takenAt);
  if (order) evidence.push(order);
  // `docker kill` (or `docker stop` past its timeout) sends a kill event before the die; the OOM killer sends none.
  const signalled = [...after].reverse().find((event) => event.action === 'kill');
  if (!died.oom && signalled && exitCode !== 0) {
    evidence.push(
      `Docker sent it signal ${signalled.signal ?? '?'} at ${when(signalled.time, takenAt)}${signalled.signal === 9 ? ' (SIGKILL: `docker kill`)' : ''}, and no OOM kill came before its exit`,
    );
    return verdict('worker-headroom', false, evidence, {
      hint:
        "This death was not the kernel's: a docker command ended the worker. A killed worker leaves the job in its hands in `unacked`, where it waits out the visibility timeout. " +
        '`docker events --filter container=worker --since 1h` shows the kill; `docker start worker` brings it back with the memory it has now.',
    });
  }
  if (!killed && exitCode === 0) {
    return verdict('worker-headroom', false, evidence, {
      hint: 'It was started and then stopped in an orderly way; while it is stopped, nothing consumes. `docker events --filter container=worker --since 1h` lists each start and stop.',
    });
  }
  if (!killed && exitCode !== undefined) {
    return verdict('worker-headroom', false, evidence, {
      hint: `It came back and exited with code ${exitCode}: an error of its own, not a kill. \`docker logs --tail 30 worker\` shows what it last did and why it stopped.`,
    });
  }
  return verdict('worker-headroom', false, evidence, {
    hint:
      'It came back and died again. What did it meet in the backlog? `docker events --filter container=worker --since 1h` lists every oom and die. ' + COMPARE,
  });
}

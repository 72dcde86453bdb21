import type { Baseline } from '../lab/baseline.js';
import type { DrainSample, Snapshot } from '../observe/snapshot.js';
import { count, plural } from './facts.js';
import { DRAIN_MIN_DROP, DRAIN_MIN_SAMPLES, DRAIN_NEAR_EMPTY, LISTED_IDS } from './tolerances.js';
import type { JudgeContext } from './types.js';
import { verdict, type Verdict } from './verdict.js';

const AGAIN = 'Run `async-outage-lab check` again: it reads the queue for about 10 s while the worker runs.';

/** A sample the observer could read in full (it writes -1 for what it could not read). */
const readable = (sample: DrainSample) => sample.queueDepth >= 0 && sample.ready >= 0;

function signed(n: number): string {
  return n > 0 ? `+${count(n)}` : n < 0 ? `-${count(-n)}` : '±0';
}

/**
 * Criterion 5: over the sampling window the worker runs and the queue goes down (or stays at
 * the few exports customers keep adding) while finished exports go up. After `check --wait`,
 * the queue must have reached 0 and every large export must have finished.
 */
export function judgeBacklogDraining(snapshot: Snapshot, baseline: Baseline, context: JudgeContext): Verdict {
  const samples = snapshot.drain.filter(readable);
  const unreadable = snapshot.drain.length - samples.length;
  const worker = snapshot.containers.worker;
  const workerStatus = snapshot.drain.at(-1)?.workerStatus ?? (worker.exists ? (worker.status ?? (worker.running ? 'running' : 'unknown')) : 'missing');
  const depthNow = samples.at(-1)?.queueDepth ?? snapshot.broker.queueDepth;

  if (workerStatus !== 'running') {
    const evidence = [`worker: ${workerStatus === 'missing' ? 'no such container' : workerStatus}: nothing is taking jobs off the queue`];
    if (depthNow !== undefined) evidence.push(`queue depth: ${count(depthNow)}`);
    if (samples.length >= 2) evidence.push(`queue depth over the window: ${samples.map((s) => count(s.queueDepth)).join(' → ')}`);
    return verdict('backlog-draining', false, evidence, {
      hint: 'A queue only goes down while something consumes it. `docker exec redis redis-cli LLEN celery`, twice a few seconds apart, shows which way it moves.',
    });
  }
  if (samples.length < DRAIN_MIN_SAMPLES) {
    const evidence = [`only ${plural(samples.length, 'reading')} of the queue${unreadable ? ` (${unreadable} more unreadable)` : ''}: a trend needs at least ${DRAIN_MIN_SAMPLES}`];
    if (depthNow !== undefined) evidence.push(`queue depth: ${count(depthNow)}`);
    return verdict('backlog-draining', false, evidence, { hint: AGAIN });
  }

  const first = samples[0]!;
  const last = samples.at(-1)!;
  const seconds = Math.max(0, (last.at - first.at) / 1000);
  const drop = first.queueDepth - last.queueDepth;
  const finished = last.ready - first.ready;
  const path = samples.length <= 12 ? samples.map((s) => count(s.queueDepth)).join(' → ') : `${count(first.queueDepth)} → … → ${count(last.queueDepth)}`;
  const evidence = [
    `queue depth over ${seconds.toFixed(0)} s (${plural(samples.length, 'sample')}): ${path} (${signed(-drop)})`,
    `finished exports: ${count(first.ready)} → ${count(last.ready)} (${signed(finished)})`,
  ];
  if (unreadable) evidence.push(`${plural(unreadable, 'sample')} could not be read and ${unreadable === 1 ? 'was' : 'were'} left out`);

  const nearEmpty = last.queueDepth <= DRAIN_NEAR_EMPTY;
  const falling = drop >= DRAIN_MIN_DROP;
  // Exports finished, or the queue was empty all along. A queue that emptied with nothing finished
  // was cleared, not drained.
  const progressing = finished > 0 || (last.queueDepth === 0 && drop < DRAIN_MIN_DROP);
  if (!(nearEmpty || falling) || !progressing) {
    if (falling && !progressing) {
      return verdict('backlog-draining', false, evidence.concat('the queue shrank but no export finished: jobs left the queue without being processed'), {
        hint: '`docker exec redis redis-cli INFO commandstats` counts the DEL, LTRIM and FLUSHALL calls Redis has run; `docker logs --tail 20 worker` shows what the worker did.',
      });
    }
    const direction = drop < 0 ? `the queue grew by ${count(-drop)}` : drop === 0 ? 'the queue did not go down' : `the queue fell by only ${count(drop)}`;
    return verdict('backlog-draining', false, evidence.concat(`${direction} while the worker was running`), {
      hint:
        'The worker is up but the queue is not going down. A large export holds the queue still while the worker builds it: ' +
        '`docker logs --tail 5 worker` shows what it is on, and `docker stats --no-stream worker` its memory against its limit. ' +
        AGAIN,
    });
  }

  if (nearEmpty) {
    evidence.push(`the queue is down to ${count(last.queueDepth)}: new exports are taken as they arrive`);
  } else if (seconds > 0) {
    const perMinute = (drop / seconds) * 60;
    const minutes = last.queueDepth / perMinute;
    evidence.push(`falling by about ${count(Math.round(perMinute))} a minute: empty in about ${minutes < 1 ? 'a minute' : `${Math.ceil(minutes)} min`} at this pace`);
  }

  const ledger = snapshot.web.reachable ? snapshot.web.ledger : undefined;
  const seeded = new Set(baseline.backlog.seededIds);
  const largeIds = baseline.backlog.largeIds.filter((id) => seeded.has(id));
  const readyIds = new Set((ledger ?? []).filter((entry) => entry.ready).map((entry) => entry.id));
  const largeDone = largeIds.filter((id) => readyIds.has(id)).length;
  if (ledger) evidence.push(`large exports finished: ${count(largeDone)} of ${count(largeIds.length)}`);

  if (!context.waited) return verdict('backlog-draining', true, evidence);

  // check --wait: the drain has to have run to the end, through every large export.
  const lowest = Math.min(...samples.map((s) => s.queueDepth));
  if (lowest > 0) {
    return verdict('backlog-draining', false, evidence.concat(`after waiting, the queue never reached 0 (lowest: ${count(lowest)})`), {
      hint: 'The drain is not over yet. `docker exec redis redis-cli LLEN celery` shows how far it has to go; `check --wait` follows it to the end.',
    });
  }
  if (!ledger) {
    return verdict('backlog-draining', false, evidence.concat(`the ledger could not be read to confirm the large exports finished: ${snapshot.web.error ?? 'no reply'}`), {
      hint: '`docker ps -a` and `docker logs web` show whether web is up.',
    });
  }
  const unfinished = largeIds.filter((id) => !readyIds.has(id));
  if (unfinished.length > 0) {
    const ids = unfinished.slice(0, LISTED_IDS).map((id) => `${id.slice(0, 8)}…`).join(', ') + (unfinished.length > LISTED_IDS ? ', …' : '');
    return verdict('backlog-draining', false, evidence.concat(`the queue reached 0, but ${plural(unfinished.length, 'large export')} never finished (${ids})`), {
      hint: 'An export that leaves the queue and never finishes went down with a worker. `docker events --filter container=worker --since 1h` lists every oom and die.',
    });
  }
  return verdict('backlog-draining', true, evidence.concat(`the queue reached 0 and all ${count(largeIds.length)} large exports finished: the worker survived every one`));
}

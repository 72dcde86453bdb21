import { accountExports, inCurrentHands } from '../../../kits/celery-redis/account/account.js';
import { accountLine, parkedLines, restartCostLesson } from '../../../kits/celery-redis/account/account-text.js';
import { DRAIN_MIN_DROP, DRAIN_MIN_SAMPLES, DRAIN_NEAR_EMPTY } from '../../../kits/celery-redis/criteria/tolerances.js';
import type { DrainSample, Snapshot } from '../../../kits/celery-redis/observe/snapshot.js';
import type { JudgeContext } from '../../../scenario/judge.js';
import type { Baseline } from '../baseline.js';
import { count, deaths, plural, sinceLatestStart } from './facts.js';
import { type Verdict, verdict } from './verdict.js';

interface DrainEnd {
  over: boolean;
  /** Not over, and waiting longer cannot make it so (work is gone, the worker died): fails with or without --wait. */
  final?: boolean;
  evidence: string[];
  hint?: string;
  lesson?: string;
}

/**
 * Is the drain over? The queue is at 0, the worker that runs now has survived every export it
 * took since its last start, none of the seeded backlog is still in its hands or waiting, and no
 * export is gone. Exports parked in `unacked` by the outage or by a run that ended since are not
 * the drain's to finish: kombu returns them after the visibility timeout; they are reported.
 */
function drainEnd(snapshot: Snapshot, baseline: Baseline, depthNow: number | undefined): DrainEnd {
  if (depthNow !== 0) return { over: false, evidence: [] };
  if (!snapshot.web.reachable || !snapshot.web.ledger) {
    return {
      over: false,
      evidence: [`the ledger could not be read to confirm every export was worked through: ${snapshot.web.error ?? 'no reply'}`],
      hint: '`docker ps -a` and `docker logs web` show whether web is up.',
    };
  }
  if (!snapshot.broker.reachable) {
    return {
      over: false,
      evidence: [`Redis could not be read to confirm what it still holds: ${snapshot.broker.error ?? 'no reply'}`],
      hint: '`docker ps -a` and `docker logs redis` show whether redis is up.',
    };
  }
  const account = accountExports(snapshot, baseline);
  const seeded = new Set(baseline.backlog.seededIds);
  const inHands = inCurrentHands(account).filter((item) => seeded.has(item.entry.id));
  const waitingSeeded = account.waiting.filter((entry) => seeded.has(entry.id));
  const evidence = [`exports: ${accountLine(account)}`, ...parkedLines(account, snapshot.takenAt)];
  if (account.gone.length > 0) {
    return {
      over: false,
      final: true,
      evidence: evidence.concat(
        `the queue is at 0, but ${plural(account.gone.length, 'export is', 'exports are')} gone: a drain that ends by throwing work away is not a drain (criterion 3 has the details)`,
      ),
      hint: 'See the "No accepted export thrown away" line above.',
    };
  }
  const worker = snapshot.containers.worker;
  const { after } = sinceLatestStart(snapshot.workerEvents, worker.id, worker.startedAt);
  const died = deaths(after);
  const stopped = snapshot.drain.find((sample) => sample.workerStatus !== undefined && sample.workerStatus !== 'running');
  if (died.oom || died.die || stopped) {
    return {
      over: false,
      final: true,
      evidence: evidence.concat(`the queue is at 0, but the worker has ${died.oom ? 'been OOM-killed' : 'stopped'} since it was last started`),
      hint: 'See the "Worker back up" line above.',
    };
  }
  if (inHands.length > 0 || waitingSeeded.length > 0) {
    const left = inHands.length + waitingSeeded.length;
    return {
      over: false,
      evidence: evidence.concat(`the queue is at 0, but the worker still has ${plural(left, 'export')} of the backlog to finish`),
      hint: AGAIN,
    };
  }
  const lesson = restartCostLesson(account, snapshot.takenAt);
  return {
    over: true,
    evidence: evidence.concat('the queue reached 0, and the worker that runs now has survived every export it took since it was last started'),
    ...(lesson ? { lesson } : {}),
  };
}

const AGAIN = 'Run `async-outage-lab check` again: it reads the queue for about 10 s while the worker runs.';

/** A sample the observer could read in full (it writes -1 for what it could not read). */
const readable = (sample: DrainSample) => sample.queueDepth >= 0 && sample.ready >= 0;

function signed(n: number): string {
  return n > 0 ? `+${count(n)}` : n < 0 ? `-${count(-n)}` : '±0';
}

/**
 * Criterion 5: the drain is over (see drainEnd), or, mid-drain, the worker runs over the sampling
 * window and the queue goes down (or stays at the few exports customers keep adding) while
 * finished exports go up. `check --wait` demands the end of the drain; both modes fail alike
 * where waiting cannot help (work gone, the worker dead).
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
  // The queue reached 0 at the window's last sample or when Redis was read just after it; the
  // account (of that read) then says whether any of the backlog is left (a customer's new export is not).
  const lowestNow = Math.min(
    depthNow ?? Number.POSITIVE_INFINITY,
    snapshot.broker.reachable ? (snapshot.broker.queueDepth ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY,
  );
  const end = drainEnd(snapshot, baseline, Number.isFinite(lowestNow) ? lowestNow : undefined);
  if (end.over) {
    const evidence = [
      `queue depth: ${count(depthNow ?? 0)}${samples.length ? ` (${plural(samples.length, 'reading')} over this check)` : ''}`,
      ...end.evidence,
    ];
    return verdict('backlog-draining', true, evidence, end.lesson ? { lesson: end.lesson } : {});
  }
  if (end.final || (context.waited && end.evidence.length > 0)) {
    return verdict('backlog-draining', false, [`queue depth: ${count(depthNow ?? 0)}`, ...end.evidence], { hint: end.hint ?? AGAIN });
  }
  if (samples.length < DRAIN_MIN_SAMPLES) {
    const evidence = [
      `only ${plural(samples.length, 'reading')} of the queue${unreadable ? ` (${unreadable} more unreadable)` : ''}: a trend needs at least ${DRAIN_MIN_SAMPLES}`,
    ];
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
    evidence.push(
      `falling by about ${count(Math.round(perMinute))} a minute: empty in about ${minutes < 1 ? 'a minute' : `${Math.ceil(minutes)} min`} at this pace`,
    );
  }

  if (!context.waited) return verdict('backlog-draining', true, withLargeProgress(evidence, snapshot, baseline));

  // check --wait: the drain has to have run to the end, through every large export.
  const lowest = Math.min(...samples.map((s) => s.queueDepth));
  return verdict(
    'backlog-draining',
    false,
    withLargeProgress(evidence, snapshot, baseline).concat(`after waiting, the queue never reached 0 (lowest: ${count(lowest)})`),
    {
      hint: 'The drain is not over yet. `docker exec redis redis-cli LLEN celery` shows how far it has to go; `check --wait` follows it to the end.',
    },
  );
}

/** Evidence line: how many of the backlog's large exports have finished. */
function withLargeProgress(evidence: string[], snapshot: Snapshot, baseline: Baseline): string[] {
  const ledger = snapshot.web.reachable ? snapshot.web.ledger : undefined;
  if (!ledger) return evidence;
  const large = new Set(baseline.backlog.largeIds);
  const done = ledger.filter((entry) => entry.ready && large.has(entry.id)).length;
  return evidence.concat(`large exports finished: ${count(done)} of ${count(large.size)}`);
}

import { count, plural } from '../../../kits/celery-redis/criteria/facts.js';
import { DRAIN_MIN_DROP, DRAIN_NEAR_EMPTY } from '../../../kits/celery-redis/criteria/tolerances.js';
import type { DrainSample } from '../../../kits/celery-redis/observe/snapshot.js';
import type { JudgeContext } from '../../../scenario/judge.js';
import { accountPoison } from '../account.js';
import type { PoisonBaseline } from '../baseline.js';
import type { PoisonSnapshot } from '../snapshot.js';
import { type Verdict, verdict } from './verdict.js';

const AGAIN = 'Run `async-outage-lab check` again (or `check --wait` to follow the drain to its end).';
const readable = (sample: DrainSample) => sample.queueDepth >= 0 && sample.ready >= 0;

/**
 * Criterion 6: the backlog drains to 0. Over the check's window the queue falls while exports
 * finish, or it is at 0 with none of the seeded backlog left; `check --wait` asks for the 0. The
 * export set aside is not the worker's to finish; an export gone fails it (criterion 4 names it).
 */
export function judgeBacklogDrained(snapshot: PoisonSnapshot, baseline: PoisonBaseline, context: JudgeContext): Verdict {
  const samples = snapshot.drain.filter(readable);
  const last = samples.at(-1);
  const status = snapshot.drain.at(-1)?.workerStatus ?? snapshot.containers.worker.status ?? 'missing';
  const depth = Math.min(last?.queueDepth ?? Number.POSITIVE_INFINITY, snapshot.broker.queueDepth ?? Number.POSITIVE_INFINITY);
  const depthText = Number.isFinite(depth) ? count(depth) : 'unknown';
  if (status !== 'running' || !last) {
    return verdict('backlog-drained', false, [`worker: ${status}: nothing takes exports off the queue`, `queue depth: ${depthText}`], {
      hint: 'A queue only goes down while a worker consumes it. `docker exec redis redis-cli LLEN celery`, twice a few seconds apart, shows which way it moves.',
    });
  }
  const account = accountPoison(snapshot, baseline);
  // The poison export's fate is criterion 3's; any other export gone means the queue was emptied, not drained.
  const gone = account.gone.filter((entry) => entry.id !== baseline.poison.id);
  if (gone.length > 0) {
    return verdict(
      'backlog-drained',
      false,
      [`queue depth: ${depthText}`, `${plural(gone.length, 'export is', 'exports are')} gone: a queue emptied by deleting is not drained`],
      { hint: 'See the "Every other export" line above.' },
    );
  }
  const seeded = new Set(baseline.backlog.seededIds);
  const left =
    account.waiting.filter((entry) => seeded.has(entry.id)).length +
    account.parked.filter((item) => seeded.has(item.entry.id) && item.delivery === 'current').length;
  const first = samples[0]!;
  const path = samples.length <= 12 ? samples.map((s) => count(s.queueDepth)).join(' → ') : `${count(first.queueDepth)} → … → ${count(last.queueDepth)}`;
  const evidence = [`queue depth over ${plural(samples.length, 'reading')}: ${path}`, `finished exports: ${count(first.ready)} → ${count(last.ready)}`];
  if (depth === 0 && left === 0)
    return verdict('backlog-drained', true, [...evidence, 'the queue is at 0 and every export of the backlog has been worked through']);
  if (context.waited) {
    return verdict('backlog-drained', false, [...evidence, `after waiting, ${count(left)} of the backlog still to do (queue ${depthText})`], { hint: AGAIN });
  }
  if (samples.length < 2) return verdict('backlog-drained', false, [...evidence, 'a trend needs at least 2 readings'], { hint: AGAIN });
  const falling = first.queueDepth - last.queueDepth >= DRAIN_MIN_DROP || last.queueDepth <= DRAIN_NEAR_EMPTY;
  if (falling && last.ready > first.ready)
    return verdict('backlog-drained', true, [...evidence, `falling while exports finish: on its way to 0 (${count(left)} of the backlog to go)`]);
  return verdict('backlog-drained', false, [...evidence, 'the queue is not going down while the worker runs'], {
    hint: 'The worker is up but the queue is not moving. `docker logs --tail 5 worker` shows what it is doing. ' + AGAIN,
  });
}

import { accountExports, parkedBy } from '../../../kits/celery-redis/account/account.js';
import { accountLine } from '../../../kits/celery-redis/account/account-text.js';
import { count, plural } from '../../../kits/celery-redis/wording.js';
import type { JudgeContext } from '../../../scenario/judge.js';
import type { Baseline } from '../baseline.js';
import type { Snapshot } from '../observe/snapshot.js';
import { parkedLines } from './account-text.js';
import { type Verdict, verdict } from './verdict.js';

const AGAIN = 'Run `async-outage-lab check --wait` to follow the drain to its end.';

/**
 * Criterion 5: the backlog is worked through. The queue reads 0 at the end of the window and at
 * the read of Redis, no backlog export waits or sits in a connected worker's hands, and none is
 * gone. Exports the cut worker held stay in `unacked` until kombu returns them: they are reported.
 */
export function judgeBacklogDrained(snapshot: Snapshot, baseline: Baseline, _context: JudgeContext): Verdict {
  const depth = snapshot.broker.reachable ? snapshot.broker.queueDepth : undefined;
  const samples = snapshot.drain;
  const first = samples[0];
  const last = samples.at(-1);
  const window =
    first && last && samples.length > 1
      ? `queue ${count(first.queueDepth)} -> ${count(last.queueDepth)} over ${((last.at - first.at) / 1000).toFixed(0)} s, ${plural(Math.max(0, last.ready - first.ready), 'export')} finished meanwhile`
      : undefined;
  const evidence = [
    `queue depth now: ${depth === undefined ? 'unreadable' : count(depth)} (at the hand-over: ${count(baseline.backlog.depthAtHandover)})`,
    ...(window ? [window] : []),
  ];
  if (depth !== 0) {
    const moving = first && last && last.queueDepth < first.queueDepth;
    return verdict('backlog-drained', false, evidence, {
      hint: moving ? AGAIN : 'Nothing takes jobs off the queue yet. What would consume it, and can it reach redis?',
    });
  }
  if (!snapshot.web.reachable || !snapshot.web.ledger)
    return verdict('backlog-drained', false, evidence.concat('the ledger could not be read to confirm it'), { hint: AGAIN });
  const account = accountExports(snapshot, baseline);
  evidence.push(`exports: ${accountLine(account)}`, ...parkedLines(account, snapshot.takenAt));
  if (account.gone.length)
    return verdict('backlog-drained', false, evidence.concat(`the queue is at 0, but ${plural(account.gone.length, 'export is', 'exports are')} gone`), {
      hint: 'See the "No accepted export thrown away" line above.',
    });
  const seeded = new Set(baseline.backlog.seededIds);
  const left =
    parkedBy(account.parked, 'current').filter((item) => seeded.has(item.entry.id)).length + account.waiting.filter((entry) => seeded.has(entry.id)).length;
  if (left > 0)
    return verdict('backlog-drained', false, evidence.concat(`the queue is at 0, but ${plural(left, 'backlog export')} still in the worker's hands`), {
      hint: AGAIN,
    });
  return verdict('backlog-drained', true, evidence);
}

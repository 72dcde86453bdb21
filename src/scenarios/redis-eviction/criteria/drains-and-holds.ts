import { clock } from '../../../kits/celery-redis/wording.js';
import type { JudgeContext } from '../../../scenario/judge.js';
import type { Baseline } from '../baseline.js';
import type { AftershockRecord, Snapshot } from '../observe/snapshot.js';
import { type Verdict, verdict } from './verdict.js';

/**
 * The burst a plain `check` may judge by: the one the last `check --wait` sent, while it holds
 * (the same redis, and nothing evicted since); else why it no longer does.
 */
function keptBurst(snapshot: Snapshot): AftershockRecord | { stale: string } | undefined {
  const kept = snapshot.keptAftershock;
  if (!kept) return undefined;
  const runId = snapshot.broker.reachable ? snapshot.broker.runId : undefined;
  if (runId !== kept.runId) return { stale: 'redis has restarted since (a new run_id)' };
  const evictedNow = snapshot.memory?.evictedKeys;
  if (evictedNow !== kept.evictedAfter) return { stale: `evicted_keys went from ${kept.evictedAfter} to ${evictedNow ?? '?'} since` };
  const { labCreatedAt: _lab, sentAt: _at, runId: _run, ...record } = kept;
  return record;
}

/**
 * Criterion 5: after the fix the backlog drains to 0, and a burst of new exports (the aftershock
 * `check --wait` sends once the loss looks stopped) is neither evicted nor refused.
 * A plain `check` judges by the burst the last `check --wait` sent, while it holds.
 */
export function judgeDrainsAndHolds(snapshot: Snapshot, _baseline: Baseline, context: JudgeContext): Verdict {
  const worker = snapshot.containers.worker;
  if (!worker.exists || !worker.running) {
    return verdict('drains-and-holds', false, [`worker is ${worker.exists ? (worker.status ?? 'not running') : 'missing'}: nothing consumes the queue`], {
      hint: 'Something stopped the worker. `docker logs worker` ends with why.',
    });
  }
  const samples = snapshot.drain.filter((sample) => sample.queueDepth >= 0 && sample.evictedKeys >= 0);
  const first = samples[0];
  const last = samples.at(-1);
  const evidence: string[] = [];
  if (first && last) {
    evidence.push(
      `queue ${first.queueDepth} → ${last.queueDepth} over ${((last.at - first.at) / 1000).toFixed(0)} s; evicted_keys ${first.evictedKeys} → ${last.evictedKeys}`,
    );
  }
  const kept = snapshot.aftershock ? undefined : keptBurst(snapshot);
  if (kept && 'stale' in kept) {
    return verdict('drains-and-holds', false, [...evidence, `the burst the last \`check --wait\` sent no longer holds: ${kept.stale}`], {
      hint: '`async-outage-lab check --wait` sends a new burst and follows the drain to its end.',
    });
  }
  const shock = snapshot.aftershock ?? kept;
  if (!shock || 'skipped' in shock) {
    const why = shock ? shock.skipped : context.waited ? 'no burst was sent' : 'only `check --wait` sends one';
    return verdict('drains-and-holds', false, [...evidence, `no burst of new exports was sent: ${why}`], {
      hint: 'Once the loss is stopped, `async-outage-lab check --wait` sends a burst of exports and follows the drain to its end.',
    });
  }
  const evicted = shock.evictedAfter - shock.evictedBefore;
  evidence.push(
    `a burst of ${shock.sent} exports: ${shock.accepted} queued, ${shock.refused} refused; evicted_keys ${shock.evictedBefore} → ${shock.evictedAfter}`,
  );
  if (kept)
    evidence.push(
      `judged by the burst the last \`check --wait\` sent, at ${clock(snapshot.keptAftershock?.sentAt, snapshot.takenAt)}: Redis has evicted nothing since`,
    );
  const drained = last !== undefined && last.queueDepth === 0;
  const problems = [
    evicted > 0 ? `Redis evicted ${evicted} key(s) during the burst` : '',
    shock.refused > 0 ? `Redis refused ${shock.refused} of the burst's exports (${shock.firstError ?? 'no reason given'}): the web answered errors` : '',
    !drained ? `the queue did not reach 0 (${last?.queueDepth ?? '?'} left when the check ended)` : '',
  ].filter(Boolean);
  if (problems.length === 0) return verdict('drains-and-holds', true, evidence);
  return verdict('drains-and-holds', false, [...problems, ...evidence], {
    hint:
      evicted > 0 || shock.refused > 0
        ? 'A burst still costs exports. `docker exec redis redis-cli INFO memory` and `CONFIG GET maxmemory*` show what Redis does when it fills.'
        : '`async-outage-lab check --wait` follows the drain to its end.',
  });
}

import type { JudgeContext } from '../../../scenario/judge.js';
import type { Baseline } from '../baseline.js';
import type { Snapshot } from '../observe/snapshot.js';
import { type Verdict, verdict } from './verdict.js';

/**
 * Criterion 5: after the fix the backlog drains to 0, and a burst of new exports (the aftershock
 * `check --wait` sends once the loss looks stopped) is neither evicted nor refused.
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
  const shock = snapshot.aftershock;
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

import type { JudgeContext } from '../../../scenario/judge.js';
import type { Baseline } from '../baseline.js';
import { SAFE_POLICY } from '../figures.js';
import type { Snapshot } from '../observe/snapshot.js';
import { accountExports, accountLine, someIds } from './account.js';
import { type Verdict, verdict } from './verdict.js';

const plural = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;

/**
 * Criterion 3: every export the web accepted is finished, waiting, or in `unacked`, by id, with no
 * slack. The evictions explain the loss; they never excuse an id still missing after the fix.
 */
export function judgeLossRecovered(snapshot: Snapshot, baseline: Baseline, _context: JudgeContext): Verdict {
  const { web, broker } = snapshot;
  if (!web.reachable || !web.ledger) {
    return verdict('loss-recovered', false, [`the web's ledger could not be read: ${web.error ?? 'no ledger in its reply'}`], {
      hint: 'Nothing can be accounted for without the ledger web keeps. `docker ps -a` and `docker logs web` show whether web is up.',
    });
  }
  if (!broker.reachable)
    return verdict('loss-recovered', false, [`Redis could not be read: ${broker.error ?? 'no reply'}`], {
      hint: 'The jobs live in Redis. `docker ps -a` and `docker logs redis` show whether redis is up.',
    });
  const account = accountExports(snapshot, baseline);
  const evidence = [`${plural(account.judged.length, 'accepted export')} in the ledger: ${accountLine(account)}`];
  if (account.settled.length > 0)
    evidence.push(`${plural(account.settled.length, 'export')} in transit between the queue and \`unacked\` at the first read, found on a re-read`);
  if (account.tooNew > 0) evidence.push(`${plural(account.tooNew, 'export')} accepted after Redis was read: left for the next check`);
  if (account.gone.length === 0) {
    return verdict('loss-recovered', true, evidence, {
      lesson: `${plural(baseline.busyHour.lostIds.length, 'export')} had vanished by the hand-over; the web's ledger is what made them countable, and queueing them again what brought them back.`,
    });
  }
  const settle = broker.settle;
  const reread = settle && settle.reads > 0 ? `, still missing after ${plural(settle.reads, 're-read')} over ${(settle.ms / 1000).toFixed(1)} s` : '';
  const since = account.goneSinceHandover.length;
  evidence.unshift(
    `${plural(account.gone.length, 'accepted export is', 'accepted exports are')} nowhere: not finished, not queued, not in \`unacked\` (${someIds(account.gone)}${reread})` +
      (since > 0 ? `; ${plural(since, 'of them was', 'of them were')} accepted or still held at the hand-over` : ''),
  );
  const stillEvicting = snapshot.memory !== undefined && snapshot.memory.policy !== SAFE_POLICY;
  return verdict('loss-recovered', false, evidence, {
    hint:
      'The web keeps a record of every export it accepted, and its operators have a tool to queue again the ones nothing holds: look at what the web container offers (`docker exec web ls /usr/local/bin`).' +
      (stillEvicting ? ' Anything queued again while Redis still evicts can vanish the same way.' : ''),
  });
}

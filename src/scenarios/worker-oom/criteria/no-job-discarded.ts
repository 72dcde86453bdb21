import { accountExports, type ExportAccount } from '../../../kits/celery-redis/account/account.js';
import { accountLine, parkedLines } from '../../../kits/celery-redis/account/account-text.js';
import { LISTED_IDS } from '../../../kits/celery-redis/criteria/tolerances.js';
import type { LedgerEntry, Snapshot } from '../../../kits/celery-redis/observe/snapshot.js';
import type { JudgeContext } from '../../../scenario/judge.js';
import type { Baseline } from '../baseline.js';
import { clock, count, plural } from './facts.js';
import { type Verdict, verdict } from './verdict.js';

const START_OVER = '`async-outage-lab reset` sets the same outage up again if you want another go.';

/**
 * What became of the export the worker held when the kernel killed it. On this stack (Celery 5.5,
 * kombu 5.5, solo pool) the message stays in kombu's `unacked` hash, because a worker killed
 * mid-task never acknowledges it, and kombu restores it to the queue only once the visibility
 * timeout has passed.
 */
function inFlightLesson(baseline: Baseline, snapshot: Snapshot, account: ExportAccount): string {
  const id = baseline.backlog.inFlightId;
  const name = `Export ${id.slice(0, 8)}… (${count(baseline.backlog.inFlightRows)} rows)`;
  if (account.finished.some((entry) => entry.id === id)) {
    return `${name} was in the worker's hands when the kernel killed it; Redis kept it in the \`unacked\` hash and it has since been delivered again and finished.`;
  }
  const parked = account.parked.find((item) => item.entry.id === id);
  if (parked || account.waiting.some((entry) => entry.id === id)) {
    const back = parked?.returnsAt ? ` (here: at ${clock(parked.returnsAt, snapshot.takenAt)})` : '';
    return (
      `${name} was in the worker's hands when the kernel killed it. It is not lost: kombu keeps every delivered job in Redis's \`unacked\` hash until the worker ` +
      `acknowledges it, and a killed worker never does. It goes back on the queue once the visibility timeout (an hour by default) has passed${back}, so the worker will meet it again.`
    );
  }
  if (account.lostToOutage)
    return `${name} was in the worker's hands when the kernel killed it, and the kill took it along: Redis no longer held it when the outage was confirmed. That one loss is the outage's, not yours.`;
  return `${name} was in the worker's hands when the kernel killed it, and Redis kept it in \`unacked\`; it is not there now.`;
}

const idList = (entries: LedgerEntry[]) =>
  entries
    .slice(0, LISTED_IDS)
    .map((entry) => `${entry.id.slice(0, 8)}…`)
    .join(', ') + (entries.length > LISTED_IDS ? ', …' : '');

/**
 * Criterion 3: every export the web accepted is finished, still held by Redis, or the one lost
 * in flight at the outage. Flushing Redis fails it outright; so does a wiped ledger.
 */
export function judgeNoJobDiscarded(snapshot: Snapshot, baseline: Baseline, _context: JudgeContext): Verdict {
  const { web, broker } = snapshot;
  if (!web.reachable || !web.ledger) {
    return verdict(
      'no-job-discarded',
      false,
      [`the ledger of accepted exports could not be read: web did not answer (${web.error ?? 'no ledger in its reply'})`],
      {
        hint: 'Nothing can be accounted for without the ledger the web keeps. `docker ps -a` and `docker logs web` show whether web is up.',
      },
    );
  }
  if (!broker.reachable) {
    return verdict('no-job-discarded', false, [`Redis could not be read, so what it still holds is unknown: ${broker.error ?? 'no reply'}`], {
      hint: 'The jobs live in Redis. `docker ps -a` and `docker logs redis` show whether redis is up.',
    });
  }

  const ledger = web.ledger;
  const account = accountExports(snapshot, baseline);
  const lost = account.gone.length;

  const inLedger = new Set(ledger.map((entry) => entry.id));
  const wiped = baseline.backlog.seededIds.filter((id) => !inLedger.has(id));

  const calls = broker.commandCalls;
  const flushall = calls?.flushall ?? 0;
  const flushdb = calls?.flushdb ?? 0;

  const evidence: string[] = [];
  const problems: string[] = [];
  if (flushall + flushdb > 0) {
    const which = [flushall ? `FLUSHALL ${plural(flushall, 'time')}` : '', flushdb ? `FLUSHDB ${plural(flushdb, 'time')}` : ''].filter(Boolean).join(' and ');
    problems.push(`Redis has run ${which} since it started: every key it held, queued jobs included, was erased`);
  }
  if (wiped.length > 0) {
    problems.push(
      `${count(wiped.length)} of the ${count(baseline.backlog.seededIds.length)} exports seeded at \`up\` are missing from the ledger itself: the record of accepted work was wiped (its volume removed or replaced)`,
    );
  }
  if (lost > 0) {
    const settle = broker.settle;
    const reread = settle && settle.reads > 0 ? `, still missing after ${plural(settle.reads, 're-read')} over ${(settle.ms / 1000).toFixed(1)} s` : '';
    problems.push(
      `${plural(lost, 'accepted export is', 'accepted exports are')} gone: neither finished, nor in the queue, nor in \`unacked\` (${idList(account.gone)}${reread})`,
    );
    const deletes = (['del', 'unlink', 'ltrim', 'lrem', 'lpop', 'rpop'] as const).filter((name) => (calls?.[name] ?? 0) > 0);
    if (deletes.length > 0) {
      problems.push(
        `Redis has counted ${deletes.map((name) => `${name.toUpperCase()} × ${count(calls?.[name] ?? 0)}`).join(', ')} since it started (from every client, the lab's and kombu's own included)`,
      );
    }
    if (broker.runId && broker.runId !== baseline.redis.runId) {
      problems.push('Redis has restarted since `up` (new run_id), so its command counters only cover the time since then');
    }
  }

  evidence.push(`${plural(account.judged.length, 'accepted export')} in the ledger: ${accountLine(account)}`);
  evidence.push(...parkedLines(account, snapshot.takenAt));
  if (account.settled.length > 0)
    evidence.push(`${plural(account.settled.length, 'export')} in transit between the queue and \`unacked\` when Redis was first read, found on a re-read`);
  if (account.tooNew > 0) evidence.push(`${plural(account.tooNew, 'export')} accepted after Redis was read: left for the next check`);
  if (problems.length === 0) {
    evidence.push(`Redis has run no FLUSHALL or FLUSHDB since it started`);
    return verdict('no-job-discarded', true, evidence, { lesson: inFlightLesson(baseline, snapshot, account) });
  }

  let hint: string;
  if (flushall + flushdb > 0) {
    hint =
      'Erasing Redis threw away work customers were promised, and nothing brings it back. ' +
      '`docker exec redis redis-cli INFO commandstats` counts every FLUSHALL and FLUSHDB since Redis started. ' +
      START_OVER;
  } else if (wiped.length > 0) {
    hint =
      "The ledger lives on a volume that web writes: `docker volume ls` and `docker inspect web --format '{{json .Mounts}}'` show what it is mounted from now. " +
      START_OVER;
  } else {
    hint =
      'Compare what web accepted (its /dashboard) with what Redis still holds (`docker exec redis redis-cli LLEN celery`). ' +
      '`docker exec redis redis-cli INFO commandstats` counts the DEL, LREM, LTRIM, HDEL and FLUSHALL calls Redis has run; ' +
      'a job a worker has taken waits in the `unacked` hash (`docker exec redis redis-cli HLEN unacked`), so removing it from there loses it too. ' +
      START_OVER;
  }
  return verdict('no-job-discarded', false, [...problems, ...evidence], { hint, lesson: inFlightLesson(baseline, snapshot, account) });
}

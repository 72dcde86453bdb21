import type { Baseline } from '../lab/baseline.js';
import type { LedgerEntry, Snapshot } from '../observe/snapshot.js';
import { count, later, plural } from './facts.js';
import { IN_PROGRESS_TOLERANCE, LISTED_IDS } from './tolerances.js';
import type { JudgeContext } from './types.js';
import { verdict, type Verdict } from './verdict.js';

const START_OVER = '`async-outage-lab reset` sets the same outage up again if you want another go.';

/**
 * What became of the export the worker held when the kernel killed it. Observed on this stack
 * (Celery 5.5, kombu 5.5, solo pool): the message stays in kombu's `unacked` hash, because a
 * worker killed mid-task never acknowledges it, and kombu restores it to the queue only once the
 * visibility timeout (an hour by default) has passed.
 */
function inFlightLesson(baseline: Baseline, snapshot: Snapshot): string {
  const id = baseline.backlog.inFlightId;
  const name = `Export ${id.slice(0, 8)}… (${count(baseline.backlog.inFlightRows)} rows)`;
  const entry = snapshot.web.ledger?.find((candidate) => candidate.id === id);
  if (entry?.ready) {
    return `${name} was in the worker's hands when the kernel killed it; Redis kept it in the \`unacked\` hash and it has since been delivered again and finished.`;
  }
  if (snapshot.broker.queuedIds?.includes(id)) {
    return (
      `${name} was in the worker's hands when the kernel killed it. It is not lost: kombu keeps every delivered job in Redis's \`unacked\` hash until the worker ` +
      'acknowledges it, and a killed worker never does. It goes back on the queue once the visibility timeout (an hour by default) has passed, so the worker will meet it again.'
    );
  }
  return `${name} was in the worker's hands when the kernel killed it and Redis no longer holds it; that one loss is the outage's, not yours.`;
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
  const lesson = inFlightLesson(baseline, snapshot);
  if (!web.reachable || !web.ledger) {
    return verdict('no-job-discarded', false, [`the ledger of accepted exports could not be read: web did not answer (${web.error ?? 'no ledger in its reply'})`], {
      hint: 'Nothing can be accounted for without the ledger the web keeps. `docker ps -a` and `docker logs web` show whether web is up.',
      lesson,
    });
  }
  if (!broker.reachable) {
    return verdict('no-job-discarded', false, [`Redis could not be read, so what it still holds is unknown: ${broker.error ?? 'no reply'}`], {
      hint: 'The jobs live in Redis. `docker ps -a` and `docker logs redis` show whether redis is up.',
      lesson,
    });
  }

  const ledger = web.ledger;
  const judged = broker.readAt ? ledger.filter((entry) => !later(entry.acceptedAt, broker.readAt)) : ledger;
  const tooNew = ledger.length - judged.length;
  const held = new Set(broker.queuedIds ?? []);
  const inFlightId = baseline.backlog.inFlightId;
  let ready = 0;
  let queued = 0;
  let inFlight = 0;
  const unaccounted: LedgerEntry[] = [];
  for (const entry of judged) {
    if (entry.ready) ready++;
    else if (held.has(entry.id)) queued++;
    else if (entry.id === inFlightId) inFlight++;
    else unaccounted.push(entry);
  }
  const workerRunning = snapshot.containers.worker.running === true;
  const inHand = workerRunning ? Math.min(IN_PROGRESS_TOLERANCE, unaccounted.length) : 0;
  const lost = unaccounted.length - inHand;

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
    problems.push(`${plural(lost, 'accepted export is', 'accepted exports are')} gone: neither finished nor held by Redis (${idList(unaccounted.slice(inHand))})`);
    const deletes = (['del', 'unlink', 'ltrim'] as const).filter((name) => (calls?.[name] ?? 0) > 0);
    if (deletes.length > 0) {
      problems.push(`Redis has counted ${deletes.map((name) => `${name.toUpperCase()} × ${count(calls?.[name] ?? 0)}`).join(', ')} since it started`);
    }
    if (broker.runId && broker.runId !== baseline.redis.runId) {
      problems.push('Redis has restarted since `up` (new run_id), so its command counters only cover the time since then');
    }
    // Deaths of the worker after the outage's own: each can take the export in its hands along.
    // (The outage's own die event comes a few ms after its FinishedAt: count dies after a later start.)
    let restarted = false;
    let laterDeaths = 0;
    for (const event of snapshot.workerEvents) {
      if (event.action === 'start' && later(event.time, baseline.worker.finishedAt)) restarted = true;
      else if (event.action === 'die' && restarted) laterDeaths++;
    }
    const large = new Set(baseline.backlog.largeIds);
    const lostLarge = unaccounted.slice(inHand).filter((entry) => large.has(entry.id)).length;
    if (flushall + flushdb === 0 && laterDeaths > 0 && lostLarge > 0) {
      problems.push(
        `${plural(lostLarge, 'of them is a large export', 'of them are large exports')}, and the worker has died ${plural(laterDeaths, 'time')} since the outage`,
      );
    }
  }

  const parts = [`${count(ready)} finished`, `${count(queued)} still in Redis`];
  if (inFlight) parts.push(`${count(inFlight)} lost in flight at the outage (allowed)`);
  if (inHand) parts.push(`${count(inHand)} in the worker's hands right now`);
  if (lost) parts.push(`${count(lost)} unaccounted for`);
  evidence.push(`${plural(judged.length, 'accepted export')} in the ledger: ${parts.join(', ')}`);
  if (tooNew > 0) evidence.push(`${plural(tooNew, 'export')} accepted after Redis was read: left for the next check`);
  if (problems.length === 0) {
    evidence.push(`Redis has run no FLUSHALL or FLUSHDB since it started`);
    return verdict('no-job-discarded', true, evidence, { lesson });
  }

  let hint: string;
  if (flushall + flushdb > 0) {
    hint =
      'Erasing Redis threw away work customers were promised, and nothing brings it back. ' +
      '`docker exec redis redis-cli INFO commandstats` counts every FLUSHALL and FLUSHDB since Redis started. ' +
      START_OVER;
  } else if (wiped.length > 0) {
    hint = 'The ledger lives on a volume that web writes: `docker volume ls` and `docker inspect web --format \'{{json .Mounts}}\'` show what it is mounted from now. ' + START_OVER;
  } else {
    hint =
      'Compare what web accepted (its /dashboard) with what Redis still holds (`docker exec redis redis-cli LLEN celery`). ' +
      '`docker exec redis redis-cli INFO commandstats` counts the DEL, LTRIM and FLUSHALL calls Redis has run, and ' +
      '`docker events --filter container=worker` shows each time the worker died with an export in hand. ' +
      START_OVER;
  }
  return verdict('no-job-discarded', false, [...problems, ...evidence], { hint, lesson });
}

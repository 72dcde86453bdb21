import { accountLine, parkedLines } from '../../../kits/celery-redis/account/account-text.js';
import { count, plural } from '../../../kits/celery-redis/criteria/facts.js';
import { LISTED_IDS } from '../../../kits/celery-redis/criteria/tolerances.js';
import type { LedgerEntry } from '../../../kits/celery-redis/observe/snapshot.js';
import type { JudgeContext } from '../../../scenario/judge.js';
import { accountPoison } from '../account.js';
import type { PoisonBaseline } from '../baseline.js';
import type { PoisonSnapshot } from '../snapshot.js';
import { type Verdict, verdict } from './verdict.js';

const ids = (entries: LedgerEntry[]) =>
  entries
    .slice(0, LISTED_IDS)
    .map((entry) => `${entry.id.slice(0, 8)}…`)
    .join(', ') + (entries.length > LISTED_IDS ? ', …' : '');

/**
 * Criterion 4: every accepted export but the poison one is finished, waiting in the queue or held
 * in `unacked`: none deleted, none put aside with the poison one (they crash nothing). Exact, by id.
 */
export function judgeOthersKept(snapshot: PoisonSnapshot, baseline: PoisonBaseline, _context: JudgeContext): Verdict {
  const { web, broker } = snapshot;
  if (!web.reachable || !web.ledger) {
    return verdict('others-kept', false, [`the ledger of accepted exports could not be read: ${web.error ?? 'no ledger in its reply'}`], {
      hint: '`docker ps -a` and `docker logs web` show whether web is up.',
    });
  }
  if (!broker.reachable)
    return verdict('others-kept', false, [`redis could not be read: ${broker.error ?? 'no reply'}`], {
      hint: '`docker ps -a` and `docker logs redis` show whether redis is up.',
    });
  const account = accountPoison(snapshot, baseline);
  const poison = baseline.poison.id;
  const gone = account.gone.filter((entry) => entry.id !== poison);
  const setAside = account.quarantined.filter((item) => item.entry.id !== poison);
  const inLedger = new Set(web.ledger.map((entry) => entry.id));
  const wiped = baseline.backlog.seededIds.filter((id) => !inLedger.has(id));
  const flushes = (broker.commandCalls?.flushall ?? 0) + (broker.commandCalls?.flushdb ?? 0);

  const evidence = [
    `${plural(account.judged.length, 'accepted export')} in the ledger: ${accountLine(account)}${account.quarantined.length ? `, ${count(account.quarantined.length)} set aside` : ''}`,
    ...parkedLines(account, snapshot.takenAt),
  ];
  if (account.tooNew > 0) evidence.push(`${plural(account.tooNew, 'export')} accepted after Redis was read: left for the next check`);
  const problems: string[] = [];
  if (flushes > 0) problems.push(`Redis has run FLUSHALL or FLUSHDB ${plural(flushes, 'time')} since it started: every key it held was erased`);
  if (wiped.length > 0)
    problems.push(`${count(wiped.length)} of the exports seeded at \`up\` are missing from the ledger itself: the record of accepted work was wiped`);
  if (gone.length > 0)
    problems.push(
      `${plural(gone.length, 'other export is', 'other exports are')} gone: neither finished, nor in the queue, \`unacked\` or any other key (${ids(gone)})`,
    );
  if (setAside.length > 0) {
    problems.push(
      `${plural(setAside.length, 'export that crashed nothing was', 'exports that crashed nothing were')} set aside too (${ids(setAside.map((item) => item.entry))} in \`${setAside[0]!.copy.key}\`): no worker will ever take ${setAside.length === 1 ? 'it' : 'them'} from there`,
    );
  }
  if (problems.length === 0) return verdict('others-kept', true, evidence);
  const hint =
    flushes > 0
      ? 'Erasing Redis threw away every export customers were promised. `docker exec redis redis-cli INFO commandstats` counts each FLUSHALL. `async-outage-lab reset` starts over.'
      : setAside.length > 0
        ? 'Only the export that kills the worker belongs aside. Put the others back where the worker takes them (the consuming end of `celery` is its right-hand end).'
        : 'Compare what web accepted (its /dashboard) with what Redis holds; `docker exec redis redis-cli INFO commandstats` counts the deletes Redis ran. `async-outage-lab reset` starts over.';
  return verdict('others-kept', false, [...problems, ...evidence], { hint });
}

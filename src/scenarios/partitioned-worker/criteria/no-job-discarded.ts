import { accountExports } from '../../../kits/celery-redis/account/account.js';
import { accountLine, LISTED_IDS } from '../../../kits/celery-redis/account/account-text.js';
import { plural } from '../../../kits/celery-redis/wording.js';
import type { JudgeContext } from '../../../scenario/judge.js';
import type { Baseline } from '../baseline.js';
import type { Snapshot } from '../observe/snapshot.js';
import { parkedLines } from './account-text.js';
import { type Verdict, verdict } from './verdict.js';

/** Commands that take jobs out of Redis, whoever sent them. */
const REMOVALS = ['flushall', 'flushdb', 'del', 'unlink', 'ltrim', 'lrem', 'rpop', 'lpop', 'hdel'];

/** Criterion 3: every accepted export is finished, waiting, or held in `unacked`; none is gone. */
export function judgeNoJobDiscarded(snapshot: Snapshot, baseline: Baseline, _context: JudgeContext): Verdict {
  if (!snapshot.web.reachable || !snapshot.web.ledger) {
    return verdict('no-job-discarded', false, [`the ledger could not be read: ${snapshot.web.error ?? 'no reply'}`], {
      hint: '`docker ps -a` and `docker logs web` show whether web is up.',
    });
  }
  if (!snapshot.broker.reachable) {
    return verdict('no-job-discarded', false, [`Redis could not be read: ${snapshot.broker.error ?? 'no reply'}`], {
      hint: '`docker ps -a` and `docker logs redis` show whether redis is up.',
    });
  }
  const account = accountExports(snapshot, baseline);
  const evidence = [`of ${plural(account.judged.length, 'accepted export')}: ${accountLine(account)}`, ...parkedLines(account, snapshot.takenAt)];
  if (account.settled.length) evidence.push(`${plural(account.settled.length, 'export')} found on a second read (between the queue and \`unacked\`)`);
  if (account.gone.length === 0) return verdict('no-job-discarded', true, evidence);
  const shown = account.gone
    .slice(0, LISTED_IDS)
    .map((entry) => entry.id.slice(0, 8))
    .join(', ');
  evidence.push(`gone (in neither the queue nor \`unacked\`, and not finished): ${shown}${account.gone.length > LISTED_IDS ? ', …' : ''}`);
  const removals = REMOVALS.filter((name) => (snapshot.broker.commandCalls?.[name] ?? 0) > 0);
  if (removals.length) evidence.push(`redis has served ${removals.map((name) => name.toUpperCase()).join(', ')} since it started`);
  return verdict('no-job-discarded', false, evidence, {
    hint: 'Every accepted export is a customer waiting. The queue was never the problem: nothing in it needed to go.',
  });
}

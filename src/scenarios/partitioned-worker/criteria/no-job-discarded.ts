import type { JudgeContext } from '../../../checks/types.js';
import { clock, count, plural } from '../../worker-oom/criteria/facts.js';
import type { Baseline } from '../baseline.js';
import type { Snapshot } from '../observe/snapshot.js';
import { accountExports, parkedBy, type ExportAccount } from './account.js';
import { verdict, type Verdict } from './verdict.js';

/** The account in one line: every judged export, by where it is. */
export function accountLine(account: ExportAccount): string {
  const parts = [`${count(account.judged.length)} accepted`, `${count(account.finished.length)} finished`, `${count(account.waiting.length)} waiting`];
  if (account.parked.length) parts.push(`${count(account.parked.length)} held in unacked`);
  parts.push(`${count(account.gone.length)} gone`);
  return parts.join(', ');
}

/** A line per kind of job held in `unacked`, with when kombu returns it. */
export function parkedLines(account: ExportAccount, takenAt: string): string[] {
  const lines: string[] = [];
  const cut = parkedBy(account, 'cut');
  if (cut.length) {
    const back = cut.map((item) => item.returnsAt).filter(Boolean).sort()[0];
    lines.push(`${plural(cut.length, 'export')} held in unacked by the worker as it was cut off: not lost, kombu puts ${cut.length === 1 ? 'it' : 'them'} back on the queue${back ? ` at ${clock(back, takenAt)}` : ' after the visibility timeout'}`);
  }
  const current = parkedBy(account, 'current');
  if (current.length) lines.push(`${plural(current.length, 'export')} in the hands of the connected worker`);
  return lines;
}

/** Criterion 3: every accepted export is finished, waiting, or held in `unacked`; none is gone. */
export function judgeNoJobDiscarded(snapshot: Snapshot, baseline: Baseline, _context: JudgeContext): Verdict {
  if (!snapshot.web.reachable || !snapshot.web.ledger) {
    return verdict('no-job-discarded', false, [`the ledger could not be read: ${snapshot.web.error ?? 'no reply'}`], { hint: '`docker ps -a` and `docker logs web` show whether web is up.' });
  }
  if (!snapshot.broker.reachable) {
    return verdict('no-job-discarded', false, [`Redis could not be read: ${snapshot.broker.error ?? 'no reply'}`], { hint: '`docker ps -a` and `docker logs redis` show whether redis is up.' });
  }
  const account = accountExports(snapshot, baseline);
  const evidence = [`exports: ${accountLine(account)}`, ...parkedLines(account, snapshot.takenAt)];
  if (account.settled.length) evidence.push(`${plural(account.settled.length, 'export')} found on a second read (between the queue and unacked)`);
  if (account.gone.length === 0) return verdict('no-job-discarded', true, evidence);
  const flushes = ['flushall', 'flushdb', 'del', 'unlink', 'ltrim', 'lrem', 'rpop', 'lpop'].filter((name) => (snapshot.broker.commandCalls?.[name] ?? 0) > 0);
  evidence.push(`${plural(account.gone.length, 'accepted export')} in neither the queue nor unacked, and not finished: ${account.gone.slice(0, 3).map((entry) => entry.id.slice(0, 8)).join(', ')}${account.gone.length > 3 ? ', ...' : ''}`);
  if (flushes.length) evidence.push(`redis has served ${flushes.join(', ')} since it started`);
  return verdict('no-job-discarded', false, evidence, {
    hint: 'Every accepted export is a customer waiting. The queue was never the problem: nothing needed to be removed from it.',
  });
}

import { type ExportAccount, parkedBy } from '../../../kits/celery-redis/account/account.js';
import { clock, plural } from '../../../kits/celery-redis/wording.js';

/**
 * A line per kind of job held in `unacked`, in this outage's words: the cut worker's (delivered
 * before the cut, never acknowledged: kombu returns it after the visibility timeout), an ended
 * run's, and the connected worker's.
 */
export function parkedLines(account: ExportAccount, takenAt: string): string[] {
  const lines: string[] = [];
  const held = [...parkedBy(account.parked, 'outage'), ...parkedBy(account.parked, 'ended-run')];
  if (held.length) {
    const back = held
      .map((item) => item.returnsAt)
      .filter(Boolean)
      .sort()[0];
    lines.push(
      `${plural(held.length, 'export')} in \`unacked\`, taken by the worker before the outage began: not lost, back on the queue ${back ? `from ${clock(back, takenAt)}` : 'after the visibility timeout'}`,
    );
  }
  const current = parkedBy(account.parked, 'current');
  if (current.length) lines.push(`${plural(current.length, 'export')} in the connected worker's hands`);
  return lines;
}

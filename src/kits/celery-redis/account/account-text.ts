import { clock, count, plural } from '../wording.js';
import { type ExportAccount, type ParkedExport, parkedBy } from './account.js';

/** How many lost export ids a failure lists before it says "…". */
export const LISTED_IDS = 3;

/** How the account reads in one line: `299 finished, 1,203 waiting in the queue, 2 in \`unacked\``. */
export function accountLine(account: ExportAccount): string {
  const parts = [`${count(account.finished.length)} finished`, `${count(account.waiting.length)} waiting in the queue`];
  if (account.parked.length) parts.push(`${count(account.parked.length)} in \`unacked\``);
  if (account.lostToOutage) parts.push("1 lost in the outage's kill (recorded at `up`)");
  if (account.gone.length) parts.push(`${count(account.gone.length)} gone`);
  return parts.join(', ');
}

const names = (items: ParkedExport[]) =>
  items
    .slice(0, LISTED_IDS)
    .map((item) => `${item.entry.id.slice(0, 8)}… ${count(item.job.rows)} rows`)
    .join(', ') + (items.length > LISTED_IDS ? ', …' : '');

/** When the first of them goes back on the queue: `from 07:12:22 UTC`, or undefined when no delivery time is known. */
const returnFrom = (items: ParkedExport[], takenAt: string) => {
  const times = items
    .map((item) => item.returnsAt)
    .filter((time): time is string => time !== undefined)
    .sort();
  return times[0] ? `from ${clock(times[0], takenAt)}` : undefined;
};

const returns = (items: ParkedExport[], takenAt: string) => {
  const from = returnFrom(items, takenAt);
  return from ? `back on the queue ${from}` : 'delivery time unknown';
};

/** How an ended run ended, from its die event. */
const endedBy = (item: ParkedExport, takenAt: string) => {
  const die = item.endedBy;
  if (!die) return 'a run of the worker that has ended since';
  const how = item.oomKilled ? 'OOM-killed' : die.exitCode === 137 ? 'killed, exit 137' : `exit ${die.exitCode ?? '?'}`;
  return `a run of the worker that ended at ${clock(die.time, takenAt)} (${how})`;
};

/** One line per delivery that holds exports in `unacked`. */
export function parkedLines(account: ExportAccount, takenAt: string): string[] {
  const lines: string[] = [];
  const outage = parkedBy(account.parked, 'outage');
  if (outage.length) lines.push(`in \`unacked\` since the outage's kill: ${names(outage)}; ${returns(outage, takenAt)}`);
  const ended = parkedBy(account.parked, 'ended-run');
  for (const item of ended.slice(0, LISTED_IDS)) {
    lines.push(`in \`unacked\`, taken by ${endedBy(item, takenAt)}: ${names([item])}; ${returns([item], takenAt)}`);
  }
  if (ended.length > LISTED_IDS) lines.push(`and ${plural(ended.length - LISTED_IDS, 'more export')} taken by runs that have ended`);
  const current = parkedBy(account.parked, 'current');
  if (current.length) lines.push(`in the running worker's hands: ${names(current)}`);
  return lines;
}

/**
 * What a restart before the fix cost: exports a run that died since the outage took and never
 * acknowledged. Not a failure: they are safe in Redis, and back once the visibility timeout passes.
 */
export function restartCostLesson(account: ExportAccount, takenAt: string): string | undefined {
  const ended = parkedBy(account.parked, 'ended-run');
  if (ended.length === 0) return undefined;
  return (
    `${plural(ended.length, 'export was', 'exports were')} taken by a run of the worker that ended before finishing (${names(ended)}). ` +
    `${ended.length === 1 ? 'It waits' : 'Each waits'} in Redis's \`unacked\` hash, not lost, until the visibility timeout passes and kombu puts it back on the queue ` +
    `(${returnFrom(ended, takenAt) ?? 'delivery time unknown'}). ` +
    (ended.some((item) => item.oomKilled)
      ? 'That is the cost of restarting a worker that could not survive its backlog: every death holds back the job it had in hand, and a restart policy would pay it again at every large export.'
      : 'That is the cost of stopping a worker mid-job: the job it had in hand is held back, not lost.')
  );
}

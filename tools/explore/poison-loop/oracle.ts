import { pollUntil } from '../../../src/wait.js';
import { dockerCli } from '../../playthrough/learner.js';
import {
  acceptedExports,
  collateral,
  finishedExports,
  type HeldMessage,
  type Identity,
  identity,
  messagesElsewhere,
  messagesInRedis,
  type OracleView,
  redisCli,
} from '../stack-view.js';

/**
 * poison-loop's second opinion on whether the outage is solved, from the card's acceptance text
 * and outcomes only: the export the worker died on is out of the queue and `unacked` and kept in
 * a key of its own, its payload as it was; every other accepted export is finished or waiting
 * (none gone, none set aside); the worker runs and stays up; the queue reaches 0; web and redis
 * are the processes they were.
 */
export interface PoisonBefore {
  identity: Identity;
  /** The export the worker was on when it died, as its log's last line names it, and its message as Redis held it. */
  poison: HeldMessage;
}

/** The task id in the worker's last `received` line: what every run of the loop ends on. Pure. */
export const lastReceivedTaskId = (log: string) => [...log.matchAll(/Task exports\.generate_csv\[([0-9a-f-]+)\] received/g)].at(-1)?.[1];

/** Right after `up`: who web and redis are, and the export the worker keeps dying on, read as a learner reads it. */
export async function observePoison(): Promise<PoisonBefore> {
  const before = await identity();
  const log = (await dockerCli('logs', 'worker')).all;
  const taskId = lastReceivedTaskId(log);
  if (!taskId) throw new Error(`the worker's log names no export it received:\n${log.split('\n').slice(-5).join('\n')}`);
  const poison = await pollUntil(
    async () => (await messagesInRedis()).find((message) => message.taskId === taskId),
    (found) => found !== undefined,
    { what: `export ${taskId} in the queue or \`unacked\``, timeoutMs: 5000, intervalMs: 100 },
  );
  return { identity: before, poison: poison! };
}

/** How long the oracle watches the worker and the queue after the grade: longer than any run of the loop lasted. */
const WATCH_MS = 10_000;

interface Watch {
  /** Why the worker is not up and staying up (none when it is). */
  worker: string[];
  queueReachedZero: boolean;
}

/** The worker's run and the queue, every half second for WATCH_MS: the same run throughout, and LLEN at 0 at least once. */
async function watchWorkerAndQueue(): Promise<Watch> {
  const runs = new Set<string>();
  const worker: string[] = [];
  let queueReachedZero = false;
  for (const started = Date.now(); Date.now() - started < WATCH_MS; ) {
    const [status, startedAt = ''] = (await dockerCli('inspect', 'worker', '--format', '{{.State.Status}} {{.State.StartedAt}}')).out.split(' ');
    if (status !== 'running' && !worker.length) worker.push(`the worker is ${status || 'missing'}`);
    runs.add(startedAt);
    if (Number(await redisCli('LLEN', 'celery').catch(() => '-1')) === 0) queueReachedZero = true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (runs.size > 1) worker.push(`the worker started ${runs.size - 1} more time(s) within ${WATCH_MS / 1000} s`);
  return { worker, queueReachedZero };
}

/** Where the export the worker died on is now, in words, or undefined when it is set aside as it was. Pure. */
export function poisonProblem(poison: HeldMessage, finished: Set<string>, inRedis: Set<string>, elsewhere: Array<HeldMessage & { key: string }>) {
  const name = `export ${poison.exportId.slice(0, 8)}…`;
  if (inRedis.has(poison.exportId)) return `${name} is still where the worker takes it (the queue or \`unacked\`)`;
  if (finished.has(poison.exportId)) return `${name} has a finished file: it was changed and run, not kept`;
  const copies = elsewhere.filter((message) => message.exportId === poison.exportId);
  if (copies.some((copy) => copy.body === poison.body)) return undefined;
  if (copies.length) return `${name} was set aside in ${copies.map((copy) => copy.key).join(', ')} with a changed payload`;
  return `${name} was thrown away: it is in no key of Redis`;
}

export async function judgePoison(before: PoisonBefore): Promise<OracleView> {
  const reasons = await collateral(before.identity);
  const watch = await watchWorkerAndQueue();
  // Ledger, then Redis, then the finished files: an export the worker finishes between the reads is seen in the later one.
  const accepted = await acceptedExports();
  const inRedis = new Set((await messagesInRedis()).map((message) => message.exportId));
  const elsewhere = await messagesElsewhere();
  const finished = await finishedExports();

  const poisonWrong = poisonProblem(before.poison, finished, inRedis, elsewhere);
  if (poisonWrong) reasons.push(poisonWrong);
  const others = [...accepted.keys()].filter((id) => id !== before.poison.exportId && !finished.has(id) && !inRedis.has(id));
  const asideIds = new Set(elsewhere.map((message) => message.exportId));
  const aside = others.filter((id) => asideIds.has(id));
  if (aside.length) reasons.push(`${aside.length} other export(s) set aside, where no worker takes them`);
  if (others.length > aside.length) reasons.push(`${others.length - aside.length} other accepted export(s) neither finished nor in Redis`);
  reasons.push(...watch.worker);
  if (!watch.queueReachedZero) reasons.push('the queue did not reach 0');
  return { solved: reasons.length === 0, reasons };
}

import { dockerCli } from '../../playthrough/learner.js';
import { acceptedExports, collateral, finishedExports, type Identity, idsInRedis, type OracleView } from '../stack-view.js';

/**
 * worker-oom's second opinion on whether the outage is solved, from outcomes only: is the worker
 * that runs now alive with enough memory, did the queue reach 0, is every accepted export finished
 * or somewhere in Redis, are web and redis the processes they were.
 */
const MIB = 1024 * 1024;
/** The worker's measured memory: ~40 MiB idle, 200 bytes a row; asked for with a 10% margin, as the card's headroom. */
const needBytes = (rows: number) => Math.ceil(40 + (rows * 200) / MIB) * 1.1 * MIB;

export async function judgeOutcome(before: Identity, drainReachedZero: boolean): Promise<OracleView> {
  const reasons = await collateral(before);
  // Ledger, then the queue and `unacked`, then the finished files: an export is then seen in one
  // of the later places whatever the worker does between the reads.
  const accepted = await acceptedExports();
  const inRedis = await idsInRedis();
  const files = await finishedExports();
  const unfinished = [...accepted].filter(([id]) => !files.has(id));
  const lost = unfinished.filter(([id]) => !inRedis.has(id));
  if (lost.length > 0) reasons.push(`${lost.length} accepted export(s) neither finished nor in Redis`);

  const worker = (await dockerCli('inspect', 'worker', '--format', '{{.State.Status}} {{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}')).out.split(' ');
  const [status, memory, swap] = [worker[0], Number(worker[1]), Number(worker[2])];
  if (status !== 'running') reasons.push(`the worker is ${status || 'missing'}`);
  const limit = Math.min(...[memory, swap].filter((value) => value > 0));
  const largest = Math.max(0, ...unfinished.map(([, rows]) => rows));
  if (Number.isFinite(limit) && limit < needBytes(largest))
    reasons.push(`the worker's ${Math.round(limit / MIB)} MiB is too little for an unfinished export of ${largest} rows`);
  if (!drainReachedZero) reasons.push('the queue did not reach 0');
  return { solved: reasons.length === 0, reasons };
}

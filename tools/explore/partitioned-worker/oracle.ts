import { dockerCli } from '../../playthrough/learner.js';
import {
  acceptedExports,
  collateral,
  exportsKeepFinishing,
  finishedExports,
  type Identity,
  idsInRedis,
  type OracleView,
  queueReachesZero,
} from '../stack-view.js';

/**
 * partitioned-worker's second opinion on whether the outage is solved, from outcomes only: web
 * and redis are the processes they were, a container named `worker` runs and finishes new exports
 * (which networks it is on is the grade's business: only what they let it do is read here), every
 * accepted export is finished or somewhere in Redis, and the queue reaches 0.
 */
export async function judgeOutcome(before: Identity): Promise<OracleView> {
  const reasons = await collateral(before);
  // Ledger, then the queue and `unacked`, then the finished files: an export is then seen in one
  // of the later places whatever the worker does between the reads.
  const accepted = await acceptedExports();
  const inRedis = await idsInRedis();
  const files = await finishedExports();
  const lost = [...accepted.keys()].filter((id) => !files.has(id) && !inRedis.has(id));
  if (lost.length > 0) reasons.push(`${lost.length} accepted export(s) neither finished nor in Redis`);

  const status = (await dockerCli('inspect', 'worker', '--format', '{{.State.Status}}')).out;
  if (status !== 'running') reasons.push(`the worker is ${status || 'missing'}`);
  // Customers keep ordering: a worker that reaches its broker finishes a new export within
  // seconds. (Not asked of a worker already found stopped: the answer is no either way.)
  if (reasons.length === 0 && !(await exportsKeepFinishing())) reasons.push('no new export finished in 15 s');
  if (!(await queueReachesZero())) reasons.push('the queue did not reach 0');
  return { solved: reasons.length === 0, reasons };
}

import { shortId, stateOf } from '../../../kits/celery-redis/criteria/facts.js';
import { clock, plural } from '../../../kits/celery-redis/wording.js';
import type { JudgeContext } from '../../../scenario/judge.js';
import type { Baseline } from '../baseline.js';
import type { Snapshot } from '../observe/snapshot.js';
import { type Verdict, verdict } from './verdict.js';

/** How the worker container relates to the one `up` cut off: the same run, restarted, or a new container. */
function lineage(snapshot: Snapshot, baseline: Baseline): string {
  const worker = snapshot.containers.worker;
  if (worker.id !== baseline.worker.id) return `a new worker container (${shortId(worker.id)}; at \`up\` it was ${shortId(baseline.worker.id)})`;
  if (worker.startedAt !== baseline.worker.startedAt) return `the same container, restarted at ${clock(worker.startedAt, snapshot.takenAt)}`;
  return `the same container and process as at \`up\`, never restarted`;
}

/**
 * Criterion 4, by outcome: a container named `worker` runs, attached to the lab's network again,
 * and it consumes: a Celery worker beats on the broker (a live consumer), or exports finish. How it got there does not matter:
 * `docker network connect`, a restart after it, or a new container on that network.
 */
export function judgeWorkerReconnected(snapshot: Snapshot, baseline: Baseline, _context: JudgeContext): Verdict {
  const worker = snapshot.containers.worker;
  const network = baseline.worker.network.name;
  if (!worker.exists) {
    return verdict('worker-reconnected', false, ['worker: no such container'], {
      hint: 'The exports need a worker named `worker` on the lab network. `async-outage-lab reset` rebuilds the lab if you removed it by mistake.',
    });
  }
  const state = `worker: ${stateOf(worker)}, ${lineage(snapshot, baseline)}, RestartCount ${worker.restartCount ?? 0}`;
  if (!worker.running) {
    return verdict('worker-reconnected', false, [state], { hint: 'The worker is not running. What stopped it, and what does it need to reach once it runs?' });
  }
  const attached = worker.networks?.[network];
  const names = Object.keys(worker.networks ?? {});
  const where = attached
    ? `on ${network} at ${attached.ipAddress}`
    : names.length
      ? `on ${names.join(', ')}, not on ${network}`
      : 'attached to no network at all';
  const heard = snapshot.consumers.heard;
  const listened = `${(snapshot.consumers.listenedMs / 1000).toFixed(0)} s`;
  const hearing =
    heard === undefined
      ? `the broker could not be read to hear the workers (${snapshot.consumers.error ?? 'no reply'})`
      : `live consumers heard on the broker in ${listened}: ${heard.length ? heard.join(', ') : 'none'}`;
  // A solo worker deep in a long export beats only when it is done: exports finishing count too.
  const first = snapshot.drain[0];
  const last = snapshot.drain.at(-1);
  const finished = first && last && first.ready >= 0 && last.ready >= 0 ? last.ready - first.ready : 0;
  const evidence = [
    state,
    `worker is ${where}`,
    hearing,
    ...(finished > 0 ? [`${plural(finished, 'export')} finished during the ${((last!.at - first!.at) / 1000).toFixed(0)} s window`] : []),
  ];
  if (!attached) {
    return verdict('worker-reconnected', false, evidence, {
      hint: 'Running is not the same as reachable. Compare what `docker inspect` says about the networks of worker and of redis: can the worker reach the name it connects to?',
    });
  }
  if (!heard?.length && finished <= 0) {
    return verdict('worker-reconnected', false, evidence, {
      hint: 'The worker is on the network, but nothing is consumed yet. A worker retrying its connection waits up to 30 s between attempts, and one busy with a large export beats only when it is done: watch `docker logs -f worker`. If it stays silent, it may be stuck on a dead connection.',
    });
  }
  return verdict('worker-reconnected', true, evidence, {
    lesson:
      'Up was never the question: the worker ran the whole time. A container is healthy when it does its work, and only a check that tests the work (a heartbeat, `celery inspect ping`) can say so.',
  });
}

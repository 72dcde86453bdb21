import { pollUntil } from '../../../src/wait.js';
import { dockerCli, httpCode, psStatuses, queueLength } from '../learner.js';
import type { PlaythroughScript } from '../script.js';

/** What `docker inspect worker` says of its runs: how often Docker started it again, its last exit, and whether that was a memory kill. */
async function workerRuns() {
  const [restarts = '', oomKilled = '', exitCode = '', status = ''] = (
    await dockerCli('inspect', 'worker', '--format', '{{.RestartCount}} {{.State.OOMKilled}} {{.State.ExitCode}} {{.State.Status}}')
  ).out.split(' ');
  return { restarts: Number(restarts), oomKilled, exitCode: Number(exitCode), status };
}

/** The export each run of the worker's log ends on: the id in its last `received` line (a run begins where it connects). */
function lastReceivedOfEachRun(log: string): string[] {
  return log
    .split(/Connected to redis:\/\//)
    .slice(1)
    .map((run) => [...run.matchAll(/Task exports\.generate_csv\[([0-9a-f-]+)\] received/g)].at(-1)?.[1] ?? '(none)');
}

/**
 * The loop as a learner sees it through the docker CLI: web and redis Up; the worker's restart
 * count climbing, its last exit 139 and no memory kill; each run of its log ending on the same
 * 5a1f… export; the queue not going down.
 */
async function brokenState(sitePort: number): Promise<string> {
  const problems: string[] = [];
  const statuses = await psStatuses();
  for (const name of ['web', 'redis'] as const) if (!/^Up /.test(statuses[name] ?? '')) problems.push(`${name} is "${statuses[name]}", not Up`);
  if (!/^(Up |Restarting \(139\) )/.test(statuses.worker ?? '')) problems.push(`worker is "${statuses.worker}", neither Up nor Restarting (139)`);
  const first = await workerRuns();
  const depth = await queueLength();
  // Docker's back-off doubles with each restart: within a minute the worker dies and is started again.
  const later = await pollUntil(workerRuns, (runs) => runs.restarts > first.restarts && runs.exitCode === 139, {
    what: 'the worker to die (exit 139) and be started again',
    timeoutMs: 60_000,
    intervalMs: 200,
    describe: (runs) => `RestartCount ${first.restarts} -> ${runs?.restarts}, exit ${runs?.exitCode}, ${runs?.status}`,
  }).catch((error: Error) => {
    problems.push(error.message);
    return first;
  });
  if (later.oomKilled !== 'false') problems.push(`OOMKilled is "${later.oomKilled}", not false`);
  const depthLater = await queueLength();
  if (depthLater < depth) problems.push(`LLEN celery went down (${depth} -> ${depthLater}) while the worker loops`);
  // A run that has only just connected has taken nothing yet.
  const ends = lastReceivedOfEachRun((await dockerCli('logs', 'worker')).all).filter((id, at, all) => id !== '(none)' || at < all.length - 1);
  const poison = ends[0] ?? '';
  if (!poison.startsWith('5a1f')) problems.push(`the worker's first run ended on "${poison}", not on the 5a1f… export`);
  if (ends.length < 2 || ends.some((id) => id !== poison)) problems.push(`the runs of the worker's log end on ${ends.join(', ')}, not all on one export`);
  const root = await httpCode(sitePort, '/');
  if (root !== 200) problems.push(`GET / answered ${root}`);
  if (problems.length) throw new Error(problems.join('\n'));
  return `web ${statuses.web}; worker ${statuses.worker}; RestartCount ${first.restarts} -> ${later.restarts}, exit ${later.exitCode}, OOMKilled ${later.oomKilled}; ${ends.length} runs, each ending on ${poison.slice(0, 8)}…; LLEN ${depth} -> ${depthLater}`;
}

/**
 * The card's fix, as a learner types it: stop the loop, move the delivery `unacked` holds (the
 * poison export) into a key of its own, start, policy back. The worker is stopped before its
 * policy changes: an update that meets the worker dying fails ("container not running").
 */
const CARD_FIX = [
  'docker stop worker',
  'docker update --restart no worker',
  'tag=$(docker exec redis redis-cli HKEYS unacked)',
  `docker exec redis sh -c "redis-cli HGET unacked $tag | redis-cli -x RPUSH exports.dead-letter"`,
  'docker exec redis redis-cli HDEL unacked $tag',
  'docker exec redis redis-cli ZREM unacked_index $tag',
  'docker start worker',
  'docker update --restart unless-stopped worker',
].join(' && ');

/** poison-loop: one export crashes the hardened worker every time it is delivered again. */
export const poisonLoop: PlaythroughScript = {
  statement: ['worker', 'poison-message'],
  brokenState,
  failingBeforeFix: ['poison-quarantined', 'worker-stable', 'backlog-drained'],
  wrongFix: {
    name: 'clear the stuck job (DEL unacked), restart the worker',
    command: 'docker exec redis redis-cli DEL unacked unacked_index && docker restart worker',
    failing: ['poison-quarantined'],
    ruleBreak: /DEL unacked/,
  },
  fix: { command: CARD_FIX, recorded: 8 },
  afterFix: async () => {
    const depth = await queueLength();
    if (depth > 3) throw new Error(`LLEN celery is ${depth} after the drain`);
    const aside = await dockerCli('exec', 'redis', 'redis-cli', 'LRANGE', 'exports.dead-letter', '0', '-1');
    if (!aside.out.includes('"id": "5a1f')) throw new Error(`exports.dead-letter does not hold the 5a1f… export: ${aside.out.slice(0, 200)}`);
    const runs = await workerRuns();
    return `LLEN celery now ${depth}; exports.dead-letter holds the 5a1f… export; worker ${runs.status}`;
  },
};

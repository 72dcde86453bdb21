import type { ContainerEvent } from '../../../observe/container-view.js';
import type { JudgeContext } from '../../../scenario/judge.js';
import type { Baseline } from '../baseline.js';
import type { ContainerName, Snapshot } from '../observe/snapshot.js';
import { type Verdict, verdict } from './verdict.js';

/** Events that only a person (or a tool they ran) sends to a container, strongest first, in words. */
const BY_HAND: ReadonlyArray<[string, string]> = [
  ['destroy', 'removed'],
  ['restart', 'restarted'],
  ['stop', 'stopped'],
  ['kill', 'sent a signal'],
  ['pause', 'paused'],
];

/** What someone did to one container since `up`, from its events and its identity. Pure. */
export function handledSince(name: ContainerName, snapshot: Snapshot, recorded: { id: string; startedAt: string }): string | undefined {
  const view = snapshot.containers[name];
  if (!view.exists) return `${name} was removed`;
  if (view.id !== recorded.id) return `${name} was recreated (a new container id)`;
  const actions = new Set(snapshot.events.filter((event: ContainerEvent) => event.name === name).map((event) => event.action));
  const done = BY_HAND.find(([action]) => actions.has(action));
  return done ? `${name} was ${done[1]} by hand since the hand-over` : undefined;
}

/**
 * Criterion 4: the fix touched nothing else: redis not restarted or flushed (it holds the jobs that
 * survived), web and worker not restarted by hand, the ledger intact. A worker that died on its own
 * (a write Redis refused) and was started again is not counted against the learner.
 */
export function judgeNothingElseDamaged(snapshot: Snapshot, baseline: Baseline, _context: JudgeContext): Verdict {
  const problems: string[] = [];
  const calls = snapshot.broker.commandCalls ?? {};
  if (snapshot.broker.reachable && snapshot.broker.runId && snapshot.broker.runId !== baseline.redis.runId)
    problems.push('redis restarted since the hand-over (a new run_id): what it held only in memory, settings made with CONFIG SET included, is gone');
  const flushes = (calls.flushall ?? 0) + (calls.flushdb ?? 0);
  if (flushes > 0) problems.push(`Redis ran FLUSHALL/FLUSHDB ${flushes} time(s): every key it held, the queued jobs included, was erased`);
  for (const name of ['redis', 'web', 'worker'] as const) {
    const handled = handledSince(name, snapshot, baseline[name]);
    if (handled && !(name === 'redis' && problems.length > 0 && handled.includes('restart'))) problems.push(handled);
  }
  const ledger = snapshot.web.reachable ? snapshot.web.ledger : undefined;
  if (ledger) {
    const inLedger = new Set(ledger.map((entry) => entry.id));
    const wiped = baseline.busyHour.acceptedIds.filter((id) => !inLedger.has(id)).length;
    if (wiped > 0) problems.push(`${wiped} of the busy hour's exports are missing from the ledger itself: the record of accepted work was wiped`);
  }
  const deletes = (['del', 'unlink', 'lrem', 'ltrim', 'lpop', 'rpop'] as const).filter((command) => (calls[command] ?? 0) > 0);
  const evidence = [
    problems.length === 0 ? 'redis, web and worker are the containers the outage began with, none stopped or restarted by hand; no FLUSHALL or FLUSHDB' : '',
    deletes.length > 0
      ? `Redis has counted ${deletes.map((command) => `${command.toUpperCase()} × ${calls[command]}`).join(', ')} since it started (every client's, kombu's own included)`
      : '',
  ].filter(Boolean);
  if (problems.length === 0) return verdict('nothing-else-damaged', true, evidence);
  return verdict('nothing-else-damaged', false, [...problems, ...evidence], {
    hint: 'The outage needed a change to one setting, not a restart: restarting or flushing redis throws away what it still held, and restarting web or worker changes nothing about where the exports went. `async-outage-lab reset` sets the same outage up again.',
  });
}

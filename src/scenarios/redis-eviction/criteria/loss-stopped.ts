import type { JudgeContext } from '../../../scenario/judge.js';
import type { Baseline } from '../baseline.js';
import type { Snapshot } from '../observe/snapshot.js';
import { accountExports } from './account.js';
import { lossStoppedHalves, mib } from './headroom.js';
import { type Verdict, verdict } from './verdict.js';

/**
 * Criterion 2: Redis no longer throws keys away (policy noeviction) AND has room for what it must
 * still take. The policy alone turns silent loss into refused writes; room alone only delays the
 * next eviction. The evidence says which half is missing.
 */
export function judgeLossStopped(snapshot: Snapshot, baseline: Baseline, _context: JudgeContext): Verdict {
  const memory = snapshot.memory;
  if (!memory)
    return verdict('loss-stopped', false, [`Redis could not be read: ${snapshot.broker.error ?? 'no reply'}`], {
      hint: '`docker ps -a` and `docker logs redis` show whether redis is up.',
    });
  const halves = lossStoppedHalves(memory, accountExports(snapshot, baseline));
  const evidence = [
    `maxmemory-policy ${memory.policy}; used ${mib(memory.usedMemory)} of ${memory.maxmemory === 0 ? 'no limit' : mib(memory.maxmemory)}`,
    `room needed for the exports still to run and a burst of new ones: about ${mib(halves.needed)}; free: ${mib(halves.free)}`,
    `evicted_keys ${memory.evictedKeys} (${memory.evictedKeys - baseline.busyHour.evictedKeys >= 0 ? `+${memory.evictedKeys - baseline.busyHour.evictedKeys}` : 'reset by a restart'} since the hand-over); writes refused for memory since redis started: ${memory.oomRefusals}`,
  ];
  if (halves.policy && halves.headroom)
    return verdict('loss-stopped', true, evidence, {
      lesson:
        'CONFIG SET lasts until redis restarts: the command line it was started with (`docker inspect redis`) still says otherwise. Write the lasting fix into its configuration for the next planned restart; restarting it now would drop what it holds.',
    });
  if (!halves.policy && !halves.headroom) {
    return verdict('loss-stopped', false, ['both halves are missing: Redis still evicts, and it has no room', ...evidence], {
      hint: 'Redis is configured as a cache would be. `docker exec redis redis-cli CONFIG GET maxmemory*` shows how; `INFO stats` counts what it threw away.',
    });
  }
  if (!halves.policy) {
    return verdict('loss-stopped', false, [`there is room now, but under pressure Redis will evict again (${memory.policy})`, ...evidence], {
      hint: 'Room alone only postpones the next eviction: the results keep growing. What does Redis do when memory runs out? `CONFIG GET maxmemory-policy`.',
    });
  }
  return verdict(
    'loss-stopped',
    false,
    [
      memory.oomRefusals > 0
        ? `Redis no longer evicts, but it has no room: it has refused ${memory.oomRefusals} write${memory.oomRefusals === 1 ? '' : 's'} for memory (the web answers errors, the worker cannot store results)`
        : 'Redis no longer evicts, but it has too little room: a write that does not fit is refused (the web answers it with an error, the worker cannot store its result)',
      ...evidence,
    ],
    {
      hint: 'The policy is right; now the memory. `INFO memory` shows used_memory against maxmemory; what must fit is every waiting export and its result.',
    },
  );
}

import { acceptedExports, finishedExports, idsInRedis, redisCli, redisInfoNumber } from '../../explore/stack-view.js';
import { httpCode, psStatuses, queueLength } from '../learner.js';
import type { PlaythroughScript } from '../script.js';

/** Accepted exports (the web's ledger) that are neither finished nor anywhere in Redis, read in that order. */
async function missingExports(): Promise<{ accepted: number; missing: number }> {
  const accepted = await acceptedExports();
  const inRedis = await idsInRedis();
  const files = await finishedExports();
  return { accepted: accepted.size, missing: [...accepted.keys()].filter((id) => !files.has(id) && !inRedis.has(id)).length };
}

const policy = async () => (await redisCli('CONFIG', 'GET', 'maxmemory-policy')).split('\n')[1] ?? '';

/** redis-eviction: every container is up and the site answers, while Redis, run as a cache, evicts accepted exports. */
export const redisEviction: PlaythroughScript = {
  statement: ['redis', 'evicting-keys'],
  brokenState: async (sitePort) => {
    const statuses = await psStatuses();
    const problems = ['web', 'redis', 'worker'].filter((name) => !/^Up /.test(statuses[name] ?? '')).map((name) => `${name} is "${statuses[name]}", not Up`);
    const evicted = (await redisInfoNumber('stats', 'evicted_keys')) ?? 0;
    if (evicted <= 0) problems.push('INFO stats shows evicted_keys 0');
    const seenPolicy = await policy();
    if (seenPolicy !== 'allkeys-lru') problems.push(`maxmemory-policy is "${seenPolicy}", not allkeys-lru`);
    const { accepted, missing } = await missingExports();
    if (missing === 0) problems.push(`all ${accepted} accepted exports are finished or in Redis`);
    const depth = await queueLength();
    const root = await httpCode(sitePort, '/');
    const posted = await httpCode(sitePort, '/exports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"rows":120}' });
    if (root !== 200) problems.push(`GET / answered ${root}`);
    if (posted !== 202) problems.push(`POST /exports answered ${posted}`);
    if (problems.length) throw new Error(problems.join('\n'));
    return `all Up; evicted_keys ${evicted}; ${seenPolicy}; LLEN ${depth}; ${missing} of ${accepted} accepted exports nowhere; GET / ${root}, POST /exports ${posted}`;
  },
  failingBeforeFix: ['loss-stopped', 'loss-recovered', 'drains-and-holds'],
  wrongFix: {
    name: 'FLUSHALL to free Redis',
    command: 'docker exec redis redis-cli FLUSHALL',
    failing: ['loss-stopped', 'loss-recovered', 'nothing-else-damaged'],
    ruleBreak: /FLUSHALL/,
  },
  fix: {
    command:
      // Room first: the policy first leaves a full Redis refusing writes until the room comes, and
      // a worker storing a result then dies of it (real, but it would make this script's grade a race).
      'docker exec redis redis-cli CONFIG SET maxmemory 64mb && docker exec redis redis-cli CONFIG SET maxmemory-policy noeviction && docker exec web redrive-exports',
    recorded: 3,
  },
  afterFix: async () => {
    const evicted = await redisInfoNumber('stats', 'evicted_keys');
    const { accepted, missing } = await missingExports();
    const depth = await queueLength();
    const problems = [
      (await policy()) !== 'noeviction' ? 'maxmemory-policy is not noeviction' : '',
      missing > 0 ? `${missing} of ${accepted} accepted exports are nowhere` : '',
      depth > 3 ? `LLEN celery is ${depth} after the drain` : '',
    ].filter(Boolean);
    if (problems.length) throw new Error(problems.join('\n'));
    return `noeviction; evicted_keys ${evicted}; all ${accepted} accepted exports finished or in Redis; LLEN celery ${depth}`;
  },
};

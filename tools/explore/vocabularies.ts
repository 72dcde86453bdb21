import { identity, judgeOutcome, queueReachesZero } from './oracle.js';
import { randomPath } from './random-path.js';

/**
 * What the randomized learner needs of one outage: its vocabulary of actions, an oracle written
 * apart from the outage's criteria (from outcomes only), and the root cause to state.
 */
const vocabularies = {
  'worker-oom': { randomPath, identity, judgeOutcome, queueReachesZero, statement: ['--component', 'worker', '--cause', 'oom-killed'] },
};

/** The vocabulary of that outage, or exit 2 naming the outages that have one. */
export function vocabularyFor(id: string) {
  const found = (vocabularies as Record<string, (typeof vocabularies)['worker-oom']>)[id];
  if (found) return found;
  process.stderr.write(`error: no randomized learner for "${id}" yet; it knows ${Object.keys(vocabularies).join(', ')}\n`);
  process.exit(2);
}

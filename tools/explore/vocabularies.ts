import { partitionedWorkerVocabulary } from './partitioned-worker/index.js';
import { poisonLoopVocabulary } from './poison-loop/index.js';
import { redisEvictionVocabulary } from './redis-eviction/index.js';
import type { Vocabulary } from './vocabulary.js';
import { workerOomVocabulary } from './worker-oom/index.js';

/** An outage's vocabulary, its `before` type forgotten: main.ts only passes it from observe to judge. */
const erased = <Before>(vocabulary: Vocabulary<Before>) => vocabulary as unknown as Vocabulary;

/** Each outage's randomized learner, by scenario id. */
const vocabularies: Record<string, Vocabulary> = {
  'worker-oom': erased(workerOomVocabulary),
  'redis-eviction': erased(redisEvictionVocabulary),
  'poison-loop': erased(poisonLoopVocabulary),
  'partitioned-worker': erased(partitionedWorkerVocabulary),
};

/** The vocabulary of that outage, or exit 2 naming the outages that have one. */
export function vocabularyFor(id: string): Vocabulary {
  const found = vocabularies[id];
  if (found) return found;
  process.stderr.write(`error: no randomized learner for "${id}" yet; it knows ${Object.keys(vocabularies).join(', ')}\n`);
  process.exit(2);
}

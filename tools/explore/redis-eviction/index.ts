import { identity } from '../stack-view.js';
import type { Vocabulary } from '../vocabulary.js';
import { type Before, judgeOutcome, observeBefore } from './oracle.js';
import { randomPath } from './random-path.js';

export const redisEvictionVocabulary: Vocabulary<Before> = {
  statement: ['--component', 'redis', '--cause', 'evicting-keys'],
  randomPath,
  observe: async () => observeBefore(await identity()),
  judge: judgeOutcome,
};

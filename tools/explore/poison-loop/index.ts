import type { Vocabulary } from '../vocabulary.js';
import { judgePoison, observePoison, type PoisonBefore } from './oracle.js';
import { randomPath } from './random-path.js';

export const poisonLoopVocabulary: Vocabulary<PoisonBefore> = {
  statement: ['--component', 'worker', '--cause', 'poison-message'],
  randomPath,
  observe: observePoison,
  judge: judgePoison,
};

import { identity } from '../stack-view.js';
import type { Vocabulary } from '../vocabulary.js';
import { judgeOutcome } from './oracle.js';
import { randomPath } from './random-path.js';

export const partitionedWorkerVocabulary: Vocabulary<Awaited<ReturnType<typeof identity>>> = {
  statement: ['--component', 'worker', '--cause', 'lost-network'],
  randomPath,
  observe: identity,
  judge: judgeOutcome,
};

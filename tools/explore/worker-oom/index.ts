import { identity, queueReachesZero } from '../stack-view.js';
import type { Vocabulary } from '../vocabulary.js';
import { judgeOutcome } from './oracle.js';
import { randomPath } from './random-path.js';

export const workerOomVocabulary: Vocabulary<Awaited<ReturnType<typeof identity>>> = {
  statement: ['--component', 'worker', '--cause', 'oom-killed'],
  backlog: 200,
  randomPath,
  observe: identity,
  judge: async (before) => judgeOutcome(before, await queueReachesZero()),
};

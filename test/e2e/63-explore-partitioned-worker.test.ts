import { describe } from 'vitest';
import { exploreTest } from './explore-run.js';

describe('partitioned-worker: randomized learner', () => {
  exploreTest('partitioned-worker', '2');
});

import { describe } from 'vitest';
import { exploreTest } from './explore-run.js';

describe('randomized learner', () => {
  exploreTest('worker-oom');
});

import { describe } from 'vitest';
import { playthroughTest } from './playthrough-run.js';

describe('partitioned-worker: scripted playthrough', () => {
  playthroughTest('partitioned-worker');
});

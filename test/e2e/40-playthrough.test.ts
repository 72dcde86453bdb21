import { describe } from 'vitest';
import { playthroughTest } from './playthrough-run.js';

describe('scripted playthrough', () => {
  playthroughTest('worker-oom');
});

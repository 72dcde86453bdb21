import { describe, expect, it } from 'vitest';
import { judgeSiteAnswers } from '../../src/scenarios/worker-oom/criteria/site-answers.js';
import { brokenSnapshot, labBaseline } from '../../fixtures/snapshots/lab.js';

describe('site-answers (toy)', () => {
  it('passes when the front page answered 200', () => {
    expect(judgeSiteAnswers(brokenSnapshot(), labBaseline(), { waited: false }).passed).toBe(true);
  });
});

import { WEB_REDIS_UNTOUCHED_TITLE } from '../../../kits/celery-redis/criteria/web-redis-untouched.js';
import { verdictBuilder } from '../../../scenario/verdict.js';

export const criterionIds = ['root-cause', 'web-redis-untouched', 'no-job-discarded', 'worker-reconnected', 'backlog-drained'] as const;
export type CriterionId = (typeof criterionIds)[number];

/** The line each criterion prints, in the order `check` judges them. */
export const criterionTitles: Record<CriterionId, string> = {
  'root-cause': 'Root cause stated',
  'web-redis-untouched': WEB_REDIS_UNTOUCHED_TITLE,
  'no-job-discarded': 'No accepted export thrown away',
  'worker-reconnected': 'Worker consuming the queue again',
  'backlog-drained': 'Backlog drained',
};

/** Builds one of this outage's verdicts (the engine's builder, with these titles). */
export const verdict = verdictBuilder(criterionTitles);
export type { Verdict } from '../../../scenario/verdict.js';
